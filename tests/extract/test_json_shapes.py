"""Every JSON shape a board or ATS answers with, read by the same generic key-finding.

The fixtures are written here, in the shapes such answers take (a social
network's "voyager"-style answer with attributed text and URNs, a Next.js page's
data with a rich-text editor's blocks, ATS answers whose employer is only in
their URL), with wording of our own.
"""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from monitor.extract import extract_posting
from monitor.extract.lead import hiring_sentence, lead_company, spelled_in, url_slugs
from monitor.extract.structured import read_ats_json, text_html


def _kinds(posting: object) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for s in posting.sections:  # type: ignore[attr-defined]
        out.setdefault(s.kind, []).extend(s.bullets)
    return out


def test_attributed_text_answer_with_urns_and_a_path_segment() -> None:
    data = {
        "data": {
            "$type": "com.example.jobs.JobPosting",
            "title": "Harbour Pilot Trainee",
            "companyDetails": {"company": "urn:ex:company:99120"},
            "formattedLocation": "Wellington Region",
            "urlPathSegment": "harbour-pilot-trainee-at-tasman-marine-services-88812345",
            "description": {
                "text": "Tasman Marine Services moves ships safely through three ports.\n\n"
                "What you will do\n• Assist senior pilots on arrivals and departures\n"
                "• Plot passages and check tide tables before every move\n\n"
                "Requirements\n• A watchkeeping certificate\n• Two years at sea on coastal vessels\n",
                "attributes": [{"start": 3, "length": 1, "type": {"$type": "LineBreak"}}],
            },
            "companyDescription": {"text": "A maritime services group."},
        },
        "included": [{"entityUrn": "urn:ex:saving:88812345", "saved": False}],
    }
    reading = extract_posting(json.dumps(data), "https://social.example/jobs/view/88812345/", "application/json")
    assert reading.usable
    p = reading.posting
    assert p.title == "Harbour Pilot Trainee"
    assert p.company == "Tasman Marine Services"  # the slug as the text spells it, not the URN
    assert p.location == "Wellington Region"
    kinds = _kinds(p)
    assert "A watchkeeping certificate" in kinds["requirements"]
    assert "Plot passages and check tide tables before every move" in kinds["responsibilities"]


def test_next_data_answer_with_rich_text_blocks_and_nested_places() -> None:
    blocks = {
        "blocks": [
            {"text": "Your tasks", "type": "header-three"},
            {"text": "Roast green coffee to the house profiles", "type": "unordered-list-item"},
            {"text": "Keep the roaster log and cupping notes", "type": "unordered-list-item"},
            {"text": "What we ask", "type": "header-three"},
            {"text": "A year behind a commercial roaster", "type": "unordered-list-item"},
            {"text": "A food hygiene certificate", "type": "unordered-list-item"},
        ]
    }
    data = {
        "props": {
            "pageProps": {
                "initialData": {
                    "code": 200,
                    "data": {
                        "id": "7d1c0f3e-5b7a-4a52-9d77-0c6f1e2a9b10",
                        "title": "Coffee Roaster",
                        "descriptionJsonString": json.dumps(blocks),
                        "company": {"id": "c-1", "displayName": "Kopi Lestari", "name": "Kopi Lestari"},
                        "location": {
                            "formattedName": "Menteng",
                            "parents": [{"name": "Central Jakarta", "parents": [{"name": "Indonesia"}]}],
                        },
                        "benefits": [{"title": "Free coffee", "description": ""}],
                    },
                }
            }
        },
        "page": "/opportunities/jobs/[id]",
    }
    p = extract_posting(json.dumps(data), "https://board.example/jobs/x", "application/json").posting
    assert p.title == "Coffee Roaster"
    assert p.company == "Kopi Lestari"
    assert p.location == "Menteng, Central Jakarta, Indonesia"
    kinds = _kinds(p)
    assert kinds["requirements"] == ["A year behind a commercial roaster", "A food hygiene certificate"]
    assert "Roast green coffee to the house profiles" in kinds["responsibilities"]


def test_ats_answer_without_employer_takes_it_from_its_url_as_the_text_spells_it() -> None:
    data = {
        "id": "5e0b1c2d-1111-4a4a-9b9b-123456789abc",
        "text": "Field Ecologist",
        "categories": {"location": "Inverness", "commitment": "Full-time"},
        "descriptionPlain": "x",
        "description": "<p>At Glen Orchy Surveys, we map peatland for restoration projects.</p>",
        "lists": [{"text": "What We Require", "content": "<li>A full driving licence</li><li>Plant ID skills</li>"}],
        "hostedUrl": "https://ats.example/glenorchysurveys/5e0b1c2d-1111-4a4a-9b9b-123456789abc",
    }
    found = read_ats_json(data)
    assert found is not None and found.company == "Glen Orchy Surveys"
    # without any spelling in the text, the lead sentence; without that, the slug's words
    data["description"] = "<p>Hillfoot Ecology is a small team of field surveyors. Hillfoot Ecology pays well.</p>"
    found = read_ats_json(data)
    assert found is not None and found.company == "Hillfoot Ecology"
    data["description"] = "<p>We map peatland for restoration projects across the north.</p>"
    found = read_ats_json(data)
    assert found is not None and found.company == "Glenorchysurveys"


