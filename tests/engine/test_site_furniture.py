"""Furniture learned from the site's other postings: text many postings of a host share is the site's.

The box here is worded as no vocabulary table words it, so only the host's other pages can tell it
is the board's: its heading and fine print stand on every posting, its middle line is a slot.
"""

from __future__ import annotations

import json

import pytest
from support.board import LocalBoard

from monitor.furniture import NO_SITE_TEXTS, Observation, SiteTexts, observation, shape_hash, text_hash
from monitor.models import Posting, Section
from monitor.store import Store

_POSTINGS = [
    ("Payments Engineer", "Orrin Bank", "Go"),
    ("Fraud Analyst", "Kettle Insure", "SQL"),
    ("Site Reliability Engineer", "Marlow Freight", "Terraform"),
    ("Data Engineer", "Pellam Health", "Spark"),
]
_ROTATING = [
    "Fresh Logistics roles near Hull, each Friday.",
    "Fresh Design and Research roles near Cork, each Friday.",
    "Fresh Nursing roles near Leeds, each Friday.",
]


def _page(n: int, version: int, *, edited: bool = False) -> str:
    title, company, skill = _POSTINGS[n]
    rotating = _ROTATING[(n + version) % len(_ROTATING)]
    extra = "<li>On-call one week in six</li>" if edited else ""
    return (
        f"<html><head><title>{title}</title></head><body><h1>{title}</h1><p>{company}</p><p>Leeds, UK</p>"
        f"<h3>About the role</h3><p>{company} is growing its {title.lower()} team and wants someone to own "
        f"the systems behind it, from design to on-call, with a small group of peers.</p>"
        f"<h3>Requirements</h3><ul><li>Three years working with {skill}</li><li>Clear written English</li>{extra}</ul>"
        f"<div class='k2'><p><b>Stay in the loop</b></p><p>{rotating}</p>"
        f"<p><small>Opt out whenever it suits you.</small></p></div>"
        f"<ul><li>Comfort reviewing code from {company} teams</li></ul></body></html>"
    )


def _events(out: str) -> list[dict[str, object]]:
    return [e for e in map(json.loads, out.splitlines()) if e.get("material")]


def test_a_box_the_site_shows_on_every_posting_never_alerts(board: LocalBoard, cli: object) -> None:
    urls = []
    for n in range(len(_POSTINGS)):
        board.set(f"/job/{n}", _page(n, 0))
        urls.append(board.url(f"/job/{n}"))
    cli("add", *urls)  # type: ignore[operator]
    assert _events(cli("check", "--json").stdout) == []  # type: ignore[operator]  # the baseline
    for version in (1, 2):
        for n in range(len(_POSTINGS)):
            board.set(f"/job/{n}", _page(n, version))
        assert _events(cli("check", "--json").stdout) == [], version  # type: ignore[operator]
    board.set("/job/0", _page(0, 0, edited=True))
    events = _events(cli("check", "--json").stdout)  # type: ignore[operator]
    assert [(e["url"], e["kinds"]) for e in events] == [(urls[0], ["requirements"])]


def test_without_other_postings_the_rotating_line_is_the_posting_s(board: LocalBoard, cli: object) -> None:
    """One watch on its host: nothing is learned, so its own text is compared in full."""
    board.set("/job/0", _page(0, 0))
    cli("add", board.url("/job/0"))  # type: ignore[operator]
    cli("check", "--json")  # type: ignore[operator]
    board.set("/job/0", _page(0, 1))
    assert len(_events(cli("check", "--json").stdout)) == 1  # type: ignore[operator]


# --------------------------------------------------------------------------------------------- the pure rules


def _posting(title: str, company: str, *texts: str) -> Posting:
    return Posting(title=title, company=company, sections=[Section("description", "", list(texts), [])])


def test_a_line_keeps_its_shape_with_other_names_and_figures_in_it() -> None:
    assert shape_hash("New Data and Analytics openings in New York, NY, every Monday.") == shape_hash(
        "New Engineering openings in Toronto, every Monday."
    )
    assert shape_hash("New Engineering openings in Toronto, every Monday.") != shape_hash(
        "New Engineering hires in Toronto, every Monday."
    )
    assert shape_hash("Experience with Go") is None  # too few words of its own to name a shape


def test_copies_of_one_posting_are_one_observation() -> None:
    a = observation(_posting("Data Engineer", "Pellam", "We build things."))
    b = observation(_posting("Data  engineer", "Pellam", "We build things."))
    assert a is not None and b is not None and a.posting == b.posting
    assert observation(Posting()) is None


def test_a_short_line_between_two_site_texts_is_a_slot() -> None:
    site = SiteTexts(frozenset({text_hash("Stay in the loop"), text_hash("Opt out whenever.")}))
    texts = ["Our team is small.", "Stay in the loop", "Anything at all here", "Opt out whenever.", "We ship."]
    assert site.site_texts(texts) == {1, 2, 3}
    assert NO_SITE_TEXTS.site_texts(texts) == set()


# --------------------------------------------------------------------------------------------- what the store learns


def _seen(posting: str, company: str, *texts: str) -> Observation:
    return Observation(posting, company, frozenset(text_hash(t) for t in texts))


def test_text_shared_by_most_postings_of_two_employers_is_the_site_s(store: Store) -> None:
    for n, company in enumerate(["a", "b", "c", "d"]):
        store.observe_site("jobs.example", _seen(f"p{n}", company, "Sign in to save", f"own text {n}"))
    site = store.site_texts("jobs.example")
    assert site.site_texts(["Sign in to save"]) == {0}
    assert site.site_texts(["own text 1"]) == set()
    assert store.site_texts("other.example").site_texts(["Sign in to save"]) == set()


@pytest.mark.parametrize(
    ("companies", "sharing"),
    [(["a", "a", "a", "a"], 4),  # one employer's postings share a bullet: still theirs
     (["a", "b", "c", "d"], 2),  # two of four share it: a bullet of each
     (["a", "b"], 2)],  # fewer than three postings: nothing is learned
)  # fmt: skip
def test_a_bullet_some_postings_share_stays_theirs(store: Store, companies: list[str], sharing: int) -> None:
    for n, company in enumerate(companies):
        texts = ["Fluent English"] if n < sharing else []
        store.observe_site("jobs.example", _seen(f"p{n}", company, *texts, f"own {n}"))
    assert store.site_texts("jobs.example").site_texts(["Fluent English"]) == set()


def test_a_posting_seen_again_replaces_what_it_showed(store: Store) -> None:
    for n, company in enumerate(["a", "b", "c"]):
        store.observe_site("jobs.example", _seen(f"p{n}", company, "Old banner"))
    store.observe_site("jobs.example", _seen("p0", "a", "New banner"))
    assert store.site_texts("jobs.example").site_texts(["Old banner"]) == set()


def test_a_requirement_with_figures_is_never_the_site_s_by_its_shape() -> None:
    site = SiteTexts(frozenset(filter(None, [shape_hash("You have 3 years of Go in production."),
                                             text_hash("Stay in the loop")])))  # fmt: skip
    edited = "You have 5 years of Go in production."
    assert site.site_texts([edited], figures_verbatim=True) == set()
    assert site.site_texts([edited]) == {0}  # a description line of the site's shape
