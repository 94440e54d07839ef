"""Reading postings the way boards serve them: fields, every bullet, no furniture, closed and non-posting pages."""

from __future__ import annotations

import json
import time

import pagekit as pk
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import monitor.extract as extract
import monitor.extract.blocks as blocks
from monitor.extract import extract_posting, read_page
from monitor.extract.volatile import comparison_key
from monitor.models import Posting

IDS = [p.file for p in pk.POSTINGS]


def _all_text(posting: Posting) -> str:
    return "\n".join(t for s in posting.sections for t in [s.heading, *s.paragraphs, *s.bullets])


def _bullet_keys(posting: Posting) -> set[str]:
    return {comparison_key(b) for s in posting.sections for b in s.bullets}


# --------------------------------------------------------------------------------------------- fields


@pytest.mark.parametrize("page", pk.POSTINGS, ids=IDS)
def test_fields(page: pk.Page) -> None:
    reading = page.read()
    posting = reading.posting
    assert reading.usable and not reading.closed and not reading.listing
    assert (posting.title, posting.company, posting.location) == (page.title, page.company, page.location)
    assert posting.pay == page.pay
    if page.workplace:
        assert posting.workplace == page.workplace


@pytest.mark.parametrize("page", pk.POSTINGS, ids=IDS)
def test_every_bullet_kept(page: pk.Page) -> None:
    """A dropped bullet would later read as a false "requirement removed"."""
    keys = _bullet_keys(page.read().posting)
    missing = [b for b in page.bullets if comparison_key(b) not in keys]
    assert not missing


@pytest.mark.parametrize("page", pk.POSTINGS, ids=IDS)
def test_no_furniture_in_sections(page: pk.Page) -> None:
    text = _all_text(page.read().posting)
    assert not [f for f in page.furniture if f in text]
    assert "Accept All Cookies" not in text


@pytest.mark.parametrize("page", pk.POSTINGS, ids=IDS)
def test_noise_versions_read_the_same(page: pk.Page) -> None:
    base = page.read().posting
    for name, text in pk.noise_versions(page):
        got = page.read(text).posting
        fields = (got.title, got.company, got.location, got.pay, got.workplace)
        assert fields == (base.title, base.company, base.location, base.pay, base.workplace), name
        assert _bullet_keys(got) == _bullet_keys(base), name
        assert "cookies" not in _all_text(got) and "job alert" not in _all_text(got), name


def test_sections_sorted_by_heading_kind() -> None:
    posting = pk.GREENHOUSE.read().posting
    kinds = {b: s.kind for s in posting.sections for b in s.bullets}
    assert kinds["Own the invoicing service end to end, from data model to on-call"] == "responsibilities"
    assert kinds["Familiarity with double-entry ledgers"] == "requirements"
    linkedin = {b: s.kind for s in pk.LINKEDIN.read().posting.sections for b in s.bullets}
    assert linkedin["Strong Kotlin or Java skills"] == "requirements"
    assert linkedin["Own the performance of the routing service in production"] == "responsibilities"


def test_smartrecruiters_job_description_bullets_sorted_by_content() -> None:
    """Duties under a heading that names no kind ("Job Description") are still responsibilities."""
    posting = pk.SMARTRECRUITERS.read().posting
    assert "Diagnose and repair faults on site, often the same day" in posting.section_items(
        "responsibilities"
    )
    assert "Fluent Dutch and good English" in posting.section_items("requirements")
    assert "Vantor designs and services dialysis machines used in 600 clinics across Europe." in (
        posting.section_items("description")
    )


def test_header_facts() -> None:
    assert pk.LEVER.read().posting.employment_type == "full-time"
    assert pk.LINKEDIN.read().posting.employment_type == "full-time"
    assert pk.WORKDAY.read().posting.job_id == "R-204817"


# --------------------------------------------------------------------------------------------- JSON answers


def test_json_without_json_content_type() -> None:
    page = pk.WORKDAY
    assert extract_posting(page.text(), "https://x.example/job", "text/plain").posting.title == page.title


def test_json_that_holds_no_posting_is_not_usable() -> None:
    reading = extract_posting('{"status": "ok", "items": []}', "https://x.example/api", "application/json")
    assert not reading.usable


def test_broken_json_with_json_type_is_not_usable() -> None:
    assert not extract_posting("{not json", "https://x.example/api", "application/json").usable