def test_an_employer_field_still_wins_over_url_and_text() -> None:
    data = {
        "title": "Baker",
        "jobDescription": "<p>At Crumb Collective, we bake before sunrise every day of the week.</p>",
        "companyName": "Crumb Collective Ltd",
        "jobUrl": "https://ats.example/crumb/12345678",
    }
    found = read_ats_json(data)
    assert found is not None and found.company == "Crumb Collective Ltd"


def test_url_slugs() -> None:
    assert url_slugs("https://ats.example/acme-robotics/3f2c9d1e-0a1b-4c2d-8e3f-1234567890ab") == ["acme-robotics"]
    assert url_slugs("https://ats.example/c/north-star/jobs/265818/welder-2") == ["north-star"]
    assert url_slugs("welder-second-class-at-north-star-991234") == ["north-star"]
    assert url_slugs("https://social.example/jobs/view/4246297851/?trk=x") == []
    assert url_slugs("http://127.0.0.1:8080/c/some-case--board--0") == []


def test_spelled_in_prefers_the_mixed_case_spelling() -> None:
    text = "ABOUT BRIGHTLOOM\nBrightLoom makes looms. Join Brightloom or BrightLoom today."
    assert spelled_in("brightloom", text) == "BrightLoom"
    assert spelled_in("wealth-co", "Wealth.co is a planner. Wealth.co helps.") == "Wealth.co"
    assert spelled_in("nowhere", text) is None


def test_lead_company_needs_the_name_more_than_once() -> None:
    assert lead_company("At Pine Hollow, we build cabins. Pine Hollow ships kits.") == "Pine Hollow"
    assert lead_company("We are a team. Everything is great.") is None
    assert lead_company("Dashboards are a must.") is None


def test_hiring_sentence() -> None:
    lead = hiring_sentence("Orca Freight is hiring a Yard Planner in Tacoma, WA. Seniority: Mid-level.")
    assert lead is not None
    assert (lead.company, lead.title, lead.place) == ("Orca Freight", "Yard Planner", "Tacoma, WA")
    assert hiring_sentence("We are hiring a planner.") is None


def test_text_html_marks_bullets_and_section_lines() -> None:
    html = text_html("Intro line here.\nRequirements\n- First need\n- Second need\nThanks.")
    assert "<h3>Requirements</h3>" in html
    assert html.count("<li>") == 2


@settings(max_examples=40, deadline=None)
@given(
    wrap=st.lists(st.sampled_from(["data", "props", "pageProps", "result", "job", "payload"]), max_size=4),
    title_key=st.sampled_from(["title", "jobTitle", "postingTitle", "name"]),
    desc_key=st.sampled_from(["description", "jobDescription", "descriptionHtml", "content", "fullDescription"]),
    loc_key=st.sampled_from(["location", "formattedLocation", "locationName", "jobLocation", "workLocation"]),
)
def test_any_wrapping_and_key_spelling_reads_the_same(
    wrap: list[str], title_key: str, desc_key: str, loc_key: str
) -> None:
    """A posting object reads the same whatever keys it uses and however deep the answer nests it."""
    posting: dict[str, object] = {
        title_key: "Night Porter",
        desc_key: "<h3>Requirements</h3><ul><li>Evening availability all week</li><li>A calm manner</li></ul>",
        loc_key: "Bath, UK",
        "companyName": "Royal Crescent Rooms",
    }
    data: object = posting
    for key in reversed(wrap):
        data = {key: data, "meta": {"status": "ok"}}
    p = extract_posting(json.dumps(data), "", "application/json").posting
    assert (p.title, p.company, p.location) == ("Night Porter", "Royal Crescent Rooms", "Bath, UK")
    assert _kinds(p)["requirements"] == ["Evening availability all week", "A calm manner"]


def _app_page(title_tag: str) -> str:
    data = {
        "props": {
            "pageProps": {
                "job": {
                    "title": "Lock Keeper",
                    "description": "<h3>Requirements</h3><ul><li>A boatmaster licence</li><li>Early starts</li></ul>",
                    "company": {"name": "Canal Trust North"},
                    "location": {"formattedName": "Skipton"},
                }
            }
        }
    }
    return (
        f"<html><head><title>{title_tag}</title></head><body><div id='__next'></div>"
        f"<script id='__NEXT_DATA__' type='application/json'>{json.dumps(data)}</script></body></html>"
    )


def test_an_app_page_is_read_from_the_data_it_ships() -> None:
    reading = extract_posting(_app_page("Lock Keeper - Canal Trust North"), "https://app.example/jobs/1")
    assert reading.usable
    p = reading.posting
    assert (p.title, p.company, p.location) == ("Lock Keeper", "Canal Trust North", "Skipton")
    assert _kinds(p)["requirements"] == ["A boatmaster licence", "Early starts"]


def test_app_data_for_another_posting_is_not_this_page() -> None:
    assert not extract_posting(_app_page("Boat Painter - Dry Dock Ltd"), "https://app.example/jobs/2").usable
