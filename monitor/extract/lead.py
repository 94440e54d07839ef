"""Who is hiring, for what and where, from the evidence a posting carries besides its fields.

Many answers and pages state no employer field: an ATS's JSON answer names the
company only in its URL ("…/acme-robotics/3f2c…") and in its text ("At Acme
Robotics, we…"); a generated page opens with one sentence that states company,
job and place ("Acme is hiring a Welder in Leeds."). The rules here read those:

- ``url_slugs``: the company slug an ATS puts in a posting's URL: the path
  segment in front of the posting's id, the tail of a "job-title-at-company-123"
  segment;
- ``spelled_in``: the slug as the text spells it ("acmerobotics" → "Acme
  Robotics"), found by comparing letters and digits only;
- ``lead_company``: the employer a posting's own sentences name ("At X, we",
  "X is a/the/building…", "About X", "join X");
- ``hiring_sentence``: the generated "X is hiring a T in P." lead.

None of them names a site; each rests on the shape of URLs and sentences.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

__all__ = ["Lead", "hiring_sentence", "lead_company", "spelled_in", "url_slugs"]

#: A path segment that is a posting's id: a UUID, a long number, a long hex or mixed token.
_ID = re.compile(
    r"^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|\d{4,}|[0-9a-f]{16,})$", re.I
)
#: Path segments that name a section of a site, never a company.
_GENERIC_SEGMENT = re.compile(
    r"^(?:jobs?|j|o|p|c|view|apply|application|postings?|positions?|careers?|openings?|vacanc(?:y|ies)|"
    r"details?|listing|embed|api|v\d+|boards?|en|en-\w\w|de|fr|es|nl|public|external|requisitions?|"
    r"offers?|search|company|companies|employer|recruiting|hire|roles?|opportunit(?:y|ies))$",
    re.I,
)
_AT_SLUG = re.compile(r"-at-([a-z0-9][a-z0-9.-]*?)(?:-\d{4,})?$", re.I)


def url_slugs(url: str) -> list[str]:
    """Company slugs a posting URL carries, most specific first ("acme-robotics")."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return []
    if not parts.scheme.startswith("http") and not parts.path:
        return []
    segments = [unquote(s) for s in parts.path.split("/") if s]
    out: list[str] = []
    for n, seg in enumerate(segments):
        m = _AT_SLUG.search(seg)
        if m and "-" in seg[: m.start()]:
            out.append(m.group(1).strip(".-"))
        if _ID.match(seg):
            for prev in reversed(segments[:n]):
                if _GENERIC_SEGMENT.match(prev) or _ID.match(prev):
                    continue
                if re.fullmatch(r"[\w.-]{2,60}", prev) and re.search(r"[a-z]", prev, re.I):
                    out.append(prev)
                break
    return list(dict.fromkeys(s for s in out if s))


def _letters(text: str) -> str:
    return "".join(ch for ch in text.casefold() if ch.isalnum())


_TOKEN = re.compile(r"[^\s,;:()\[\]{}\"“”'’!?/|]+")


def spelled_in(slug: str, text: str) -> str | None:
    """The words of ``text`` that spell ``slug`` when only letters and digits count, the
    most common spelling that is not all capitals first ("highlightta" → "HighlightTA")."""
    want = _letters(slug)
    if len(want) < 2 or not text:
        return None
    tokens = [(m.group(0).strip(".-"), m.start()) for m in _TOKEN.finditer(text)]
    found: Counter[str] = Counter()
    for i in range(len(tokens)):
        joined = ""
        for j in range(i, min(i + 5, len(tokens))):
            joined += _letters(tokens[j][0])
            if joined == want:
                start = tokens[i][1]
                last = tokens[j]
                found[text[start : last[1] + len(last[0])].strip(" .-")] += 1
                break
            if not want.startswith(joined):
                break
    if not found:
        return None
    return max(found, key=lambda s: (not s.isupper(), s[:1].isupper(), found[s]))


