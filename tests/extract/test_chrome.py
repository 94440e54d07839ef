"""Chrome told from the posting by the page's own evidence: boxes that address the reader as a site
user, widgets shown twice, and a header row of figures. Pages are written here, in no board's markup."""

from __future__ import annotations

import pytest

from monitor.diff import compare, fingerprint
from monitor.extract import extract_posting
from monitor.models import Posting

_POSTING = """
<h1>Warehouse Shift Lead</h1>
{header}
<div class="d1">
<h3>What the job involves</h3>
<ul><li>Run the night shift for a crew of twelve pickers</li><li>Plan dock slots with the transport desk</li>
<li>Train new starters on scanners and safety rules</li></ul>
{middle}
<h3>Requirements</h3>
<ul><li>Two years leading a warehouse team</li><li>A forklift licence</li>
<li>Help customers sign up and create an account in our returns portal</li></ul>
<div class="p7"><h3>Pay</h3><p>£31,000 - £35,000 per year</p>{pay_tail}</div>
</div>
{tail}
"""


def _page(header: str = "<p>Tilbury Freight</p><p>Leeds, UK</p>", middle: str = "", pay_tail: str = "",
          tail: str = "") -> str:  # fmt: skip
    body = _POSTING.format(header=header, middle=middle, pay_tail=pay_tail, tail=tail)
    return f"<html><head><title>Warehouse Shift Lead</title></head><body>{body}</body></html>"


def _read(html: str) -> Posting:
    reading = extract_posting(html, "https://board.example/job/1")
    assert reading.usable
    return reading.posting


def _texts(posting: Posting) -> list[str]:
    return [t for s in posting.sections for t in [*s.paragraphs, *s.bullets]]


BASE = _read(_page())


@pytest.mark.parametrize(
    "box",
    [
        "<div class='a1'><p><b>Openings like this, every week</b></p><p>{rotating}</p>"
        "<p><small>You can unsubscribe at any time.</small></p></div>",
        "<section><h4>Jobalarm einrichten</h4><p>{rotating}</p></section>",
        "<div><p>{rotating}</p><p>En vous inscrivant, vous acceptez notre politique de confidentialité.</p></div>",
        "<aside><h5>Crea una alerta de empleo</h5><p>{rotating}</p></aside>",
    ],
)
@pytest.mark.parametrize("rotating", ["Fresh Dispatch openings near Hull.", "Neue Jobs in Köln, jeden Tag."])
def test_a_sign_up_box_goes_whole_whatever_its_middle_line_says(box: str, rotating: str) -> None:
    posting = _read(_page(middle=box.format(rotating=rotating)))
    assert fingerprint(posting) == fingerprint(BASE)
    assert rotating not in _texts(posting)


def test_posting_text_that_mentions_accounts_is_kept() -> None:
    assert "Help customers sign up and create an account in our returns portal" in BASE.section_items(
        "requirements"
    )


def test_a_box_of_the_posting_closed_by_fine_print_keeps_its_own_text() -> None:
    """The fine print climbs to its own box, never into the posting's "Pay" box around it."""
    posting = _read(_page(pay_tail="<div><p>Sign up for free job alerts.</p><p>You can unsubscribe at any time.</p></div>"))
    assert posting.pay == BASE.pay
    assert fingerprint(posting) == fingerprint(BASE)


def _widget(score: str, count: int) -> str:
    return (
        f"<div class='w'><h4>How people here rate it</h4><ul><li>{score} ★ growth</li><li>{count}% say go for it</li>"
        f"</ul><p>Across {count * 3} ratings.</p></div>"
    )


@pytest.mark.parametrize(("score", "count"), [("3.9", 71), ("4.4", 12)])
def test_a_widget_shown_above_and_below_the_posting_is_chrome(score: str, count: int) -> None:
    widget = _widget(score, count)
    posting = _read(_page(header=f"<p>Tilbury Freight</p><p>Leeds, UK</p>{widget}", tail=widget))
    assert fingerprint(posting) == fingerprint(BASE)