def test_schema_org_json_answer() -> None:
    data = {
        "@context": "https://schema.org",
        "@type": "JobPosting",
        "title": "Line Cook",
        "description": "<p>Cook on the line.</p><ul><li>Prep vegetables daily</li><li>Keep the station clean</li></ul>",
        "hiringOrganization": {"name": "Saltmarsh Bistro"},
        "jobLocation": {"address": {"addressLocality": "Portland", "addressRegion": "ME"}},
        "baseSalary": {"currency": "USD", "value": {"minValue": 18, "maxValue": 22, "unitText": "HOUR"}},
    }
    posting = extract_posting(json.dumps(data), "", "application/json").posting
    assert (posting.title, posting.company, posting.location) == (
        "Line Cook",
        "Saltmarsh Bistro",
        "Portland, ME",
    )
    assert posting.pay == pk.P(18, 22, "USD", "hour")
    assert "Prep vegetables daily" in posting.section_items("responsibilities")


def test_ashby_style_api_answer() -> None:
    data = {
        "jobs": [
            {
                "title": "Solutions Engineer",
                "locationName": "Remote (Canada)",
                "isRemote": True,
                "employmentType": "FullTime",
                "descriptionHtml": "<h2>Responsibilities</h2><ul><li>Run technical demos for prospects</li>"
                "<li>Scope integrations with customer IT teams</li></ul>",
                "compensation": {"compensationTierSummary": "CA$120K – CA$140K"},
            }
        ],
        "organization": {"name": "Gridwise"},
    }
    posting = extract_posting(json.dumps(data), "", "application/json").posting
    assert (posting.title, posting.company, posting.location) == (
        "Solutions Engineer",
        "Gridwise",
        "Remote (Canada)",
    )
    assert posting.workplace == "remote"
    assert posting.pay == pk.P(120000, 140000, "CAD", "year")
    assert posting.section_items("responsibilities") == [
        "Run technical demos for prospects",
        "Scope integrations with customer IT teams",
    ]


# --------------------------------------------------------------------------------------------- closed and not a posting


@pytest.mark.parametrize("name", pk.CLOSED)
def test_closed_pages(name: str) -> None:
    assert pk.read_file(name).closed


def test_closed_banner_above_full_posting() -> None:
    reading = pk.LINKEDIN.read(pk.apply(pk.LINKEDIN.text(), pk.LINKEDIN_CLOSED))
    assert reading.closed
    assert reading.posting.title == pk.LINKEDIN.title


def test_closed_notice_in_a_banner_box_is_not_furniture() -> None:
    html = pk.GREENHOUSE.text().replace(
        '<div id="content">',
        '<div class="job-banner toast">This position has been filled.</div><div id="content">',
    )
    assert extract_posting(html).closed


@pytest.mark.parametrize(
    "sentence",
    [
        "Applications will be reviewed on a rolling basis until the position is filled.",
        "This posting will remain open until the role has been filled.",
        "We will contact candidates once the position is filled.",
    ],
)
def test_conditional_closure_is_not_closed(sentence: str) -> None:
    html = pk.GREENHOUSE.text().replace(
        "<p><strong>About the role</strong></p>", f"<p>{sentence}</p><p><strong>About the role</strong></p>"
    )
    reading = extract_posting(html)
    assert not reading.closed and reading.usable


@pytest.mark.parametrize("name", pk.NOT_A_POSTING)
def test_pages_that_are_not_postings(name: str) -> None:
    reading = pk.read_file(name)
    assert not reading.usable and not reading.closed
    assert any("maintenance" in note for note in reading.notes)


def test_listing_page() -> None:
    text = (pk.PAGES / pk.LISTING).read_text(encoding="utf-8")
    quiet = text.replace('<div id="flash_pending">The job you are looking for is no longer open.</div>', "")
    for html in (text, quiet):
        reading = pk.read_file(pk.LISTING, html)
        assert reading.listing and not reading.usable


def test_postings_are_not_listings() -> None:
    """A posting with a long "similar jobs" list is still a posting."""
    html = pk.INDEED.text().replace(
        '<ul><li><a href="/q-dental',
        "<ul>"
        + "".join(f'<li><a href="/job/{n}">Dental Assistant {n}</a></li>' for n in range(12))
        + '<li><a href="/q-dental',
    )
    reading = pk.INDEED.read(html)
    assert reading.usable and not reading.listing


# --------------------------------------------------------------------------------------------- garbage in


def _timed(text: str) -> tuple[extract.PageReading, float]:
    start = time.perf_counter()
    reading = extract_posting(text)
    return reading, time.perf_counter() - start


@pytest.mark.parametrize("text", ["", "   ", "\x00\x01\x02", "<", "<html>", "{", "[1, 2", "null"])
def test_tiny_garbage(text: str) -> None:
    assert not extract_posting(text).usable


