"""Layouts and wordings that trip a reader fitted to a few boards.

Each test guards one rule: posting text before the title card, bullets worded
like activity counters, intro lines after the title, lists of other postings
found by their shape, and the bounded amount of text the pay parser reads.
"""

from __future__ import annotations

import time

import pagekit as pk
import pytest

import monitor.extract.pay as pay_module
from monitor.diff import compare, summarize
from monitor.extract import extract_posting, read_page
from monitor.models import Posting


def _all_text(posting: Posting) -> str:
    return "\n".join(t for s in posting.sections for t in [s.heading, *s.paragraphs, *s.bullets])


# --------------------------------------------------------------------------------------------- before the title


def test_description_before_the_title_card_is_the_posting() -> None:
    reading = pk.TWO_COLUMN.read()
    posting = reading.posting
    assert reading.usable and not reading.listing
    assert posting.section_items("responsibilities")[0] == "Plan shifts for a team of 25 warehouse associates"
    assert "Good Dutch and English" in posting.section_items("requirements")
    assert any("cross-dock warehouses" in p for p in posting.section_items("description"))


def test_text_before_the_title_without_posting_sections_stays_out() -> None:
    """A site blurb or breadcrumb above the title card is not posting text when the posting follows the title."""
    html = pk.GREENHOUSE.text().replace(
        "<body>",
        "<body><div class='hero'><p>Careers</p><p>Kestrel Robotics is hiring across the United States.</p>"
        "<p>Home / Jobs / Engineering</p></div>",
        1,
    )
    text = _all_text(pk.GREENHOUSE.read(html).posting)
    assert "Careers" not in text and "is hiring across" not in text and "Home / Jobs" not in text


def test_company_sidebar_before_the_title_stays_out() -> None:
    """Text before the title counts only when it holds the core of a posting, not a box about the company."""
    sidebar = (
        "<aside class='co'><h3>About Kestrel Robotics</h3><p>Kestrel Robotics builds autonomous forklifts for "
        "grocery distribution centers across North America, with offices in Pittsburgh and San Francisco and "
        "customers in twelve states. Open jobs: 37.</p></aside>"
    )
    html = pk.GREENHOUSE.text().replace("<body>", "<body>" + sidebar.replace("aside", "div"), 1)
    text = _all_text(pk.GREENHOUSE.read(html).posting)
    assert "Open jobs: 37" not in text and "twelve states" not in text


def test_title_card_with_a_button_is_not_a_widget() -> None:
    """A control inside the title card (here, a cookie box) must not take the card, and the title, with it."""
    html = pk.apply(
        pk.INTRO_LINES.text(),
        [("<p>We are hiring in Leeds.</p>", "<p>We are hiring in Leeds.</p><button>Save job</button>")],
    )
    posting = pk.INTRO_LINES.read(html).posting
    assert (posting.title, posting.location) == (pk.INTRO_LINES.title, pk.INTRO_LINES.location)


# --------------------------------------------------------------------------------------------- counters and status lines


def test_bullets_worded_like_counters_are_kept_and_status_lines_are_not() -> None:
    posting = pk.COUNTER_BULLETS.read().posting
    duties = posting.section_items("responsibilities")
    assert "Screen 50+ candidates per week" in duties
    assert "Review 200 applications per month" in duties
    assert "Hybrid: 3/5 days in the office" in posting.section_items("requirements")
    text = _all_text(posting)
    for status in ("Posted 3 days ago", "120 applicants", "Employer active", "people viewed", "first 150"):
        assert status not in text


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("Screen 50+ candidates per week", "Screen 80+ candidates per week"),
        ("Hybrid: 3/5 days in the office", "Hybrid: 4/5 days in the office"),
        ("Grow our careers page to 10,000 followers", "Grow our careers page to 25,000 followers"),
    ],
)
def test_numbers_in_counter_worded_bullets_are_compared(old: str, new: str) -> None:
    page = pk.COUNTER_BULLETS
    diff = compare(page.read().posting, page.read(pk.apply(page.text(), [(old, new)])).posting)
    assert diff.material
    assert new.split()[1] in summarize(diff) or new.split()[-2] in summarize(diff)


# --------------------------------------------------------------------------------------------- intro lines


def test_intro_lines_after_the_title_are_description_and_facts_after_them_still_count() -> None:
    posting = pk.INTRO_LINES.read().posting
    description = posting.section_items("description")
    assert "We are hiring in Leeds." in description
    assert "Start date: September 2025." in description
    assert (posting.location, posting.employment_type) == ("Leeds, England", "full-time")
    assert "Full-time" not in _all_text(posting)


def test_status_line_with_a_full_stop_is_not_an_intro_line() -> None:
    """A status line is a header fact however it ends: the facts after it are still the header."""
    html = pk.apply(
        pk.INTRO_LINES.text(),
        [
            (
                "<p>Start date: September 2025.</p>",
                "<p>Start date: September 2025.</p><p>Posted 2 days ago.</p>",
            )
        ],
    )
    posting = pk.INTRO_LINES.read(html).posting
    assert (posting.location, posting.employment_type) == ("Leeds, England", "full-time")
    assert "Posted" not in _all_text(posting)