#: A company name as a sentence names it: one to five capitalised words ("Acme", "Acme Robotics",
#: "Wealth.com", "HighlightTA", "PT. Adi Data", "Smith & Sons").
_NAME = r"(?:[A-Z][\w.&'’-]*|[0-9][\w.&-]*[A-Za-z][\w.&-]*)(?:\s+(?:&\s+)?(?:[A-Z][\w.&'’-]*|of|and|de|la))*?"
_LEADS = [
    re.compile(rf"(?:^|(?<=[.!?]\s))(?:At|Join|Joining)\s+({_NAME}),\s+(?:we|you|our)\b"),
    re.compile(
        rf"(?:^|(?<=[.!?]\s)|(?<=\n))({_NAME})\s+(?:is|are|was|has been|builds|creates|develops|provides|helps|"
        r"makes|offers|delivers|serves|hosts|connects|operates|powers|designs|runs)\s+"
        r"(?:a|an|the|one|building|dedicated|on|hiring|looking|seeking|committed|known|home|proud|trusted|"
        r"growing|used|leading|revolutioni[sz]ing|transforming|\w+ing)\b"
    ),
    re.compile(rf"^(?:About|ABOUT)\s+({_NAME})\s*:?$", re.M),
]
_NOT_NAMES = re.compile(
    r"^(?:we|you|our|this|the|it|they|he|she|there|here|that|these|those|a|an|role|team|position|job|company|"
    r"client|candidate|applicant|everyone|everything|what|who|why|how|when|where|if|as|in|on|at|for|about|"
    r"us|equal|all|each|every|no|none|some|any|your|its|their|my|one|today|now|benefits?|compensation|"
    r"requirements?|responsibilities|qualifications?|experience|location|salary|remote|hybrid)$",
    re.I,
)


def _clean_name(name: str) -> str | None:
    name = name.strip(" .,-")
    words = name.split()
    if not words or len(words) > 5 or len(name) > 60 or _NOT_NAMES.match(words[0]):
        return None
    if name.isupper() and len(name) > 5:  # "ABOUT HIGHLIGHTTA": a heading's capitals, not the spelling
        return None
    return name


def lead_company(text: str) -> str | None:
    """The employer a posting's own sentences name most often ("At Acme, we…", "Acme is a…")."""
    if not text:
        return None
    text = "\n".join(line.strip() for line in text.splitlines() if line.strip())
    votes: Counter[str] = Counter()
    first: dict[str, int] = {}
    for rule in _LEADS:
        for m in rule.finditer(text):
            name = _clean_name(m.group(1))
            if name:
                votes[name] += 1
                first.setdefault(name, m.start())
    if not votes:
        return None

    # A name stated by a rule and repeated elsewhere in the text is the employer's; the earliest breaks ties.
    def weight(name: str) -> tuple[int, int]:
        return votes[name] + len(re.findall(rf"(?<!\w){re.escape(name)}(?!\w)", text)), -first[name]

    best = max(votes, key=weight)
    return best if weight(best)[0] - votes[best] >= 2 else None


@dataclass(frozen=True)
class Lead:
    """What a generated "X is hiring a T in P." sentence states."""

    company: str
    title: str
    place: str | None


_HIRING = re.compile(
    r"^(?P<company>[^.!?]{2,60}?)\s+(?:is|are)\s+(?:now\s+)?(?:hiring|looking for|seeking|recruiting)\s+"
    r"(?:an?\s+|the\s+)?(?P<title>[^!?]{2,160}?)(?:\s+in\s+(?P<place>[^!?]{2,80}?))?\s*(?:[.!](?:\s|$)|$)"
)


def hiring_sentence(text: str, title_hint: str = "") -> Lead | None:
    """The company, title and place of a lead sentence "X is hiring a T in P." (``title_hint``,
    the page's <title>, settles where a title that itself holds " in " ends)."""
    m = _HIRING.match(text.strip())
    if m is None:
        return None
    company, title, place = m.group("company").strip(), m.group("title").strip(), m.group("place")
    if (
        place
        and title_hint
        and f"{title} in {place}" in title_hint
        and title not in title_hint.split(" in ")[0]
    ):
        title, place = f"{title} in {place}", None
    if _NOT_NAMES.match(company.split()[0]) or not company[:1].isupper():
        return None
    return Lead(company=company, title=title, place=place.strip() if place else None)