def test_binary_junk() -> None:
    reading, took = _timed(bytes(range(256)).decode("latin-1") * 1000)
    assert not reading.usable and took < 3


def test_five_megabytes_of_nested_divs() -> None:
    html = (
        "<html><head><title>Deep</title></head><body>"
        + "<div>" * 1_000_000
        + "deep text"
        + "</div>" * 5
        + "</body></html>"
    )
    reading, took = _timed(html)
    assert not reading.usable and took < 5


def test_nested_posting_survives_depth_capping() -> None:
    inner = pk.GREENHOUSE.text().split("<body>")[1].split("</body>")[0]
    html = (
        "<html><head><title>x</title></head><body>"
        + "<div>" * 400
        + inner
        + "</div>" * 400
        + "</body></html>"
    )
    posting = extract_posting(html).posting
    assert posting.title == pk.GREENHOUSE.title
    assert {comparison_key(b) for b in pk.GREENHOUSE.bullets} <= _bullet_keys(posting)


def test_ten_thousand_list_items() -> None:
    items = "".join(f"<li>Requirement number {i} for this role</li>" for i in range(10_000))
    html = f"<html><head><title>Big - Acme</title></head><body><h1>Big</h1><h2>Requirements</h2><ul>{items}</ul></body></html>"
    reading, took = _timed(html)
    assert len(reading.posting.section_items("requirements")) == 10_000 and took < 5


def test_one_parse_per_page(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    real = blocks.parse_html

    def counting(html: str, **kw: bytes | None) -> object:
        calls.append(len(html))
        return real(html, **kw)

    monkeypatch.setattr(extract, "parse_html", counting)
    monkeypatch.setattr(blocks, "parse_html", counting)
    read_page(pk.GREENHOUSE.text())
    assert len(calls) == 1


@pytest.mark.parametrize(
    "notice",
    ["This job is unavailable.", "Acme is no longer hiring for this role.", "This job has expired"],
)
def test_more_ways_to_say_closed(notice: str) -> None:
    html = pk.GREENHOUSE.text().replace(
        '<div id="content">', f'<div class="notice">{notice}</div><div id="content">'
    )
    assert extract_posting(html).closed


def test_consent_box_named_only_inside_a_longer_id() -> None:
    box = (
        '<div id="CybotCookiebotDialog"><p>This website uses cookies. We use cookies to personalise content and '
        "ads.</p><p>Necessary · Preferences · Statistics · Marketing</p></div>"
    )
    html = pk.GREENHOUSE.text().replace(
        "<p><strong>About the role</strong></p>", box + "<p><strong>About the role</strong></p>"
    )
    text = _all_text(extract_posting(html).posting)
    assert "Marketing" not in text and "cookies" not in text


def test_structured_title_matches_a_longer_heading() -> None:
    html = pk.JSONLD_MESSY.text().replace(
        "<h1>Software Engineer, Maps Rendering</h1>", "<h1>Software Engineer, Maps Rendering (Hybrid)</h1>"
    )
    posting = pk.JSONLD_MESSY.read(html).posting
    assert posting.title == pk.JSONLD_MESSY.title
    assert "Seattle, WA" not in _all_text(posting)  # the header line is not read as posting text


def test_pictograms_before_header_facts() -> None:
    html = (
        "<html><head><title>Barista | Beanline Jobs</title></head><body><h1>Barista</h1>"
        "<p>📍 Portland, OR</p><p>🕒 Part-time</p>"
        "<h2>Responsibilities</h2><ul><li>Prepare espresso drinks to our recipes</li><li>Keep the bar clean</li></ul>"
        "<h2>Requirements</h2><ul><li>6 months of cafe experience</li><li>Weekend availability</li></ul>"
        "<p>Beanline roasts coffee in Portland and runs nine cafes across the Pacific Northwest region.</p></body></html>"
    )
    posting = extract_posting(html).posting
    assert (posting.location, posting.employment_type) == ("Portland, OR", "part-time")


def test_structured_pay_without_a_unit() -> None:
    data = {
        "@type": "JobPosting",
        "title": "Analyst",
        "description": "<p>" + "Analyse data. " * 30 + "</p>",
        "baseSalary": {"currency": "USD", "value": {"minValue": 90000, "maxValue": 110000}},
    }
    assert extract_posting(json.dumps(data)).posting.pay == pk.P(90000, 110000, "USD", "year")


def test_title_whose_words_sound_like_a_section_is_still_the_title() -> None:
    page = """<html><head><title>Staff Engineer, Developer Experience - Acme Corp</title></head><body>
    <h1>Staff Engineer, Developer Experience</h1><p>Acme Corp · Remote</p>
    <h2>Responsibilities</h2><ul><li>Own the build system</li><li>Speed up CI for 400 engineers</li></ul>
    <h2>Requirements</h2><ul><li>8+ years of software engineering experience</li><li>Deep Bazel knowledge</li></ul>
    </body></html>"""
    posting = read_page(page).posting
    assert posting.title == "Staff Engineer, Developer Experience"
    assert any(s.kind == "requirements" and "8+ years" in " ".join(s.bullets) for s in posting.sections)


def test_unclosed_angle_brackets_do_not_take_quadratic_time() -> None:
    import time

    start = time.perf_counter()
    reading = extract_posting("a<b" * 100_000)
    assert time.perf_counter() - start < 5  # was ~34 s before the tag scan stopped rescanning
    assert not reading.usable


_HEADING_VOCAB = [
    "Similar", "similar", "jobs", "Jobs", "roles", "positions", "openings", "opportunities", "postings",
    "vacancies", "searches", "People", "also", "who", "viewed", "applied", "You", "may", "might", "like",
    "be interested", "for you", "near", "More", "other", "at", "explore", "Recommended", "more like this",
    "related to this", "job", "role", "Requirements", "About", "the", "team", "ſimilar", "JOBS", "\n", "  ",
]  # fmt: skip


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(_HEADING_VOCAB), max_size=6), st.sampled_from([" ", "", "  "]))
def test_the_recommendations_heading_pre_check_agrees_with_the_pattern(words: list[str], sep: str) -> None:
    text = sep.join(words)
    assert blocks._recs_heading(text) == (blocks._RECS_HEADING.search(text) is not None)