def test_header_stops_at_body_text_after_an_intro_line() -> None:
    """After an intro line only header facts are read as the header: a short body line is posting text."""
    html = pk.apply(
        pk.INTRO_LINES.text(),
        [
            (
                '<div class="facts"><span>Leeds, England</span><span>Full-time</span></div>',
                "<p>Night shifts only</p>",
            )
        ],
    )
    assert "Night shifts only" in pk.INTRO_LINES.read(html).posting.section_items("description")


# --------------------------------------------------------------------------------------------- lists of other postings

_ROWS = "".join(
    f'<li><a href="/jobs/view/{n}">{title}</a> <span>{company} · {place}</span></li>'
    for n, (title, company, place) in enumerate(
        [
            ("Payments Engineer", "Ledgerly", "Austin, TX"),
            ("Staff Software Engineer", "Northwind Robotics", "Seattle, WA"),
            ("Billing Platform Lead", "Quayside", "Remote"),
            ("Backend Developer", "Finchpay", "London"),
        ],
        start=4410000,
    )
)


@pytest.mark.parametrize("heading", ["More like this", "Recommended for you", "Keep exploring", ""])
def test_similar_jobs_list_found_by_its_shape(heading: str) -> None:
    html = pk.GREENHOUSE.text().replace(
        "</body>", f"<div class='c1'><h3>{heading}</h3><ul class='x9'>{_ROWS}</ul></div></body>"
    )
    reading = pk.GREENHOUSE.read(html)
    text = _all_text(reading.posting)
    assert reading.usable and not reading.listing
    assert "Ledgerly" not in text and "Payments Engineer" not in text and "Finchpay" not in text
    assert not compare(pk.GREENHOUSE.read().posting, reading.posting).material


def test_closed_page_with_only_a_similar_jobs_list() -> None:
    reading = pk.read_file("closed_recs.html")
    assert reading.closed
    assert "Claims Handler" not in _all_text(reading.posting)


def test_board_index_is_still_a_list_of_postings() -> None:
    """Rows found by their shape stay out of a posting but still make a board's index page a listing."""
    reading = pk.read_file(pk.LISTING)
    assert reading.listing and not reading.usable


def test_bullets_that_lead_with_a_link_are_posting_text() -> None:
    items = (
        "<li><a href='https://go.dev'>Go</a> or Rust in production services</li>"
        "<li><a href='https://www.postgresql.org'>PostgreSQL</a> at scale, including partitioning</li>"
        "<li><a href='https://kafka.apache.org'>Kafka</a> or another event log</li>"
    )
    html = pk.GREENHOUSE.text().replace("<li>A habit of writing", items + "<li>A habit of writing", 1)
    requirements = pk.GREENHOUSE.read(html).posting.section_items("requirements")
    assert "Go or Rust in production services" in requirements
    assert "Kafka or another event log" in requirements


# --------------------------------------------------------------------------------------------- pay text is bounded


def test_pay_parser_reads_a_bounded_amount_of_text(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[int] = []
    real = pay_module.find_pay

    def counting(text: str, **kw: str | None) -> object:
        seen.append(len(text))
        return real(text, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(pay_module, "find_pay", counting)
    prose = "".join(
        f"<p>Paragraph {n} of our story: we build tools for people who build things, and we like it.</p>"
        for n in range(3000)
    )
    html = (
        "<html><head><title>Engineer - Acme</title></head><body><h1>Engineer</h1>"
        "<h2>Responsibilities</h2><ul><li>Build the thing</li><li>Run the thing</li></ul>"
        f"<h2>About us</h2>{prose}<p>Salary: $120,000 - $150,000 per year</p></body></html>"
    )
    start = time.perf_counter()
    posting = read_page(html).posting
    took = time.perf_counter() - start
    assert seen and max(seen) <= 8000, seen
    assert took < 2
    # 3000 lines with figures come first: the pay past the bound is not read, and that costs nothing
    assert posting.pay is None


def test_pay_after_long_prose_without_figures_is_found() -> None:
    prose = "".join(
        "<p>We build tools for people who build things, and we like it a lot.</p>" for _ in range(3000)
    )
    html = (
        "<html><head><title>Engineer - Acme</title></head><body><h1>Engineer</h1>"
        "<h2>Responsibilities</h2><ul><li>Build the thing</li><li>Run the thing</li></ul>"
        f"<h2>About us</h2>{prose}<p>Salary: $120,000 - $150,000 per year</p></body></html>"
    )
    assert extract_posting(html).posting.pay == pk.P(120000, 150000, "USD", "year")


def test_hourly_wording_far_from_the_pay_still_counts() -> None:
    """The bounded pay text keeps the line that says the role is hourly, however far it is from the pay."""
    filler = "".join("<p>We bake with local flour and care about every loaf.</p>" for _ in range(50))
    html = (
        "<html><head><title>Baker - Crumb</title></head><body><h1>Baker</h1><p>This is an hourly role.</p>"
        "<h2>Responsibilities</h2><ul><li>Bake bread before dawn</li><li>Clean the ovens</li></ul>"
        f"<h2>Team</h2>{filler}<p>We are 12 bakers in 3 shops.</p><p>Pay: $21 - $24</p></body></html>"
    )
    assert extract_posting(html).posting.pay == pk.P(21, 24, "USD", "hour")
