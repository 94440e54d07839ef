"""Title, company and location from a page's own evidence when it has no structured data.

The fixtures are written here: a generated one-block posting with a lead sentence,
a board whose header names the employer only in a ``data-*`` attribute, and
<title>s that carry the site's name and "Job in <place>".
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from monitor.extract import extract_posting

_BODY = (
    "<div class='text'>Who we are: {company} repairs rolling stock for three regional lines. "
    "What you will do: • Inspect bogies and brake gear on every shift • Log defects in the fleet system "
    "• Train apprentices on safe isolation What you bring: • 3+ years of experience as a rail fitter "
    "• A current trade certificate • Willingness to work nights</div>"
)


def _run_on(company: str, title: str, place: str, site: str, sep: str) -> str:
    return (
        f"<html><head><title>{title}{sep}{company}{sep}{site}</title></head><body><div class='card'>"
        f"<p>{company} is hiring a {title} in {place}. Seniority: Mid-level.</p>"
        f"<p>About this {title} opening at {company}</p>{_BODY.format(company=company)}"
        "<p>Heads up: you will finish your application on the employer's own site.</p></div></body></html>"
    )


def test_run_on_posting_reads_fields_from_its_lead_sentence() -> None:
    html = _run_on("Ridgeway Rail", "Rolling Stock Fitter", "Derby, UK", "Tracktime Jobs", " · ")
    reading = extract_posting(html, "http://board.example/job/1")
    p = reading.posting
    assert reading.usable
    assert (p.title, p.company, p.location) == ("Rolling Stock Fitter", "Ridgeway Rail", "Derby, UK")
    kinds = {s.kind: s.bullets for s in p.sections if s.bullets}
    assert kinds["responsibilities"][0] == "Inspect bogies and brake gear on every shift"
    assert "A current trade certificate" in kinds["requirements"]


@settings(max_examples=30, deadline=None)
@given(
    company=st.sampled_from(["Ridgeway Rail", "Okapi Foods", "Nordlys Energi", "Blue Heron Labs"]),
    title=st.sampled_from(["Rolling Stock Fitter", "Data Analyst, Trust & Safety", "Engineer II - Payments"]),
    place=st.sampled_from(["Derby, UK", "Singapore", "Remote - Europe", "Austin, TX"]),
    site=st.sampled_from(["Tracktime Jobs", "WorkPort", "Hirehub Careers"]),
    sep=st.sampled_from([" · ", " | ", " – "]),
)
def test_any_generated_lead_reads_the_same(company: str, title: str, place: str, site: str, sep: str) -> None:
    p = extract_posting(_run_on(company, title, place, site, sep), "http://board.example/job/1").posting
    assert (p.title, p.company, p.location) == (title, company, place)
    assert p.company != site


def test_employer_named_only_in_a_data_attribute_and_no_job_in_place() -> None:
    html = (
        "<html><head><title>Night Baker Job in Bristol - Ovenboard</title>"
        "<meta property='og:site_name' content='Ovenboard'></head><body>"
        "<header><a href='/' data-automation='company logo'>Ovenboard</a>"
        "<a href='/companies' data-automation='company reviews'>Companies</a></header>"
        "<h1 data-automation='job-title'>Night Baker</h1>"
        "<a href='/co/77' data-automation='advertiser-name'>Crumb &amp; Co</a>"
        "<span data-automation='job-detail-location'>Bristol BS1</span>"
        "<button>Apply on company site</button>"
        "<div><h2>What you'll do</h2><ul><li>Mix and shape dough for the morning run</li>"
        "<li>Keep the ovens and the proving room clean</li></ul>"
        "<h2>What we ask</h2><ul><li>A year in a commercial bakery</li><li>A food hygiene certificate</li></ul>"
        "<p>We bake bread for forty cafes across the city and we start at four in the morning.</p></div>"
        "</body></html>"
    )
    p = extract_posting(html, "http://board.example/job/77").posting
    assert p.title == "Night Baker"
    assert p.company == "Crumb & Co"
    assert p.location == "Bristol BS1"
    assert any(s.kind == "requirements" and "A food hygiene certificate" in s.bullets for s in p.sections)


def test_title_loses_at_company() -> None:
    html = (
        "<html><head><title>Welder at Forge Works | Steelboard</title></head><body>"
        "<div><p>Forge Works builds bridges. Forge Works is hiring welders for the night shift in Leeds.</p>"
        "<h2>Requirements</h2><ul><li>Three years of MIG welding</li><li>A coded welding ticket</li></ul>"
        "<p>We are a family firm with sixty people and a workshop by the canal, open since 1952.</p></div>"
        "</body></html>"
    )
    p = extract_posting(html).posting
    assert p.title == "Welder"
    assert p.company == "Forge Works"


def test_an_ats_page_names_its_employer_in_its_url() -> None:
    html = (
        "<html><head><title>Tree Surgeon</title></head><body><h1>Tree Surgeon</h1>"
        "<div><p>At Oak &amp; Ash Arborists we look after the city's street trees and parks.</p>"
        "<h2>Requirements</h2><ul><li>A chainsaw ticket</li><li>Aerial rescue training</li></ul>"
        "<p>We are a crew of twelve climbers working across the whole county all year.</p></div></body></html>"
    )
    url = "https://ats.example/oakasharborists/0f8e7d6c-5b4a-4321-9abc-def012345678"
    assert extract_posting(html, url).posting.company == "Oak & Ash Arborists"
    assert extract_posting(html, "https://ats.example/jobs/view/1234567").posting.company != "Oak & Ash Arborists"
