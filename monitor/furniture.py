"""What a site's other postings say about its furniture: text many of its postings share.

A board wraps every posting in the same chrome. Some of it no rule on one page
can tell from the posting (a box titled in words no list holds, with a line in
the middle that changes on every visit). What gives it away is the rest of the
site: the same lines stand on the pages of different postings, of different
employers. This module is pure: it says which texts of a posting to remember
(``observation``) and, given what the store learned for a host, which texts a
comparison leaves out (``SiteTexts``). The store keeps the observations
(``Store.observe_site`` / ``Store.site_texts``).

What counts as the site's, and why it never hides a posting's own text:

* a text is the site's when it stands on at least ``MIN_POSTINGS`` distinct
  postings of the host *and* on at least ``MIN_SHARE`` of them, *and* those
  postings name at least two employers. A bullet two postings of one employer
  share ("Fluent English") stays theirs; copies of one posting count once;
* a short line counts by its shape too (never a requirement's or a duty's bullet) (its own lower-case words, with names and
  figures as slots): "New Data openings in Austin, every Monday." on one page and
  "New Sales openings in Leeds, every Monday." on another are one line of the
  site's with other values in it;
* a short text standing between two of the site's texts in one section (the
  rotating middle line of a sign-up box) is the site's slot.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass
from urllib.parse import urlsplit

from monitor.extract.volatile import clean_text, comparison_key
from monitor.models import Posting

__all__ = [
    "MIN_POSTINGS", "MIN_SHARE", "NO_SITE_TEXTS", "Observation", "SiteTexts", "host_of", "observation",
    "shared_threshold", "text_hash",
]  # fmt: skip

#: A text is the site's only when this many distinct postings of the host show it …
MIN_POSTINGS = 3
#: … and when they are at least this share of the distinct postings seen on the host.
MIN_SHARE = 0.75
#: A text between two of the site's texts is the site's slot only when it is this short.
_SLOT_WORDS = 25


def host_of(url: str) -> str:
    """The host a watch's furniture is learned on: its URL's host name, lower case."""
    return (urlsplit(url).hostname or "").lower()


def text_hash(text: str) -> str:
    """A short, stable name for a text as comparisons see it (volatile spans masked)."""
    return hashlib.blake2b(comparison_key(text).encode(), digest_size=8).hexdigest()


#: A text's shape is kept only for lines this short that keep this many words of their own.
_SHAPE_WORDS = 15
_SHAPE_KEPT = 3
_TOKEN_EDGE = ".,;:!?()[]\"'“”‘’"


def shape_hash(text: str) -> str | None:
    """The name of a short line's shape: its lower-case words kept, names and figures as slots.

    "New Data openings in Austin, TX, every Monday." and "New Engineering openings
    in Toronto, every Monday." have one shape: a board's line with other values in
    it. None for long lines and for lines with too few words of their own.
    """
    words = clean_text(text).split()
    if len(words) > _SHAPE_WORDS:
        return None
    out: list[str] = []
    kept = 0
    for word in words:
        token = word.strip(_TOKEN_EDGE)
        if not token:
            continue
        if token[0].isupper() or any(c.isdigit() for c in token):
            if not out or out[-1] != "*":
                out.append("*")
        else:
            out.append(token.casefold())
            kept += 1
    # a short word between two names is part of the name ("Data and Analytics", "Bank of Spain")
    i = 1
    while i < len(out) - 1:
        if out[i - 1] == "*" and out[i + 1] == "*" and len(out[i]) <= 3:
            del out[i : i + 2]
            kept -= 1
        else:
            i += 1
    if kept < _SHAPE_KEPT or "*" not in out:
        return None
    return "s" + hashlib.blake2b(" ".join(out).encode(), digest_size=8).hexdigest()


def _has_figure(text: str) -> bool:
    return any(c.isdigit() for c in text)


def _names(text: str) -> list[str]:
    shape = shape_hash(text)
    return [text_hash(text), shape] if shape else [text_hash(text)]


@dataclass(frozen=True)
class Observation:
    """One posting as the host's other pages see it: who it is, and the texts it shows."""

    posting: str  # distinct postings: title and employer (copies of one posting count once)
    company: str
    texts: frozenset[str]


def observation(posting: Posting) -> Observation | None:
    """What to remember of a posting read on a host, or None when it names no title."""
    if not posting.title:
        return None
    company = comparison_key(posting.company or "")
    who = hashlib.blake2b(f"{comparison_key(posting.title)}\n{company}".encode(), digest_size=8).hexdigest()
    texts = frozenset(
        name for s in posting.sections for t in [*s.paragraphs, *s.bullets] if comparison_key(t) for name in _names(t)
    )
    return Observation(who, company, texts)


def shared_threshold(distinct_postings: int) -> int:
    """How many distinct postings must show a text for it to be the site's."""
    return max(MIN_POSTINGS, math.ceil(distinct_postings * MIN_SHARE))


class SiteTexts:
    """The texts a host's pages share, as learned; ``shared`` says whether one of a posting's is one."""

    __slots__ = ("_hashes",)

    def __init__(self, hashes: frozenset[str] = frozenset()) -> None:
        self._hashes = hashes

    def __bool__(self) -> bool:
        return bool(self._hashes)

    def __len__(self) -> int:
        return len(self._hashes)

    def site_texts(self, texts: list[str], *, verbatim: bool = False, figures_verbatim: bool = False) -> set[int]:
        """Indexes of the texts (one list of a section's, in order) that are the site's: shared ones, and
        their slots. With ``verbatim`` only texts shared word for word count, and no slots: a
        requirement or a duty is never the site's by its shape ("3+ years of Go" and "5+ years of Go"
        share one) or by where it stands. With ``figures_verbatim`` that holds for texts with figures
        in them (a requirement's sentence: "You have 5+ years of Go.")."""
        if not self._hashes:
            return set()
        exact = [verbatim or (figures_verbatim and _has_figure(t)) for t in texts]
        shared = [
            text_hash(t) in self._hashes if word_for_word else any(name in self._hashes for name in _names(t))
            for t, word_for_word in zip(texts, exact, strict=True)
        ]
        out = {i for i, s in enumerate(shared) if s}
        for i in range(1, len(texts) - 1):
            if (not shared[i] and not exact[i] and shared[i - 1] and shared[i + 1]
                    and len(texts[i].split()) <= _SLOT_WORDS):  # fmt: skip
                out.add(i)
        return out


NO_SITE_TEXTS = SiteTexts()
