"""The reading key: equal only when the posting read from the page must be the same.

A check trusts an equal key to skip reading the rest of the page, so the one
property that matters is soundness — equal keys, equal fingerprints — and every
material edit must change the key. Furniture (tokens, ages, counters, entity
spelling) should leave it alone, or the skipping saves nothing.
"""

from __future__ import annotations

import pagekit as pk
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support.postings import posting_page

from monitor.diff import fingerprint
from monitor.extract import extract_posting

IDS = [p.file for p in pk.POSTINGS]


def _read(page: pk.Page, text: str | None = None) -> tuple[str | None, str]:
    reading = page.read(text)
    return reading.key, fingerprint(reading.posting)


@pytest.mark.parametrize("page", pk.POSTINGS, ids=IDS)
def test_equal_keys_mean_equal_fingerprints(page: pk.Page) -> None:
    key, digest = _read(page)
    assert key is not None
    versions = pk.noise_versions(page) + [(e.name, pk.apply(page.text(), e.ops)) for e in page.edits]
    for name, text in versions:
        other_key, other_digest = _read(page, text)
        if other_key == key:
            assert other_digest == digest, name


@pytest.mark.parametrize("page", pk.POSTINGS, ids=IDS)
def test_every_material_edit_changes_the_key(page: pk.Page) -> None:
    key, _ = _read(page)
    for edit in page.edits:
        assert _read(page, pk.apply(page.text(), edit.ops))[0] != key, edit.name


@pytest.mark.parametrize("page", [p for p in pk.POSTINGS if not p.is_json], ids=lambda p: p.file)
@pytest.mark.parametrize("noise", ["tokens", "entities"])
def test_rotated_tokens_and_entity_spelling_keep_the_key(page: pk.Page, noise: str) -> None:
    assert _read(page, pk.HTML_NOISE[noise](page.text()))[0] == _read(page)[0]


@pytest.mark.parametrize("page", [p for p in pk.POSTINGS if p.is_json], ids=lambda p: p.file)
def test_a_reformatted_api_answer_keeps_the_key(page: pk.Page) -> None:
    assert _read(page, pk.json_reformat(page.text()))[0] == _read(page)[0]


@settings(max_examples=40, deadline=None)
@given(
    days=st.integers(min_value=1, max_value=9),
    applicants=st.integers(min_value=10, max_value=9999),
    token=st.text(alphabet="abcdef0123456789", min_size=16, max_size=16),
)
def test_ages_counters_and_tokens_keep_the_key(days: int, applicants: int, token: str) -> None:
    base = extract_posting(posting_page(days_ago=3, applicants=41, noise="a1b2c3d4e5f60718"))
    other = extract_posting(posting_page(days_ago=days, applicants=applicants, noise=token))
    assert other.key == base.key


@settings(max_examples=40, deadline=None)
@given(years=st.integers(min_value=1, max_value=15), low=st.integers(min_value=50, max_value=200))
def test_a_changed_figure_changes_the_key(years: int, low: int) -> None:
    base = extract_posting(posting_page())
    pay = f"${low},000 - $175,000 per year"
    edited = posting_page(requirements=(f"{years}+ years of experience with Spark", "Strong SQL"), pay=pay)
    changed = (years, low) != (3, 140)
    assert (extract_posting(edited).key != base.key) == changed


def test_a_page_with_the_key_asked_about_is_not_read_to_the_end() -> None:
    first = extract_posting(posting_page(days_ago=3))
    again = extract_posting(posting_page(days_ago=4), unless_key=first.key)
    assert again.same and again.key == first.key
    assert again.posting.title is None and again.posting.sections == []  # not read: nothing to show


def test_another_key_reads_the_whole_page() -> None:
    first = extract_posting(posting_page(days_ago=3))
    edited = extract_posting(posting_page(title="Staff Data Engineer"), unless_key=first.key)
    assert not edited.same and edited.key not in (None, first.key)
    assert edited.posting.title == "Staff Data Engineer"
