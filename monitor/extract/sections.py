"""Sorting a posting's blocks into sections by what their headings say.

Headings come in every form ("What You'll Do", "Minimum Qualifications",
"About you", "You might be a fit if…", a bold line ending in a colon); they
are matched by meaning-bearing words, with the first person of the reader
("you", "your") telling requirements and responsibilities apart from text
about the employer ("we", "our", "about the team").
"""

from __future__ import annotations

import re

from monitor.extract.blocks import Block
from monitor.models import Section

COMPENSATION = "compensation"

_RULES: list[tuple[str, re.Pattern[str]]] = [
    (
        COMPENSATION,
        re.compile(
            r"\b(?:compensation|salary|salaries|pay(?:\s+range)?|remuneration|wage|base\s+pay|"
            r"pay\s+transparency|total\s+rewards?)\b",
            re.I,
        ),
    ),
    (
        "requirements",
        re.compile(
            r"qualifications?|requirements?|required|requisites?|\bskills?\b|experience\b|\bwho you are\b|"
            r"about you\b|you (?:have|bring|are|will have|should have|might be|may be|could be)|"
            r"what you(?:'|’)?(?:ll)? (?:need|bring|have)|what (?:we|we're|we are) looking for|looking for\b|"
            r"you(?:'|’)re|must[- ]haves?|nice[- ]to[- ]haves?|bonus(?: points)?|preferred|ideal(?:ly)?|"
            r"competenc|education|profile|a (?:good|great|strong) fit|fit if|to succeed|to be successful|"
            r"what it takes|credentials|eligibility|knowledge",
            re.I,
        ),
    ),
    (
        "responsibilities",
        re.compile(
            r"responsibilit|duties|what you(?:'|’)?(?:ll| will)? (?:do|be doing|work on|own|achieve)|"
            r"you(?:'|’)?ll (?:do|be)|you will\b|your (?:role|impact|day|mission|responsibilit|job)|"
            r"the role\b|role overview|in this role|day[- ]to[- ]day|key (?:tasks|accountabilit)|"
            r"accountabilit|tasks|what the job involves|the job\b|the work\b|how you(?:'|’)?ll|impact",
            re.I,
        ),
    ),
    (
        "benefits",
        re.compile(
            r"benefits?|perks|what we offer|we offer|why (?:join|work)|our offer|rewards?|what(?:'|’)s in it|"
            r"wellbeing|well-being|time off",
            re.I,
        ),
    ),
]

#: Headings that name the posting as a whole rather than a part of it.
_GENERIC = re.compile(r"^(?:about the (?:job|role|position)|job description|description|overview|summary)$", re.I)
_EMPLOYER = re.compile(r"^(?:about|who we are|our (?:team|company|mission|story)|the team|company)", re.I)


def classify_heading(text: str) -> str | None:
    """The section kind a heading introduces, or None when the heading does not say."""
    t = text.strip().strip(":").strip()
    if not t or len(t) > 90:
        return None
    if _GENERIC.match(t):
        return "description"
    if _EMPLOYER.match(t) and not re.search(r"\byou\b", t, re.I):
        return "description"
    for kind, pattern in _RULES:
        if pattern.search(t):
            return kind
    return None


_INLINE_BULLET = re.compile(r"(?:(?<=^)|(?<=[\s:;.!?]))(?:[•●◦▪■‣∙·*]|-(?=\s)|–(?=\s)|\d{1,2}[.)](?=\s))\s+")


def split_run_on(text: str) -> list[str]:
    """Bullets a board flattened into one paragraph ("Requirements: - A - B - C", "1. A 2. B")."""
    markers = list(_INLINE_BULLET.finditer(text))
    if len(markers) < 2:
        return [text]
    numbered = [m for m in markers if m.group(0)[0].isdigit()]
    if numbered and len(numbered) >= 2:
        markers = numbered
        numbers = [int(re.match(r"\d+", m.group(0)).group(0)) for m in markers]  # type: ignore[union-attr]
        if numbers != list(range(numbers[0], numbers[0] + len(numbers))):
            return [text]
    else:
        symbols = {m.group(0).strip()[0] for m in markers}
        if len(symbols) != 1:
            return [text]
        # a dash between two numbers is a range, not a bullet
        markers = [m for m in markers if not re.search(r"\d\s*$", text[: m.start()])]
        if len(markers) < 2:
            return [text]
    pieces: list[str] = []
    lead = text[: markers[0].start()].strip()
    if lead:
        pieces.append(lead)
    for i, m in enumerate(markers):
        end = markers[i + 1].start() if i + 1 < len(markers) else len(text)
        item = text[m.end() : end].strip()
        if item:
            pieces.append(item)
    return pieces


def build_sections(blocks: list[Block]) -> list[Section]:
    """Group blocks under the nearest preceding heading that names a kind of section.

    A heading that does not name a kind (a sub-heading, a team name) keeps the
    kind of the section it sits in, so its bullets stay where a reader would
    put them.
    """
    sections: list[Section] = []
    current = Section(kind="description", heading="")
    for block in blocks:
        if block.kind == "heading":
            kind = classify_heading(block.text)
            if kind is None and block.level <= 4 and not current.paragraphs and not current.bullets:
                kind = current.kind
            if kind is not None:
                if current.paragraphs or current.bullets or current.heading:
                    sections.append(current)
                current = Section(kind=kind, heading=block.text)
            else:
                current.paragraphs.append(block.text)
            continue
        if block.kind == "item":
            current.bullets.append(block.text)
            continue
        pieces = split_run_on(block.text)
        if len(pieces) > 1:
            lead, *items = pieces
            if block.text.startswith(lead):
                heading_kind = classify_heading(lead)
                if heading_kind is not None and len(lead) <= 90:
                    if current.paragraphs or current.bullets or current.heading:
                        sections.append(current)
                    current = Section(kind=heading_kind, heading=lead.rstrip(":"))
                else:
                    current.paragraphs.append(lead)
            else:
                items = pieces
            current.bullets.extend(items)
        else:
            current.paragraphs.append(block.text)
    if current.paragraphs or current.bullets:
        sections.append(current)
    return [s for s in sections if s.paragraphs or s.bullets]
