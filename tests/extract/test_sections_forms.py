"""Section headings in their many forms and languages, and run-on postings cut into sections.

Fixtures are written here with our own wording.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from monitor.extract import read_page
from monitor.extract.sections import classify_heading
from monitor.models import Posting


@pytest.mark.parametrize(
    ("heading", "kind"),
    [
        ("What We Require", "requirements"),
        ("At a minimum, you need to have:", "requirements"),
        ("Your Background Includes:", "requirements"),
        ("Who are you?", "requirements"),
        ("What you’ll bring", "requirements"),
        ("Das bringst du mit", "requirements"),
        ("Votre profil", "requirements"),
        ("Lo que buscamos", "requirements"),
        ("Wat vragen wij", "requirements"),
        ("Deine Aufgaben", "responsibilities"),
        ("Vos missions", "responsibilities"),
        ("Tus funciones", "responsibilities"),
        ("Wat ga je doen", "responsibilities"),
        ("Was wir bieten", "benefits"),
        ("Ce que nous offrons", "benefits"),
        ("Qué ofrecemos", "benefits"),
        ("Wat bieden wij", "benefits"),
        ("What you'll get in return", "benefits"),
        ("Vergütung", "compensation"),
        ("Payments team", None),  # "pay" only as a whole word
    ],
)
def test_heading_forms(heading: str, kind: str | None) -> None:
    assert classify_heading(heading) == kind


def _page(body: str) -> Posting:
    html = (
        "<html><head><title>Kiln Technician | Claywork</title></head><body><h1>Kiln Technician</h1>"
        f"<p>Claywork</p><div>{body}</div></body></html>"
    )
    return read_page(html).posting


def _kinds(p: Posting) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for s in p.sections:
        out.setdefault(s.kind, []).extend(s.bullets)
    return out


DUTIES = ["Load and fire the gas kilns twice a week", "Log every firing curve", "Order clay and glaze stock"]
NEEDS = ["Two years in a pottery studio", "A forklift licence", "Comfort lifting heavy ware boards"]


def test_heading_leads_without_markers_cut_a_run_on_block() -> None:
    text = (
        "Who we are: Claywork throws tableware for restaurants in four cities. "
        "What you will do: • " + " • ".join(DUTIES) + " What you bring: • " + " • ".join(NEEDS)
        + " The studio is open from seven in the morning until four in the afternoon."
    )
    p = _page(f"<p>{text}</p>")
    kinds = _kinds(p)
    assert kinds["responsibilities"] == DUTIES
    assert kinds["requirements"] == NEEDS  # the closing sentence is not glued to the last bullet
    assert any("seven in the morning" in t for s in p.sections for t in s.paragraphs)


def test_a_label_inside_a_sentence_is_not_a_section() -> None:
    p = _page("<p>We pay well and we mean it. Our note to applicants: experience with kilns helps a lot.</p>")
    assert all(s.kind == "description" for s in p.sections)


def test_question_heading_paragraph_starts_requirements() -> None:
    p = _page(
        "<p>Claywork throws tableware for restaurants in four cities and ships across the country.</p>"
        "<p>Who are you?</p><ul>" + "".join(f"<li>{n}</li>" for n in NEEDS) + "</ul>"
    )
    assert _kinds(p)["requirements"] == NEEDS


@settings(max_examples=40, deadline=None)
@given(
    marker=st.sampled_from(["•", "-", "–", "*"]),
    duty_label=st.sampled_from(["What you will do", "Responsibilities", "Your tasks", "Deine Aufgaben"]),
    need_label=st.sampled_from(["What you bring", "Requirements", "What We Require", "Ihr Profil", "Requisitos"]),
    intro=st.sampled_from(["", "About us: Claywork throws tableware for restaurants in four cities. "]),
)
def test_any_run_on_form_reads_the_same_bullets(marker: str, duty_label: str, need_label: str, intro: str) -> None:
    """A run-on posting reads the same bullets in the same sections whatever its markers and labels."""
    text = (
        f"{intro}{duty_label}: {marker} " + f" {marker} ".join(DUTIES)
        + f" {need_label}: {marker} " + f" {marker} ".join(NEEDS)
    )
    kinds = _kinds(_page(f"<p>{text}</p>"))
    assert kinds["responsibilities"] == DUTIES
    assert kinds["requirements"] == NEEDS
