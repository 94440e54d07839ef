"""Text that changes on every visit without the posting changing, and how to keep it out of comparisons.

Boards decorate a posting with relative ages ("Posted 6 days ago"), activity
counters ("Over 88 applicants", "5,368 views"), response rates, ratings,
session ids, build hashes and copyright years. A short line made mostly of
such text is page furniture and is dropped from the posting; inside real
posting text the matches are masked, so "3 years of experience" still counts
while "posted 3 days ago" never does.
"""

from __future__ import annotations

import re
import unicodedata

_NUM = r"(?:\d[\d,.]*\d|\d)\+?"
_UNIT = (
    r"(?:s|secs?|seconds?|m|mins?|minutes?|h|hrs?|hours?|d|days?|w|wks?|weeks?|mos?|months?|y|yrs?|years?)"
)

_PATTERNS: list[re.Pattern[str]] = [
    # relative ages: "6 days ago", "an hour ago", "30+ days ago", "3d ago"
    re.compile(rf"\b(?:{_NUM}|an?|one|a few|few|several)\s*{_UNIT}\s+ago\b", re.I),
    re.compile(r"\b(?:just now|just posted|moments? ago|today|yesterday|this week|last week)\b", re.I),
    # countdowns and freshness badges: "5 days left", "Closes in 3 days", "Be an early applicant"
    re.compile(rf"\b{_NUM}\s*{_UNIT}\s+(?:left|remaining)\b", re.I),
    re.compile(rf"\b(?:closes?|closing|ends?|expires?)\s+in\s+(?:{_NUM}|an?|one)\s*{_UNIT}\b", re.I),
    re.compile(r"\b(?:be an? )?early applicant\b", re.I),
    # "Posted on 3 Nov 2026", "Updated: 2026-11-03", "Date posted 11/03/2026"
    re.compile(
        r"\b(?:date\s+)?(?:posted|reposted|updated|published|listed|refreshed|active|confirmed)\s*(?:on|:)?\s*"
        r"(?:\d{4}-\d{2}-\d{2}|\d{1,2}[/.]\d{1,2}[/.]\d{2,4}|\d{1,2}\s+[A-Z][a-z]{2,8}\.?\s+\d{4}|[A-Z][a-z]{2,8}\.?\s+\d{1,2},?\s+\d{4})",
        re.I,
    ),
    # activity counters: "Over 88 applicants", "5368 views", "5,715 people clicked apply", "be among the first 25"
    re.compile(
        rf"\b(?:over|more than|fewer than|less than|among the first|up to)?\s*{_NUM}\s*"
        r"(?:applicants?|applications?|candidates?|views?|viewers?|clicks?|"
        r"reviews?|ratings?|followers?|saves?|visits?|visitors?|impressions?)\b",
        re.I,
    ),
    re.compile(
        rf"\b{_NUM}\s*(?:people|persons|users|members|others)\s+(?:have\s+)?(?:clicked|applied|viewed|saved)",
        re.I,
    ),
    re.compile(
        r"\b\d{1,3}(?:\.\d+)?\s*%\s*(?:of\s+)?(?:applications?|applicants?|candidates?|messages?)\b", re.I
    ),
    re.compile(r"\bresponded to\b[^.·|]*", re.I),
    # ratings: "4.2 ★", "4.5/5", "4 out of 5 stars"
    re.compile(r"\b\d(?:\.\d)?\s*(?:/\s*5|out of 5(?:\s+stars?)?|stars?|★+)", re.I),
    re.compile(r"[★☆]{2,}"),
    # copyright years
    re.compile(r"(?:©|\(c\)|copyright)\s*(?:\d{4}\s*[-–]\s*)?\d{4}", re.I),
    # a short token named as a build, session or request id: "Build wl9mxkft2n", "request id: 7f3a9c"
    re.compile(
        r"\b(?:build|session|request|trace|nonce|hash|commit|rev(?:ision)?|ref(?:erence)?)(?:\s*id)?\s*[:#]?\s*"
        r"(?=[A-Za-z0-9_-]*\d)[A-Za-z0-9_-]{6,}\b",
        re.I,
    ),
    # opaque tokens: session ids, nonces, build hashes (letters and digits mixed, 8+ long)
    re.compile(r"\b(?=[A-Za-z0-9_-]*\d)(?=[A-Za-z0-9_-]*[A-Za-z])[A-Za-z0-9_-]{12,}\b"),
    re.compile(r"\b(?=[a-f0-9]*\d)(?=[a-f0-9]*[a-f])[a-f0-9]{8,}\b"),
]

#: All of the above as one pattern, so asking "is anything volatile here?" is a single scan.
_ANY = re.compile("|".join(f"(?{'i' if p.flags & re.I else ''}:{p.pattern})" for p in _PATTERNS))

_PLACEHOLDER = "\u2063"  # invisible separator; never occurs in real text


def clean_text(text: str) -> str:
    """Unicode-normalised text with runs of white space folded to one space."""
    text = unicodedata.normalize("NFKC", text).replace("\u00ad", "").replace("\u200b", "")
    return re.sub(r"\s+", " ", text).strip()


def mask_volatile(text: str) -> str:
    """Replace volatile spans with a placeholder (kept so the text's shape survives)."""
    for pattern in _PATTERNS:
        text = pattern.sub(_PLACEHOLDER, text)
    return text


def has_volatile(text: str) -> bool:
    return _ANY.search(text) is not None


def is_furniture(text: str, *, max_words: int = 14) -> bool:
    """A short line that carries volatile text: a status or activity line, not posting content."""
    words = text.split()
    return bool(words) and len(words) <= max_words and has_volatile(text)


def comparison_key(text: str) -> str:
    """What two versions of one piece of text must share to count as the same.

    Volatile spans, case, punctuation and white space are ignored; words and
    numbers that belong to the posting are kept.
    """
    text = mask_volatile(clean_text(text))
    text = text.replace(_PLACEHOLDER, " ")
    text = text.casefold()
    text = re.sub(r"[^\w\s%$€£¥+.#/]", " ", text)
    text = re.sub(r"(?<!\d)[.](?!\d)", " ", text)
    return re.sub(r"\s+", " ", text).strip()
