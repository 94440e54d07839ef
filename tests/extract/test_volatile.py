"""Volatile text: what changes on every visit is masked; what belongs to the posting is kept."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from monitor.extract.volatile import (
    _ACTIVITY,
    _ALWAYS,
    _ANY,
    _HEX,
    _NAMED_TOKEN,
    _NEEDS,
    _OPAQUE,
    _PATTERNS,
    clean_text,
    comparison_key,
    has_volatile,
    is_furniture,
    mask_volatile,
)

VOLATILE = [
    "Posted 6 days ago",
    "Posted 30+ days ago",
    "Reposted 2 weeks ago",
    "an hour ago",
    "3d ago",
    "Over 200 applicants",
    "Be among the first 25 applicants",
    "5,368 views",
    "7903 people clicked apply",
    "Responded to 67% of applications",
    "Employer active 7 hours ago",
    "4.1 out of 5 stars",
    "4.5/5",
    "★★★★☆",
    "© 2025 Acme Inc.",
    "Posted on 3 Nov 2025",
    "Updated: 2025-11-03",
    "session 443160586796df58",
    "Build wl9mxkft2n",
    "5 days left to apply",
    "Closes in 3 days",
    "Just posted",
    "Be an early applicant",
]
STABLE = [
    "3+ years of experience with Python",
    "401(k) with 4% match",
    "$120,000 - $150,000 per year",
    "30 days of paid vacation",
    "Lead a team of 14 warehouse operatives",
    "Experience with WCAG 2.2 AA requirements",
    "We ship to 40 countries",
    "Over 200 employees across three offices",
    "Two weeks of onboarding in Berlin",
]


@pytest.mark.parametrize("text", VOLATILE)
def test_volatile_spans(text: str) -> None:
    assert has_volatile(text)
    assert is_furniture(text)


@pytest.mark.parametrize("text", STABLE)
def test_posting_text_is_not_volatile(text: str) -> None:
    assert not has_volatile(text)
    assert mask_volatile(text) == text


@pytest.mark.parametrize("text", VOLATILE + STABLE)
def test_combined_pattern_agrees_with_the_list(text: str) -> None:
    assert has_volatile(text) == any(p.search(text) for p in _PATTERNS)


_VOCAB = [
    "3", "12", "4.5", "120,000", "30+", "67%", "/", "/5", "out of 5", "★", "☆☆", "©", "(c)", "2025", "2025-11-03",
    "ago", "days", "hours", "weeks", "an hour", "just now", "moments", "today", "this week", "left", "remaining",
    "closes in", "ends in", "expires in", "early applicant", "posted", "Reposted on", "updated:", "active",
    "applicants", "Applications:", "candidates", "views", "clicked", "people", "others have applied", "times",
    "viewed", "responded to", "stars", "reviews", "followers", "salaries", "salary reports", "copyright",
    "build", "session id", "request", "wl9mxkft2n", "443160586796df58", "a1b2c3d4", "deadbeef99", "v2",
    "experience", "Python", "per year", "team", "·", "|", "(", ")", "Over", "with", "and", "of", "the",
    "messages", "45% of", "weekly", "stipend", "friendly", "yearly", "end to end", "closely", "re", "x", "é",
    "ſ", "K", "_", "-", "ı", "poſted", "earlı applicant", "ſaves",
]  # fmt: skip


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(_VOCAB), max_size=8), st.sampled_from([" ", "", "  ", "\n"]))
def test_the_fast_check_agrees_with_the_combined_pattern(words: list[str], sep: str) -> None:
    """_any's word and token pre-checks only ever skip text the combined pattern would not match."""
    text = sep.join(words)
    assert has_volatile(text) == (_ANY.search(text) is not None)


def test_every_pattern_is_gated_by_its_words_or_a_token() -> None:
    gated = [pattern for pattern, _ in _NEEDS] + [_NAMED_TOKEN, _OPAQUE, _HEX]
    assert sorted(gated, key=id) == sorted(_PATTERNS, key=id)


