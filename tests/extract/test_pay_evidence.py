"""Pay only from pay: benefit amounts, status lines and a header range read as a person reads them."""

from __future__ import annotations

import pytest

from monitor.diff import compare
from monitor.extract import extract_posting
from monitor.extract.pay import find_pay
from monitor.models import Pay

_BODY = (
    "<p>We are hiring a support lead to run our help desk for customers across the region and to coach "
    "the team of agents every day.</p><h3>Requirements</h3><ul><li>Three years in support</li>"
    "<li>Clear writing</li></ul>"
)


@pytest.mark.parametrize(
    "header",
    [
        "<p>Acme · Austin, TX · $120,000 - $150,000 a year</p>",
        "<p>$120,000 - $150,000 a year</p><p>Austin, TX</p>",
        "<div>Acme</div><div>Austin, TX</div><div>$120,000 – $150,000 a year</div>",
    ],
)
def test_a_range_in_the_header_row_is_one_range(header: str) -> None:
    posting = extract_posting(f"<html><body><h1>Support Lead</h1>{header}{_BODY}</body></html>").posting
    assert posting.pay == Pay(120000, 150000, "USD", "year")


@pytest.mark.parametrize(
    "line",
    ["Fertility HRA (up to $10,000 per year)", "$2,000 learning budget", "Gym membership up to $600 a year",
     "Employer match up to $6,000 per year"],
)  # fmt: skip
def test_a_benefit_amount_is_not_pay(line: str) -> None:
    assert find_pay(line) is None
    html = f"<html><body><h1>Support Lead</h1>{_BODY}<h3>Perks</h3><ul><li>{line}</li></ul></body></html>"
    assert extract_posting(html).posting.pay is None


def test_pay_beside_a_benefit_is_still_pay() -> None:
    assert find_pay("Compensation: $140k-$170k; we also offer a $1,500 wellness stipend") == Pay(
        140000, 170000, "USD", "year"
    )


def test_a_status_line_is_never_pay() -> None:
    html = f"<html><body><h1>Support Lead</h1><p>Confirmed 16 hours ago · Posted 2 weeks ago</p>{_BODY}</body></html>"
    assert extract_posting(html).posting.pay is None


def test_a_bare_dollar_read_two_ways_is_one_pay() -> None:
    """The same figures, read as USD on one version and AUD on the next, are no pay change."""
    base = extract_posting(f"<html><body><h1>Support Lead</h1><p>$90,000 - $100,000 a year</p>{_BODY}</body></html>")
    usd, aud = base.posting, base.posting
    aud = type(usd)(**{**usd.__dict__, "pay": Pay(90000, 100000, "AUD", "year")})
    assert not compare(usd, aud).pay
    eur = type(usd)(**{**usd.__dict__, "pay": Pay(90000, 100000, "EUR", "year")})
    assert compare(usd, eur).pay


def test_one_table_of_places_serves_both_readers() -> None:
    """Every place the table names is a place to the header reader, and a dollar place gives its currency."""
    from monitor.extract.pay import currency_for_location
    from monitor.extract.places import PLACES, looks_like_place

    for place in PLACES:
        for name in place.names:
            assert looks_like_place(name.title()), name
            if place.currency in ("USD", "CAD", "AUD", "NZD", "SGD", "HKD") and place.kind != "area":
                assert currency_for_location(name.title()) == place.currency, name
    assert currency_for_location("Perth, WA") == "AUD" and currency_for_location("Spokane, WA") == "USD"
