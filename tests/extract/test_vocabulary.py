"""The vocabulary tables: patterns and pre-checks built from one table agree."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from monitor.extract.vocabulary import table

_SAMPLE = table("sample", en=["job alert", "sign up", "similar jobs"], de=["Jobalarm", "ähnliche Jobs"])


def test_pattern_matches_any_spacing_and_case() -> None:
    assert _SAMPLE.pattern().search("Create a JOB \n alert today")
    assert _SAMPLE.pattern().search("Ähnliche   Jobs")
    assert not _SAMPLE.pattern().search("jobs alerting")


def test_unknown_language_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown language"):
        table("bad", xx=["word"])


@given(st.text(max_size=60))
def test_hints_are_a_sound_precheck(text: str) -> None:
    """Text without any hint never matches the pattern built from the same table."""
    low = text.casefold()
    if not any(h in low for h in _SAMPLE.hints):
        assert _SAMPLE.pattern().search(text) is None


@given(st.sampled_from(_SAMPLE.all()), st.text(max_size=20), st.text(max_size=20))
def test_every_phrase_is_found_by_its_hints(phrase: str, before: str, after: str) -> None:
    text = f"{before} {phrase} {after}"
    assert any(h in text.casefold() for h in _SAMPLE.hints)
    assert _SAMPLE.pattern().search(text)
