"""Pay read by what each part of a posting is, ranges in every layout, and a bare "$" read one way.

Fixtures are written here in the shapes boards use (a header row of facts, a
pay section, a perks list, a run of status lines); none is copied from a page.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from monitor.extract import extract_posting
from monitor.extract.pay import find_pay, posting_dollar
from monitor.models import Pay

_DUTIES = (
    "<h3>What you will do</h3><ul><li>Plan the weekly stock counts for the warehouse floor</li>"
    "<li>Train new pickers on the scanners</li><li>Keep the loading bay schedule</li></ul>"
    "<h3>What you bring</h3><ul><li>Two years leading a shift</li><li>A forklift licence</li></ul>"
)


def _page(header: str = "", body: str = "", head: str = "") -> str:
    return (
        f"<html><head><title>Shift Lead - Corvid Logistics</title>{head}</head><body>"
        f"<h1>Shift Lead</h1>{header}<p>Corvid Logistics runs three depots and is looking for a shift lead "
        f"to run the night crew on the main floor.</p>{_DUTIES}{body}</body></html>"
    )


# --------------------------------------------------------------------------- benefits are not pay


@pytest.mark.parametrize(
    "line",
    [
        "$2,500 professional development stipend",
        "A $1,200 home-office stipend for your desk and chair",
        "Retirement plan with an employer match of up to $7,000",
        "Employer contribution of $2,400 per year to your HSA",
        "Wellness stipend of $90 per month",
        "Adoption support up to $15,000",
        "Transit subsidy of $150 a month",
    ],
)
def test_a_benefit_amount_is_never_pay(line: str) -> None:
    assert find_pay(line) is None
    html = _page(body=f"<h3>Benefits</h3><ul><li>{line}</li><li>Paid holidays</li></ul>")
    assert extract_posting(html).posting.pay is None


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Monthly stipend of $2,300 for the six months", Pay(2300, 2300, "USD", "month")),
        ("Stipend: $2,300 per month", Pay(2300, 2300, "USD", "month")),
        ("Pay: $19 per hour", Pay(19, 19, "USD", "hour")),
    ],
)
def test_a_stipend_role_or_small_rate_stated_as_pay_is_pay(line: str, expected: Pay) -> None:
    assert find_pay(line) == expected


@pytest.mark.parametrize(
    "line",
    ["Salary and benefits: $120,000 - $140,000 a year", "Compensation & Benefits: $120k-$140k",
     "Pay and perks: $120k - $140k"],
)  # fmt: skip
def test_a_pay_label_that_also_names_benefits_still_leads_to_pay(line: str) -> None:
    assert find_pay(line) == Pay(120000, 140000, "USD", "year")
    assert find_pay("Benefits: $5,000 a year toward your gym") is None


def test_an_amount_in_a_perks_list_needs_a_salary_word() -> None:
    perks = "<h3>What we offer</h3><ul><li>$30,000 a year towards school fees</li><li>Free parking</li></ul>"
    assert extract_posting(_page(body=perks)).posting.pay is None
    perks = "<h3>What we offer</h3><ul><li>A salary of $64,000 a year</li><li>Free parking</li></ul>"
    assert extract_posting(_page(body=perks)).posting.pay == Pay(64000, 64000, "USD", "year")


@pytest.mark.parametrize(
    "line",
    [
        "Confirmed 14 hours ago · Posted 3 weeks ago",
        "Applicants: 2 per week",
        "Replies to 3 messages a day",
        "Active 2/w",
        "Viewed 40 times per month",
    ],
)
def test_a_status_line_or_counter_is_never_pay(line: str) -> None:
    assert find_pay(line) is None
    assert extract_posting(_page(header=f"<p>{line}</p>")).posting.pay is None


# --------------------------------------------------------------------------- ranges in every layout

_SEPARATORS = ["-", " - ", "–", " – ", "—", " — ", " to ", "~", " through ", " and "]
_LAYOUTS = ["row", "line", "section", "sentence"]


@st.composite
def _ranges(draw: st.DrawFn) -> tuple[str, str, Pay]:
    lo_k = draw(st.integers(40, 300))
    hi_k = lo_k + draw(st.integers(1, 80))
    style = draw(st.sampled_from(["comma", "k", "K"]))
    marker = draw(st.sampled_from(["$pre", "USD pre", "USD post", "$ both"]))
    sep = draw(st.sampled_from(_SEPARATORS))
    period_text, period = draw(
        st.sampled_from([(" a year", "year"), (" per year", "year"), ("/yr", "year"), (" annually", "year")])
    )

    def num(k: int) -> str:
        return f"{k * 1000:,}" if style == "comma" else f"{k}{style}"

    lo, hi = num(lo_k), num(hi_k)
    if marker == "$pre":
        text = f"${lo}{sep}${hi}"
    elif marker == "$ both":
        text = f"${lo}{sep}{hi}"
    elif marker == "USD pre":
        text = f"USD {lo}{sep}{hi}"
    else:
        text = f"{lo}{sep}{hi} USD"
    if sep == " and ":
        text = f"between {text}"
    text += period_text
    return text, draw(st.sampled_from(_LAYOUTS)), Pay(lo_k * 1000, hi_k * 1000, "USD", period)


def _laid_out(text: str, layout: str) -> str:
    if layout == "row":
        return _page(header=f"<p>Corvid Logistics · Denver, CO · {text} · Full-time</p>")
    if layout == "line":
        return _page(header=f"<p>Denver, CO</p><p>{text}</p>")
    if layout == "section":
        return _page(header="<p>Denver, CO</p>", body=f"<h3>Compensation</h3><p>{text}</p>")
    return _page(header="<p>Denver, CO</p>", body=f"<p>The pay for this role is {text}, plus overtime.</p>")


@settings(max_examples=80, deadline=None)
@given(_ranges())
def test_any_range_in_any_layout_reads_the_same_min_and_max(case: tuple[str, str, Pay]) -> None:
    text, layout, expected = case
    assert find_pay(text) == expected, text
    assert extract_posting(_laid_out(text, layout)).posting.pay == expected, (text, layout)


# --------------------------------------------------------------------------- a bare "$" read one way

_NOISE = [
    "<p>Posted 4 days ago</p>",
    "<p>1,204 people viewed this job</p>",
    "<p>Full-time</p>",
    "<p>Apply before the end of the month.</p>",
    "<p>Job ID: 88213</p>",
]


@st.composite
def _versions(draw: st.DrawFn) -> tuple[str, str]:
    where = draw(st.sampled_from(["header", "label", "jsonld", "body line"]))
    place, expected = draw(
        st.sampled_from(
            [("Brisbane QLD", "AUD"), ("Calgary, AB", "CAD"), ("Auckland, New Zealand", "NZD"),
             ("Austin, TX", "USD"), ("Lisbon, Portugal", "USD"), (None, "USD")]
        )
    )  # fmt: skip
    noise = draw(st.lists(st.sampled_from(_NOISE), max_size=4, unique=True))
    header, body, head = "".join(noise), "<h3>Pay</h3><p>$61,000 - $68,000 a year</p>", ""
    if place and where == "header":
        header = f"<p>{place}</p>" + header
    elif place and where == "label":
        body += f"<p>Location: {place}</p>"
    elif place and where == "jsonld":
        head = (
            '<script type="application/ld+json">{"@type": "JobPosting", "title": "Shift Lead", '
            f'"jobLocation": {{"address": {{"addressLocality": "{place}"}}}}}}</script>'
        )
    elif place:
        body += f"<p>{place}</p>"
    return _page(header=header, body=body, head=head), expected


@settings(max_examples=80, deadline=None)
@given(_versions())
def test_the_currency_of_a_bare_dollar_does_not_depend_on_which_lines_were_read(
    case: tuple[str, str],
) -> None:
    html, expected = case
    pay = extract_posting(html).posting.pay
    assert pay is not None and (pay.min, pay.max, pay.period) == (61000, 68000, "year")
    assert pay.currency == expected


def test_posting_dollar_is_one_vote_per_place_line() -> None:
    # the location field need not be read: the place line still says it
    assert posting_dollar(None, ["Full-time", "Hobart, TAS"]) == "AUD"
    assert posting_dollar("Hobart, TAS", ["Full-time"]) == "AUD"
    assert posting_dollar("Hobart, TAS", ["Hobart, TAS", "Full-time"]) == "AUD"
    # no place, or a place whose money is not a dollar: the same default (None, read as USD) every time
    assert posting_dollar(None, ["Full-time", "Posted 3 days ago"]) is None
    assert posting_dollar("Dublin, Ireland", ["Dublin, Ireland"]) is None
    # a sentence naming a place elsewhere is not a place line
    assert (
        posting_dollar("Austin, TX", ["We also have an office in Sydney and ship across Australia."]) == "USD"
    )