def test_a_posting_shown_twice_keeps_one_copy() -> None:
    """A long run shown twice (a mobile and a desktop copy) is the posting: one copy stays."""
    html = _page()
    twice = html.replace("</body>", html.split("<body>", 1)[1].replace("<h1>Warehouse Shift Lead</h1>", ""))
    posting = _read(twice)
    assert posting.section_items("requirements") == BASE.section_items("requirements")


@pytest.mark.parametrize(("applied", "match"), [("25 applied", "87% match"), ("310 applied", "42% match")])
def test_a_header_row_of_figures_is_read_as_facts(applied: str, match: str) -> None:
    header = f"<p>Tilbury Freight</p><ul class='t'><li>Leeds, UK</li><li>£31K-£35K/yr</li><li>{applied}</li><li>{match}</li></ul>"
    posting = _read(_page(header=header))
    assert posting.location == "Leeds, UK"
    assert not compare(_read(_page(header=header.replace(applied, "1 applied"))), posting).material
    assert all(applied not in t and match not in t for t in _texts(posting))


# --------------------------------------------------------------------------------------------- another language

_RUN_ON = (
    "<p>Tilbury Freight is hiring a Warehouse Shift Lead in Leeds. Responsibilities: - Run the night shift for a "
    "crew of twelve pickers - Plan dock slots with the transport desk - Train new starters on scanners. "
    "Requirements: - Two years leading a warehouse team - A forklift licence. Pay: £31,000 - £35,000 per year.</p>"
)

_INTERFACE = {
    "de": ("Vor {n} Tagen veröffentlicht", "{m} Bewerbungen", "Jetzt bewerben", "Ähnliche Stellen",
           "Diese Stelle ist nicht mehr verfügbar."),
    "fr": ("Publiée il y a {n} jours", "{m} candidatures", "Postuler maintenant", "Emplois similaires",
           "Cette offre n'est plus disponible."),
    "es": ("Publicada hace {n} días", "{m} postulantes", "Aplicar ahora", "Ofertas similares",
           "Esta oferta ya no está disponible."),
    "nl": ("{n} dagen geleden geplaatst", "{m} kandidaten", "Reageer nu", "Soortgelijke vacatures",
           "Deze vacature is niet meer beschikbaar."),
}  # fmt: skip


def _foreign_page(lang: str, n: int, m: int, *, closed: bool = False) -> str:
    age, counter, apply, recs, notice = _INTERFACE[lang]
    rows = "".join(f"<div><a href='/v/{i}{n}'>Role number {i}</a> <span>Leeds</span></div>" for i in range(6))
    banner = f"<div class='n'><p>{notice}</p></div>" if closed else ""
    return (
        f"<html lang='{lang}'><head><title>Warehouse Shift Lead</title></head><body>{banner}"
        f"<h1>Warehouse Shift Lead</h1><div>Tilbury Freight · Leeds, UK</div>"
        f"<p class='st'>{age.format(n=n)} · {counter.format(m=m)}</p><a href='/a' class='cta'>{apply}</a>"
        f"{_RUN_ON}<h2>{recs}</h2><div class='list'>{rows}</div></body></html>"
    )


@pytest.mark.parametrize("lang", sorted(_INTERFACE))
def test_an_interface_in_another_language_reads_the_english_posting(lang: str) -> None:
    first = extract_posting(_foreign_page(lang, 2, 40), "https://board.example/job/1")
    later = extract_posting(_foreign_page(lang, 9, 311), "https://board.example/job/1")
    assert first.usable and not first.listing and not first.closed
    assert first.posting.title == "Warehouse Shift Lead"
    assert fingerprint(first.posting) == fingerprint(later.posting)
    text = " ".join(_texts(first.posting))
    assert "forklift licence" in text and "Role number" not in text


@pytest.mark.parametrize("lang", sorted(_INTERFACE))
def test_a_closed_notice_in_another_language_is_read(lang: str) -> None:
    assert extract_posting(_foreign_page(lang, 2, 40, closed=True), "https://board.example/job/1").closed
