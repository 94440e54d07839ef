"""Tests for the pay parser: the stated forms, the numbers that are not pay, and generated statements."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from monitor.extract.pay import currency_for_location, find_pay, normalize_period, parse_pay
from monitor.models import Pay


def P(lo: float, hi: float, cur: str | None, period: str | None) -> Pay:
    return Pay(min=lo, max=hi, currency=cur, period=period)


# --------------------------------------------------------------------------- stated forms

FORMS = [
    (
        "The base pay range for this role is $144000 - $144000 annually.",
        P(144000, 144000, "USD", "year"),
    ),
    ("CAD 120,000-145,000 per year", P(120000, 145000, "CAD", "year")),
    ("SGD 6,500 – 8,000 monthly", P(6500, 8000, "SGD", "month")),
    ("€70k–€85k a year", P(70000, 85000, "EUR", "year")),
    ("£45,000 per annum + bonus", P(45000, 45000, "GBP", "year")),
    ("$25.50/hr", P(25.5, 25.5, "USD", "hour")),
    ("Up to $90K", P(90000, 90000, "USD", "year")),
    ("From 60 000 EUR", P(60000, 60000, "EUR", "year")),
    ("AUD 150,000 - 180,000 + super", P(150000, 180000, "AUD", "year")),
    ("$120k–$150k + equity", P(120000, 150000, "USD", "year")),
    ("USD 129,000.00 to 175,000.00 per year", P(129000, 175000, "USD", "year")),
    ("Salary: 85000", P(85000, 85000, None, "year")),
    ("$50 - $60 per hour", P(50, 60, "USD", "hour")),
    # more shapes
    ("between $80,000 and $100,000 per year", P(80000, 100000, "USD", "year")),
    ("Salary range: 120-150k", P(120000, 150000, None, "year")),
    ("$120-150K base salary", P(120000, 150000, "USD", "year")),
    ("$120K-$150K/yr", P(120000, 150000, "USD", "year")),
    ("$50/hr - $60/hr", P(50, 60, "USD", "hour")),
    ("$40 an hour", P(40, 40, "USD", "hour")),
    ("£45k pa", P(45000, 45000, "GBP", "year")),
    ("£550 day rate", P(550, 550, "GBP", "day")),
    ("Day rate: £550", P(550, 550, "GBP", "day")),
    ("Hourly rate: $20 - 25", P(20, 25, "USD", "hour")),
    ("$2,000 weekly", P(2000, 2000, "USD", "week")),
    ("$800 per day", P(800, 800, "USD", "day")),
    ("S$8,000 monthly", P(8000, 8000, "SGD", "month")),
    ("HK$40,000 per month", P(40000, 40000, "HKD", "month")),
    ("C$90,000", P(90000, 90000, "CAD", "year")),
    ("CA$95,000", P(95000, 95000, "CAD", "year")),
    ("A$140k", P(140000, 140000, "AUD", "year")),
    ("NZ$100,000 - NZ$120,000", P(100000, 120000, "NZD", "year")),
    ("US$ 80,000 - 90,000", P(80000, 90000, "USD", "year")),
    ("Pay: $120,000 CAD", P(120000, 120000, "CAD", "year")),
    ("CHF 120 000", P(120000, 120000, "CHF", "year")),
    ("70.000 € brutto jährlich", P(70000, 70000, "EUR", "year")),
    ("129.000,00 EUR", P(129000, 129000, "EUR", "year")),
    ("60\u202f000 – 70\u202f000 €", P(60000, 70000, "EUR", "year")),
    ("¥8M–¥12M per year", P(8_000_000, 12_000_000, "JPY", "year")),
    ("¥300,000 monthly", P(300000, 300000, "JPY", "month")),
    ("₹10,00,000 - ₹15,00,000 per annum", P(1_000_000, 1_500_000, "INR", "year")),
    ("Salary: $1.2M - $1.5M", P(1_200_000, 1_500_000, "USD", "year")),
    ("OTE $200k", P(200000, 200000, "USD", "year")),
    ("$150,000 OTE", P(150000, 150000, "USD", "year")),
    ("Salary: 2000 per month", P(2000, 2000, None, "month")),
    ("$1.5k per week", P(1500, 1500, "USD", "week")),
    ("SEK 45 000 per month", P(45000, 45000, "SEK", "month")),
    ("Salary: SGD 6,500", P(6500, 6500, "SGD", None)),  # monthly or annual cannot be told
    ("Pay: $25", P(25, 25, "USD", None)),
    ("Salary 50,000 - 45,000 USD", P(45000, 50000, "USD", "year")),  # swapped
]


@pytest.mark.parametrize(("text", "expected"), FORMS)
def test_parse_pay_forms(text: str, expected: Pay) -> None:
    assert parse_pay(text) == expected


# --------------------------------------------------------------------------- numbers that are not pay

NOT_PAY = [
    "4+ years of experience",
    "401(k)",
    "401(k) with 4% match",
    "Competitive pay, 401k match",
    "2025 Start",
    "Salary review in 2026",
    "team of 40",
    "10,000 customers",
    "3 days a week",
    "2-3 days a week in the office",
    "40 hours per week",
    "67% of applications",
    "Call 555-123-4567",
    "Phone: +1 (415) 555-0100 for pay questions",
    "Starts January 15, 2025",
    "Apply by 12/31/2025",
    "Posted 2024-06-01",
    "We raised $20M in Series B funding",
    "$2 billion in assets under management",
    "$10,000 signing bonus",
    "$1,000 learning budget",
    "Salary: competitive",
    "Pay grade 7",
    "Our customer base of 10,000 users",
    "Base: 3 offices, 250 people",
    "",
    "Nothing to see here.",
]


@pytest.mark.parametrize("text", NOT_PAY)
def test_parse_pay_ignores_other_numbers(text: str) -> None:
    assert parse_pay(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("4+ years of experience. Salary: $120,000 - $140,000", P(120000, 140000, "USD", "year")),
        ("Base salary: $120,000. Annual bonus: up to $20,000", P(120000, 120000, "USD", "year")),
        ("Salary: $100k, plus up to $20k bonus", P(100000, 100000, "USD", "year")),
        ("Pay: $120,000 - $150,000 + $10k signing bonus", P(120000, 150000, "USD", "year")),
        ("$5,000 relocation stipend. Salary: $90,000", P(90000, 90000, "USD", "year")),
        ("$500 a day, 3 days a week", P(500, 500, "USD", "day")),
        ("Team of 40, pay $25 per hour", P(25, 25, "USD", "hour")),
        ("Up to $5,000 referral. Pay range $80k - $95k", P(80000, 95000, "USD", "year")),
    ],
)
def test_parse_pay_picks_base_among_distractors(text: str, expected: Pay) -> None:
    assert parse_pay(text) == expected


# --------------------------------------------------------------------------- currency defaults


@pytest.mark.parametrize(
    ("text", "default", "expected_currency"),
    [
        ("$120,000 per year", "CAD", "CAD"),
        ("$120,000 per year", "AUD", "AUD"),
        ("$120,000 per year", None, "USD"),
        ("$120,000 per year", "GBP", "USD"),  # GBP is not written "$"
        ("US$120,000 per year", "CAD", "USD"),
        ("$120,000 USD per year", "CAD", "USD"),
        ("Salary: 90000", "CAD", "CAD"),
        ("€90,000 per year", "CAD", "EUR"),
    ],
)
def test_default_currency(text: str, default: str | None, expected_currency: str) -> None:
    pay = parse_pay(text, default_currency=default)
    assert pay is not None
    assert pay.currency == expected_currency


@pytest.mark.parametrize(
    ("location", "expected"),
    [
        ("Toronto, ON", "CAD"),
        ("Toronto", "CAD"),
        ("Vancouver, BC", "CAD"),
        ("Vancouver, WA", "USD"),
        ("Montreal, QC", "CAD"),
        ("Calgary, AB, Canada", "CAD"),
        ("Remote (Canada)", "CAD"),
        ("San Francisco, CA", "USD"),
        ("Austin, TX 78701", "USD"),
        ("New York, NY", "USD"),
        ("Remote - US", "USD"),
        ("United States", "USD"),
        ("Sydney NSW", "AUD"),
        ("Melbourne, VIC, Australia", "AUD"),
        ("Perth, WA", "AUD"),
        ("Singapore", "SGD"),
        ("Auckland, New Zealand", "NZD"),
        ("Hong Kong", "HKD"),
        ("Mexico City, Mexico", "MXN"),
        ("London, UK", None),
        ("Berlin, Germany", None),
        ("", None),
        (None, None),
    ],
)
def test_currency_for_location(location: str | None, expected: str | None) -> None:
    assert currency_for_location(location) == expected


# --------------------------------------------------------------------------- periods


@pytest.mark.parametrize(
    ("unit", "expected"),
    [
        ("HOUR", "hour"),
        ("DAY", "day"),
        ("WEEK", "week"),
        ("MONTH", "month"),
        ("YEAR", "year"),
        ("per hour", "hour"),
        ("hourly", "hour"),
        ("/hr", "hour"),
        ("an hour", "hour"),
        ("per annum", "year"),
        ("annually", "year"),
        ("a year", "year"),
        ("/yr", "year"),
        ("yearly", "year"),
        ("p.a.", "year"),
        ("monthly", "month"),
        ("/mo", "month"),
        ("per month", "month"),
        ("weekly", "week"),
        ("daily", "day"),
        ("per day", "day"),
        ("  Per Year ", "year"),
        ("day rate", "day"),
        ("fortnightly", None),
        ("", None),
    ],
)
def test_normalize_period(unit: str, expected: str | None) -> None:
    assert normalize_period(unit) == expected


# --------------------------------------------------------------------------- find_pay

POSTING = """Senior Backend Engineer
Toronto, ON
About us
Founded in 2012, we serve 10,000 customers in 40 countries. Our team of 40 raised $20M last year.
Requirements
- 4+ years of experience with Python
- 2-3 days a week in the office
Benefits
- 401(k) with 4% match
- $1,000 annual learning budget
Compensation
The base salary range for this role is $120,000 - $150,000 per year, plus equity.
Questions? Call 555-123-4567.
"""


def test_find_pay_in_posting() -> None:
    assert find_pay(POSTING, default_currency="CAD") == P(120000, 150000, "CAD", "year")


def test_find_pay_heading_lends_context() -> None:
    text = "Salary\n85,000 - 95,000\nBenefits\n- 25 days holiday"
    assert find_pay(text, default_currency="GBP") == P(85000, 95000, "GBP", "year")


def test_find_pay_hourly_role() -> None:
    text = "This is an hourly position.\nPay: $22 - $26\nShifts of 8 hours."
    assert find_pay(text) == P(22, 26, "USD", "hour")


def test_find_pay_none() -> None:
    assert find_pay("We have 4+ years of history and 10,000 customers.\nApply by 12/31/2025.") is None


# --------------------------------------------------------------------------- generated statements

#: (marker, ISO code, positions it may take)
MARKERS: list[tuple[str, str, tuple[str, ...]]] = [
    ("$", "USD", ("pre",)),
    ("US$", "USD", ("pre",)),
    ("C$", "CAD", ("pre",)),
    ("CA$", "CAD", ("pre",)),
    ("A$", "AUD", ("pre",)),
    ("AU$", "AUD", ("pre",)),
    ("S$", "SGD", ("pre",)),
    ("NZ$", "NZD", ("pre",)),
    ("HK$", "HKD", ("pre",)),
    ("€", "EUR", ("pre", "post")),
    ("£", "GBP", ("pre",)),
    ("¥", "JPY", ("pre",)),
    ("₹", "INR", ("pre",)),
] + [
    (code, code, ("pre", "post"))
    for code in [
        "USD",
        "AUD",
        "CAD",
        "GBP",
        "EUR",
        "SGD",
        "NZD",
        "CHF",
        "JPY",
        "INR",
        "HKD",
        "SEK",
        "NOK",
        "DKK",
        "PLN",
        "MXN",
        "BRL",
        "ZAR",
    ]
]

PERIODS = [
    ("per year", "year"),
    ("a year", "year"),
    ("annually", "year"),
    ("yearly", "year"),
    ("/yr", "year"),
    ("/year", "year"),
    ("p.a.", "year"),
    ("per annum", "year"),
    ("per hour", "hour"),
    ("an hour", "hour"),
    ("hourly", "hour"),
    ("/hr", "hour"),
    ("/hour", "hour"),
    ("per month", "month"),
    ("a month", "month"),
    ("monthly", "month"),
    ("/mo", "month"),
    ("per week", "week"),
    ("weekly", "week"),
    ("per day", "day"),
    ("a day", "day"),
    ("daily", "day"),
]

#: Currencies where a figure of 15,000 or more with no period reads as annual.
ANNUAL_NORM = {"USD", "CAD", "AUD", "NZD", "GBP", "EUR", "CHF"}

SEPARATORS = ["-", " - ", "–", " – ", "—", " to ", "between"]
ADDONS = ["", " + super", " + equity", " + bonus", " plus commission", ", plus equity"]
LEADS = ["", "Salary: ", "The base pay range for this role is ", "Compensation: ", "Pay: "]
SPACES = [" ", "\u00a0", "\u202f"]


def _fmt(value: Decimal, style: str, space: str, cents: bool) -> str:
    """Write ``value`` in one of the thousands styles a posting may use."""
    whole = int(value)
    frac = value - whole
    digits = f"{whole:,}"
    group = {"comma": ",", "dot": ".", "space": space, "none": ""}[style]
    decimal_mark = "," if style in ("dot", "space") else "."
    text = digits.replace(",", group)
    if frac:
        text += decimal_mark + f"{int(frac * 100):02d}"
    elif cents:
        text += decimal_mark + "00"
    return text


@st.composite
def pay_statements(draw: st.DrawFn) -> tuple[str, Pay]:
    marker, code, positions = draw(st.sampled_from(MARKERS))
    position = draw(st.sampled_from(positions))
    # a figure must be of a size pay has for its period: small figures are hourly rates, and in
    # currencies of small units (yen, rupees, kronor...) the statements here are weekly or shorter
    kind = draw(st.sampled_from(["k", "big", "small"] if code in ANNUAL_NORM else ["k", "big"]))
    style = draw(st.sampled_from(["comma", "dot", "space", "none"]))
    space = draw(st.sampled_from(SPACES))
    if kind == "small":
        lo = Decimal(draw(st.integers(10, 400)))
        if draw(st.booleans()):
            lo += Decimal(draw(st.integers(1, 99))) / 100
        hi = lo + Decimal(draw(st.sampled_from([0, 0, 5, 10, 20])))
    else:
        step = 1000 if kind == "k" else draw(st.sampled_from([1, 500, 1000]))
        lo = (
            Decimal(draw(st.integers(20, 400)) * 1000)
            if kind == "k"
            else Decimal(draw(st.integers(15_000, 400_000)))
        )
        lo = lo // step * step
        hi = lo + Decimal(draw(st.integers(0, 2 * int(lo) // step)) * step)
    single = lo == hi and draw(st.booleans())
    k_style = draw(st.sampled_from(["k", "K"])) if kind == "k" else ""
    k_last_only = kind == "k" and not single and draw(st.booleans())
    cents = kind == "big" and style in ("comma", "dot") and draw(st.booleans())

    def amount(value: Decimal, with_k: bool) -> str:
        if kind == "k":
            return f"{int(value) // 1000}{k_style if with_k else ''}"
        return _fmt(value, style, space, cents)

    gap = "" if marker.endswith("$") or marker in "€£¥₹" else draw(st.sampled_from(["", " "]))
    if position == "post":
        gap = " " if marker.isalpha() else draw(st.sampled_from(["", " "]))
    placement = draw(st.sampled_from(["both", "one"]))

    def money(value: Decimal, is_first: bool, with_k: bool) -> str:
        num = amount(value, with_k)
        if position == "pre" and (placement == "both" or is_first):
            return f"{marker}{gap}{num}"
        if position == "post" and (placement == "both" or not is_first):
            return f"{num}{gap}{marker}"
        return num

    if single:
        body = money(lo, True, True)
        if position == "post":
            body = f"{amount(lo, True)}{gap}{marker}"
    else:
        sep = draw(st.sampled_from(SEPARATORS))
        first = money(lo, True, not k_last_only)
        second = money(hi, False, True)
        body = f"between {first} and {second}" if sep == "between" else f"{first}{sep}{second}"

    if kind == "small":
        allowed = [p for p in PERIODS if p[1] == "hour"]
    elif code in ANNUAL_NORM:
        allowed = PERIODS
    else:
        allowed = [p for p in PERIODS if p[1] in ("hour", "day", "week")]
    period_choice = draw(st.sampled_from([*allowed, None]))
    if period_choice is None and code not in ANNUAL_NORM:
        period_choice = allowed[0]
    if period_choice is None:
        phrase, period = "", ("year" if lo >= 15_000 else None)
    else:
        phrase = period_choice[0] if period_choice[0].startswith("/") and draw(st.booleans()) else ""
        phrase = phrase or " " + period_choice[0]
        period = period_choice[1]

    text = draw(st.sampled_from(LEADS)) + body + phrase + draw(st.sampled_from(ADDONS))
    return text, Pay(min=float(lo), max=float(hi), currency=code, period=period)


@settings(max_examples=200, deadline=None)
@given(pay_statements())
def test_parse_pay_generated(case: tuple[str, Pay]) -> None:
    text, expected = case
    assert parse_pay(text) == expected, text


DISTRACTORS = [
    "Founded in 2012, we serve 10,000 customers in 40 countries.",
    "- 4+ years of experience",
    "- 401(k) with 4% match",
    "- 2-3 days a week in the office",
    "Our team of 40 raised $20M in funding.",
    "Apply by 12/31/2025 or call 555-123-4567.",
    "- $1,000 learning budget",
]


@settings(max_examples=100, deadline=None)
@given(pay_statements(), st.lists(st.sampled_from(DISTRACTORS), max_size=6), st.integers(0, 6))
def test_find_pay_generated(case: tuple[str, Pay], noise: list[str], where: int) -> None:
    text, expected = case
    lines = list(noise)
    lines.insert(min(where, len(lines)), text)
    assert find_pay("\n".join(lines)) == expected, text
