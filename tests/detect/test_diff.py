"""Comparing versions: noise is never material, each edit gives exactly its kinds and a readable summary."""

from __future__ import annotations

import time

import pagekit as pk
import pytest

from monitor.diff import compare, fingerprint, format_pay, summarize
from monitor.models import Pay, Posting, Section

IDS = [p.file for p in pk.POSTINGS]
EDITS = [(p, e) for p in pk.POSTINGS for e in p.edits]


@pytest.mark.parametrize("page", pk.POSTINGS, ids=IDS)
def test_noise_is_not_material(page: pk.Page) -> None:
    base = page.read().posting
    for name, text in pk.noise_versions(page):
        diff = compare(base, page.read(text).posting)
        assert not diff.material, f"{name}: {summarize(diff)}"


@pytest.mark.parametrize(("page", "edit"), EDITS, ids=[f"{p.file}:{e.name}" for p, e in EDITS])
def test_material_edit(page: pk.Page, edit: pk.Edit) -> None:
    diff = compare(page.read().posting, page.read(pk.apply(page.text(), edit.ops)).posting)
    summary = summarize(diff)
    assert diff.kinds == edit.kinds, summary
    for words in edit.summary:
        assert words.casefold() in summary.casefold(), summary


@pytest.mark.parametrize(("page", "edit"), EDITS[::3], ids=[f"{p.file}:{e.name}" for p, e in EDITS[::3]])
def test_material_edit_survives_noise(page: pk.Page, edit: pk.Edit) -> None:
    """An edit arriving together with every kind of noise gives the same kinds as the edit alone."""
    noisy = pk.apply(page.text(), edit.ops)
    for ops in page.noise:
        noisy = pk.apply(noisy, [(a, b) for a, b in ops if a in noisy])
    for fn in (pk.JSON_NOISE if page.is_json else pk.HTML_NOISE).values():
        noisy = fn(noisy)
    assert compare(page.read().posting, page.read(noisy).posting).kinds == edit.kinds


# --------------------------------------------------------------------------------------------- hand-made postings


def _posting(reqs: list[str], duties: list[str] | None = None, pay: Pay | None = None, **kw: str) -> Posting:
    sections = [
        Section("responsibilities", "What you'll do", bullets=duties or ["Build the billing service"]),
        Section("requirements", "Requirements", bullets=reqs),
    ]
    return Posting(
        title=kw.get("title", "Backend Engineer"),
        company="Acme",
        location=kw.get("location", "Austin, TX"),
        workplace=kw.get("workplace"),
        pay=pay,
        sections=sections,
    )


REQS = ["3+ years of backend experience", "Strong SQL skills", "Experience with Go or Rust"]
PAY = Pay(129000, 175000, "USD", "year")


def test_reordering_is_no_change() -> None:
    a, b = _posting(REQS), _posting(list(reversed(REQS)))
    assert not compare(a, b).material
    assert fingerprint(a) == fingerprint(b)


def test_bullet_moved_to_another_section_is_no_change() -> None:
    a = _posting(REQS, ["Build the billing service", "Own on-call"])
    b = _posting([*REQS, "Own on-call"], ["Build the billing service"])
    assert not compare(a, b).material


def test_an_edited_bullet_is_one_edit() -> None:
    diff = compare(_posting(REQS), _posting(["5+ years of backend experience", *REQS[1:]]))
    change = diff.text["requirements"]
    assert (change.added, change.removed) == ([], [])
    assert change.edited == [("3+ years of backend experience", "5+ years of backend experience")]
    assert summarize(diff) == "Requirement changed: '3+ years' → '5+ years'"


def test_added_and_removed_bullets() -> None:
    diff = compare(_posting(REQS), _posting([*REQS[:2], "Kubernetes in production"]))
    assert diff.kinds == ["requirements"]
    assert (
        summarize(diff)
        == "Requirement added: 'Kubernetes in production'; requirement removed: 'Experience with Go or Rust'"
    )


def test_pay_summary() -> None:
    diff = compare(_posting(REQS, pay=PAY), _posting(REQS, pay=Pay(129000, 215000, "USD", "year")))
    assert diff.kinds == ["pay"]
    assert summarize(diff) == "Pay max 175,000 → 215,000 USD/year"
    assert (
        summarize(compare(_posting(REQS, pay=PAY), _posting(REQS)))
        == "Pay removed (was 129,000–175,000 USD/year)"
    )
    assert (
        summarize(compare(_posting(REQS), _posting(REQS, pay=PAY))) == "Pay added: 129,000–175,000 USD/year"
    )
    assert format_pay(Pay(25.5, 25.5, "USD", "hour")) == "25.50 USD/hour"


def test_pay_sentence_is_the_pay_change_not_a_text_change() -> None:
    a = _posting([*REQS, "Salary of $129,000 - $175,000 per year"], pay=PAY)
    b = _posting([*REQS, "Salary of $129,000 - $215,000 per year"], pay=Pay(129000, 215000, "USD", "year"))
    assert compare(a, b).kinds == ["pay"]


def test_years_and_pay_changed_together_are_both_reported() -> None:
    a = _posting([*REQS, "Salary of $129,000 - $175,000 per year"], pay=PAY)
    b = _posting(
        ["5+ years of backend experience", *REQS[1:], "Salary of $129,000 - $215,000 per year"],
        pay=Pay(129000, 215000, "USD", "year"),
    )
    diff = compare(a, b)
    assert diff.kinds == ["pay", "requirements"]
    assert "'3+ years' → '5+ years'" in summarize(diff)


