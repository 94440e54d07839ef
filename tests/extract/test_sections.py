"""Headings in every form, and bullets flattened into run-on text, sorted into the right sections."""

from __future__ import annotations

import pytest

from monitor.extract import read_page
from monitor.extract.sections import classify_heading, split_run_on
from monitor.models import Posting


@pytest.mark.parametrize(
    ("heading", "kind"),
    [
        ("What You'll Do", "responsibilities"),
        ("What you’ll do:", "responsibilities"),
        ("Responsibilities", "responsibilities"),
        ("Essential Functions", "responsibilities"),
        ("Your impact", "responsibilities"),
        ("In this role you will", "responsibilities"),
        ("Minimum Qualifications", "requirements"),
        ("Preferred Qualifications", "requirements"),
        ("About you", "requirements"),
        ("You might be a fit if…", "requirements"),
        ("Nice to have", "requirements"),
        ("Nice-to-haves", "requirements"),
        ("Bonus points", "requirements"),
        ("Who you are", "requirements"),
        ("What we're looking for", "requirements"),
        ("Essential criteria", "requirements"),
        ("Skills & Experience", "requirements"),
        ("What we offer", "benefits"),
        ("Perks and benefits", "benefits"),
        ("Compensation", "compensation"),
        ("San Francisco Pay Range", "compensation"),
        ("About the role", "description"),
        ("About Kestrel Robotics", "description"),
        ("Job Description", "description"),
        ("Full job description", "description"),
        ("Additional Information", "description"),
        ("Equal Opportunity Employer", "description"),
        ("Interview process", "description"),
        ("Ihre Aufgaben", "responsibilities"),
        ("Ihr Profil", "requirements"),
        ("Profil recherché", "requirements"),
        ("Requisitos", "requirements"),
        ("Wat bieden wij", "benefits"),
        ("Our stack", None),
        ("Payments Platform", None),
    ],
)
def test_classify_heading(heading: str, kind: str | None) -> None:
    assert classify_heading(heading) == kind


def _page(body: str) -> Posting:
    return read_page(
        f"<html><head><title>Data Engineer - Acme</title></head><body><h1>Data Engineer</h1>{body}</body></html>"
    ).posting


INTRO = "<p>Acme builds tools for ports and harbours, used by twelve port authorities on three continents every day.</p>"
DUTIES = ["Build the ingestion pipeline", "Run the warehouse", "Review code from the team"]
NEEDS = ["3+ years of data engineering", "Fluent SQL", "Experience with Kafka"]


def _ul(items: list[str]) -> str:
    return "<ul>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>"


def _sorted(posting: Posting) -> tuple[list[str], list[str]]:
    return posting.section_items("responsibilities"), posting.section_items("requirements")


@pytest.mark.parametrize("tag", ["h1", "h2", "h3", "h4"])
def test_heading_elements(tag: str) -> None:
    body = (
        f"{INTRO}<{tag}>What You'll Do</{tag}>{_ul(DUTIES)}<{tag}>Minimum Qualifications</{tag}>{_ul(NEEDS)}"
    )
    assert _sorted(_page(body)) == (DUTIES, NEEDS)


@pytest.mark.parametrize(
    "wrap",
    [
        "<p><strong>{}</strong></p>",
        "<p><b>{}</b></p>",
        "<strong>{}</strong>",
        "<div><b>{}:</b></div>",
        "<p>{}:</p>",
    ],
)
def test_bold_and_colon_headings(wrap: str) -> None:
    body = INTRO + wrap.format("What you will do") + _ul(DUTIES) + wrap.format("About you") + _ul(NEEDS)
    assert _sorted(_page(body)) == (DUTIES, NEEDS)


def test_bold_lines_between_line_breaks() -> None:
    """<strong>Heading</strong><br>text<br><strong>Heading</strong><br><ul>: one run of inline text, several headings."""
    body = (f"<div><strong>About Acme</strong><br><br>{INTRO[3:-4]}<br><br><strong>Your responsibilities</strong><br>"
            f"{_ul(DUTIES)}<br><strong>What you bring</strong><br>{_ul(NEEDS)}</div>")  # fmt: skip
    posting = _page(body)
    assert _sorted(posting) == (DUTIES, NEEDS)
    assert "About Acme" not in str(posting.section_items("description"))


def test_items_made_of_paragraphs() -> None:
    items = "".join(f"<li><p>{d}</p></li>" for d in DUTIES)
    assert _sorted(_page(f"{INTRO}<h2>Responsibilities</h2><ul>{items}</ul>"))[0] == DUTIES