def test_long_posting_text_with_a_date_is_not_furniture() -> None:
    text = "We were founded 12 years ago and today serve more than 3,000 hospitals across Europe and North America."
    assert not is_furniture(text)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Posted 6 days ago · Over 88 applicants", "Posted 7 days ago · Over 100 applicants"),
        ("Build abc123def456", "Build 9f8e7d6c5b4a"),
        ("It’s a hybrid role", "It's a hybrid role"),
        ("Caf\u00e9 supervisor", "Cafe\u0301 supervisor"),  # composed vs decomposed é
        ("Salary\u00a0range", "Salary range"),
        ("  Own   the\n\tinvoicing service ", "Own the invoicing service"),
        ("Bilingual French – English", "Bilingual French - English"),
    ],
)
def test_same_comparison_key(a: str, b: str) -> None:
    assert comparison_key(a) == comparison_key(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("3+ years of experience", "5+ years of experience"),
        ("Salary $120,000", "Salary $130,000"),
        ("Remote", "Hybrid"),
        ("C++ or Rust", "C# or Rust"),
    ],
)
def test_different_comparison_key(a: str, b: str) -> None:
    assert comparison_key(a) != comparison_key(b)


def test_clean_text_folds_white_space_and_invisible_characters() -> None:
    assert clean_text("a\u00adb\u200bc \u00a0 d\n") == "abc d"


_WORDS = st.lists(
    st.sampled_from(["build", "ship", "data", "team", "3", "years", "of", "Go", "and", "with"]), max_size=12
)


@settings(max_examples=60, deadline=None)
@given(
    words=_WORDS, n=st.integers(1, 99), m=st.integers(1, 99), unit=st.sampled_from(["days", "hours", "weeks"])
)
def test_a_relative_age_never_changes_the_key(words: list[str], n: int, m: int, unit: str) -> None:
    text = " ".join(words)
    assert comparison_key(f"{text} · Posted {n} {unit} ago") == comparison_key(
        f"{text} · Posted {m} {unit} ago"
    )


# --------------------------------------------------------------------------------------------- status lines vs posting text

#: Lines that use counter, rating or day words but say what the job is.
POSTING_COUNTERS = [
    "Screen 50+ candidates per week",
    "Review 200 applications per month",
    "Hybrid: 3/5 days in the office",
    "Grow our account to 10,000 followers",
    "Reply to 100% of messages within one working day",
    "Start today and get paid weekly",
    "Hybrid (3 out of 5 days in the office)",
    "Interview 20 shortlisted candidates a week",
    "Prepare 12 salary reports per quarter",
]
#: Status and activity lines, alone or among header facts.
STATUS_LINES = [
    "Posted 3 days ago · 120 applicants",
    "12 applicants in the last day",
    "See how you compare to 120 applicants",
    "Be one of the first 10 applicants",
    "Applicants: 123",
    "Acme Corp (37 reviews)",
    "Acme Corp · Berlin · 2 weeks ago",
    "Apply today",
    "Jobs powered by Hostly · session 443160586796df58",
    "Join 120 other applicants.",
    "Over 200 applicants have already applied",
    "Based on 345 salaries",
    "Job viewed 1,234 times",
]


@pytest.mark.parametrize("text", POSTING_COUNTERS)
def test_counter_worded_posting_text_is_not_furniture(text: str) -> None:
    assert has_volatile(text)  # the header rules still see the counter words
    assert not is_furniture(text)
    assert mask_volatile(text) == text


@pytest.mark.parametrize("text", STATUS_LINES)
def test_status_lines_are_furniture(text: str) -> None:
    assert is_furniture(text)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Hybrid: 3 out of 5 days in the office", "Hybrid: 4 out of 5 days in the office"),
        ("Screen 50+ candidates per week", "Screen 80+ candidates per week"),
        ("Review 200 applications per month", "Review 350 applications per month"),
        ("Grow our account to 10,000 followers", "Grow our account to 25,000 followers"),
        ("Maintain a 4.5/5 customer rating", "Maintain a 4.8/5 customer rating"),
        ("Start today", "Start next month"),
    ],
)
def test_posting_numbers_are_compared(a: str, b: str) -> None:
    assert comparison_key(a) != comparison_key(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Acme Corp (37 reviews)", "Acme Corp (38 reviews)"),
        ("Senior Engineer · Over 88 applicants", "Senior Engineer · Over 100 applicants"),
        ("Acme · 4.1 ★ · Berlin", "Acme · 4.2 ★ · Berlin"),
        ("Founded 12 years ago, we now serve 300 clinics", "Founded 13 years ago, we now serve 300 clinics"),
    ],
)
def test_status_parts_never_change_the_key(a: str, b: str) -> None:
    assert comparison_key(a) == comparison_key(b)


def test_every_pattern_is_either_always_volatile_or_status_only() -> None:
    assert sorted(p.pattern for p in _ALWAYS + _ACTIVITY) == sorted(p.pattern for p in _PATTERNS)
    assert not {p.pattern for p in _ALWAYS} & {p.pattern for p in _ACTIVITY}