def test_numbers_that_are_not_pay_still_count_when_pay_changed() -> None:
    a = _posting(["Lead a team of 4 engineers", *REQS], pay=PAY)
    b = _posting(["Lead a team of 9 engineers", *REQS], pay=Pay(129000, 215000, "USD", "year"))
    assert compare(a, b).kinds == ["pay", "requirements"]


def test_title_and_location() -> None:
    diff = compare(_posting(REQS), _posting(REQS, title="Senior Backend Engineer", location="Denver, CO"))
    assert diff.kinds == ["title", "location"]
    assert (
        summarize(diff)
        == "Title 'Backend Engineer' → 'Senior Backend Engineer'; Location Austin, TX → Denver, CO"
    )


def test_workplace_change_is_a_location_change() -> None:
    diff = compare(_posting(REQS, workplace="remote"), _posting(REQS, workplace="hybrid"))
    assert diff.kinds == ["location"]
    assert summarize(diff) == "Workplace remote → hybrid (Austin, TX)"


def test_volatile_and_cosmetic_differences() -> None:
    a = _posting(["3+ years of backend experience (posted 3 days ago)", *REQS[1:]])
    b = _posting(["3+ years of backend  experience (posted 9 days ago)", *REQS[1:]])
    assert not compare(a, b).material


def test_ten_thousand_different_bullets_compare_quickly() -> None:
    a = _posting([f"Old requirement number {i}" for i in range(10_000)])
    b = _posting([f"New qualification item {i}" for i in range(10_000)])
    start = time.perf_counter()
    diff = compare(a, b)
    assert time.perf_counter() - start < 5
    assert diff.kinds == ["requirements"]
    assert summarize(diff).startswith("10000 requirements added")


# --------------------------------------------------------------------------------------------- pay section text, workplace


def _with_pay_section(paragraphs: list[str], pay: Pay | None = PAY) -> Posting:
    posting = _posting(REQS, pay=pay)
    posting.sections.append(Section("compensation", "Compensation", paragraphs=paragraphs))
    return posting


PAY_LINE = "The base salary range is $129,000 - $175,000 per year. Offers depend on experience and location."
EEO = "Acme is an equal opportunity employer and values every background."


def test_compensation_section_text_is_compared_as_description() -> None:
    a = _with_pay_section([PAY_LINE, EEO])
    b = _with_pay_section([PAY_LINE, EEO.replace("every background", "every background and ability")])
    diff = compare(a, b)
    assert diff.kinds == ["description"]
    assert "'every background.' → 'every background and ability.'" in summarize(diff)


def test_pay_sentence_in_the_compensation_section_stays_a_pay_change() -> None:
    raised = Pay(129000, 215000, "USD", "year")
    a = _with_pay_section([PAY_LINE, EEO])
    b = _with_pay_section([PAY_LINE.replace("$175,000", "$215,000"), EEO], pay=raised)
    assert compare(a, b).kinds == ["pay"]


def test_compensation_section_going_with_the_pay_is_one_pay_change() -> None:
    a = _with_pay_section([PAY_LINE, EEO])
    assert compare(a, _posting(REQS)).kinds == ["pay"]
    assert compare(_posting(REQS), a).kinds == ["pay"]


def test_pay_sentence_whose_period_changes_with_the_figures() -> None:
    a = _posting([*REQS, "Competitive wage of $24 - $28 per hour"], pay=Pay(24, 28, "USD", "hour"))
    b = _posting(
        [*REQS, "Competitive wage of $52,000 - $58,000 a year"], pay=Pay(52000, 58000, "USD", "year")
    )
    assert compare(a, b).kinds == ["pay"]


def test_period_words_alone_are_not_a_pay_change() -> None:
    a = _posting([*REQS, "Weekly team lunch"], pay=PAY)
    b = _posting([*REQS, "Monthly team lunch"], pay=Pay(129000, 215000, "USD", "year"))
    assert compare(a, b).kinds == ["pay", "requirements"]


def test_workplace_appearing_is_a_location_change() -> None:
    diff = compare(_posting(REQS), _posting(REQS, workplace="hybrid"))
    assert diff.kinds == ["location"]
    assert summarize(diff) == "Workplace not stated → hybrid (Austin, TX)"
    assert compare(_posting(REQS, workplace="remote"), _posting(REQS)).kinds == ["location"]


def test_workplace_without_a_place_on_both_sides_is_not_a_location_change() -> None:
    assert not compare(_posting(REQS, location=""), _posting(REQS, location="", workplace="remote")).material


def test_a_sentence_restating_a_changed_field_is_that_field_change() -> None:
    def version(place: str, extra: str = "") -> Posting:
        return Posting(
            title="Yard Planner",
            location=place,
            sections=[
                Section(kind="description", paragraphs=[f"Orca Freight is hiring a Yard Planner in {place}.{extra}"]),
                Section(kind="requirements", bullets=["Two years of yard planning"]),
            ],
        )

    moved = compare(version("Tacoma, WA"), version("Olympia, WA"))
    assert moved.kinds == ["location"]
    # the same sentence edited in other words as well: a description change besides the move
    edited = compare(version("Tacoma, WA"), version("Olympia, WA", " Night shifts only."))
    assert set(edited.kinds) == {"location", "description"}