def test_nested_list_items_are_kept() -> None:
    body = f"{INTRO}<h2>Requirements</h2><ul><li>Languages<ul><li>Python</li><li>Go</li></ul></li><li>Fluent SQL</li></ul>"
    assert _page(body).section_items("requirements") == ["Languages", "Python", "Go", "Fluent SQL"]


def test_title_case_line_names_a_section() -> None:
    body = f"{INTRO}<h2>Requirements</h2>{_ul(NEEDS)}<div class='t'>Toronto Pay Range</div><div>$90,000 - $110,000 CAD</div>"
    posting = _page(body)
    assert posting.section_items("requirements") == NEEDS
    assert posting.pay is not None and posting.pay.max == 110000


def test_unnamed_sibling_heading_ends_the_section() -> None:
    body = f"{INTRO}<h2>Qualifications</h2>{_ul(NEEDS)}<h2>Additional details</h2><p>We sponsor visas for this role.</p>"
    posting = _page(body)
    assert posting.section_items("requirements") == NEEDS
    assert "We sponsor visas for this role." in posting.section_items("description")


def test_unnamed_sub_heading_keeps_the_kind() -> None:
    body = (
        f"{INTRO}<h2>Requirements</h2><h4>Technical</h4>{_ul(NEEDS)}<h4>Soft</h4><ul><li>Patience</li></ul>"
    )
    posting = _page(body)
    assert [s.kind for s in posting.sections if s.bullets] == ["requirements"]
    assert posting.section_items("requirements") == ["Technical", "Soft", *NEEDS, "Patience"]


def test_heading_with_nothing_under_it_is_dropped() -> None:
    body = f"{INTRO}<h2>Requirements</h2>{_ul(NEEDS)}<h2>Apply for this job</h2>"
    assert "Apply for this job" not in str(_page(body).sections)


def test_bullets_under_a_generic_heading_sorted_by_content() -> None:
    body = f"<h2>Job Description</h2>{INTRO}{_ul(DUTIES)}<h2>About Acme</h2><ul><li>Founded in Oslo</li><li>120 people</li></ul>"
    posting = _page(body)
    assert posting.section_items("responsibilities") == DUTIES
    assert "Founded in Oslo" in posting.section_items("description")


def test_run_on_paragraph_with_inline_headings() -> None:
    body = (
        "<p>We are hiring for our Oslo office. Responsibilities: - Build the ingestion pipeline - Run the warehouse "
        "Minimum Qualifications: - 3+ years of data engineering - Experience with Kafka What we offer: 1. Pension plan "
        "2. Five weeks of vacation. Applications are reviewed on a rolling basis until the role is filled.</p>"
    )
    posting = _page(body)
    assert _sorted(posting) == (DUTIES[:2], ["3+ years of data engineering", "Experience with Kafka"])
    benefits = [b for s in posting.sections if s.kind == "benefits" for b in s.bullets]
    assert benefits == ["Pension plan", "Five weeks of vacation."]
    assert "We are hiring for our Oslo office." in posting.section_items("description")
    assert [s.heading for s in posting.sections if s.bullets] == [
        "Responsibilities",
        "Minimum Qualifications",
        "What we offer",
    ]


def test_bullet_lines_with_line_breaks() -> None:
    body = f"{INTRO}<p><b>Qualifications:</b></p><p>• 3+ years of data engineering<br>• Fluent SQL<br>• Experience with Kafka</p>"
    assert _sorted(_page(body))[1] == NEEDS


@pytest.mark.parametrize(
    ("text", "pieces"),
    [
        (
            "Requirements: - Fluent SQL - Experience with Kafka",
            ["Requirements:", "Fluent SQL", "Experience with Kafka"],
        ),
        ("1. Build things 2. Run things 3. Fix things", ["Build things", "Run things", "Fix things"]),
        ("• Pension plan • Gym membership", ["Pension plan", "Gym membership"]),
        ("You need 3 - 5 years of experience and 2 - 3 references.", None),
        ("Offices in Paris - London - Berlin.", None),
        ("1. Build things 3. Run things", None),
        ("A plain sentence with no list in it.", None),
    ],
)
def test_split_run_on(text: str, pieces: list[str] | None) -> None:
    assert split_run_on(text) == (pieces or [text])


def test_sentence_case_line_before_a_list_is_a_heading() -> None:
    body = f"{INTRO}<div>What you'll do</div>{_ul(DUTIES)}<div>What you bring</div>{_ul(NEEDS)}"
    assert _sorted(_page(body)) == (DUTIES, NEEDS)


def test_sentence_before_a_list_stays_a_sentence() -> None:
    body = f"{INTRO}<h2>Requirements</h2><p>You will have experience in most of these areas.</p>{_ul(NEEDS)}"
    posting = _page(body)
    assert posting.section_items("requirements") == [
        "You will have experience in most of these areas.",
        *NEEDS,
    ]