@pytest.mark.parametrize("name", sorted(p.name for p in pk.PAGES.glob("*.html")))
def test_controls_inside_a_form_need_no_climb_of_their_own(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    html = (pk.PAGES / name).read_text() + pk.SIGNUP_BOX + pk.COOKIE_BOX
    html = html.replace(
        "<h2", '<form class="apply"><label>Email <input name="e"></label><button>Go</button></form><h2', 1
    )

    def without_furniture() -> str:
        tree = blocks.parse_html(html)
        blocks.remove_furniture(tree, keep=extract._CLOSED, title=extract._title_tag(tree))
        return tree.html or ""

    skipping = without_furniture()
    monkeypatch.setattr(blocks, "_inside_control", lambda node: False)
    assert skipping == without_furniture()


_PROMPT_VOCAB = [
    "we", "this site", "this website", "use", "uses", "cookies", "accept", "all", "cookie", "settings",
    "preferences", "policy", "sign", "in", "up", "to", "see", "view", "apply", "save", "create", "set up",
    "get", "a", "job", "alert", "alerts", "jobs", "like", "this", "notified", "new", "that match",
    "in your inbox", "join", "our", "talent", "network", "community", "pool", "subscribe", "newsletter",
    "Sign", "COOKIES", "Python", "team", "ſign", "\n",
]  # fmt: skip


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(_PROMPT_VOCAB), max_size=8), st.sampled_from([" ", "", "  "]))
def test_the_prompt_pre_check_agrees_with_the_pattern(words: list[str], sep: str) -> None:
    text = sep.join(words)
    expected = len(text.split()) <= 30 and (
        blocks._PROMPT.search(text) is not None or blocks._SITE_USER.search(text) is not None
    )
    assert blocks.is_prompt(text) == expected


@pytest.mark.parametrize("tags", [300, 5000])  # parsed first, then capped; scanned first, then parsed
def test_a_deep_page_is_capped_whichever_way_it_is_checked(tags: int) -> None:
    html = "<html><body>" + "<div>" * tags + "<p>deep text</p>" + "</div>" * tags + "</body></html>"
    tree = blocks.parse_html(html)
    assert tree.css_first(" > ".join(["div"] * (blocks.MAX_DEPTH + 1))) is None
    assert tree.css_first(" > ".join(["div"] * (blocks.MAX_DEPTH - 10))) is not None  # capped, not flattened
    assert "deep text" in (tree.body.text() if tree.body else "")


def test_self_closing_svg_parts_do_not_count_as_nesting() -> None:
    icon = "<svg viewBox='0 0 9 9'>" + "<path d='M0 0h9'/>" * 200 + "</svg>"
    html = f"<html><body><h1>Engineer</h1>{icon}<p>text</p></body></html>"
    assert blocks.parse_html(html).html == blocks.LexborHTMLParser(html).html


def test_reading_the_fetched_bytes_reads_the_same_posting() -> None:
    html = pk.GREENHOUSE.text()
    assert extract_posting(html, utf8=html.encode()) == extract_posting(html)
