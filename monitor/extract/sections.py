"""Sorting a posting's blocks into sections by what their headings say.

Headings come in every form ("What You'll Do", "Minimum Qualifications",
"About you", "You might be a fit if…", a bold line ending in a colon, an
inline "Requirements:" in the middle of a flattened paragraph); they are
matched by meaning-bearing words, with the reader's second person ("you",
"your") telling requirements and responsibilities apart from text about the
employer ("we", "our", "about the team"). Bullets under a heading that names
no kind ("Job Description") are sorted by what they say: duties start with a
verb, requirements name years, degrees, skills and licences.
"""

from __future__ import annotations

import re

from monitor.extract.blocks import Block
from monitor.extract.vocabulary import (
    BENEFITS_HEADINGS,
    COMPENSATION_HEADINGS,
    REQUIREMENTS_HEADINGS,
    RESPONSIBILITIES_HEADINGS,
)
from monitor.models import Section

COMPENSATION = "compensation"
#: A phrase of a table as a whole word or words ("pay" in "Pay range", not in "payments").
_WHOLE = r"(?<!\w)(?:{})(?!\w)"

#: Heading words by kind, tried in this order (a pay heading that says "benefits" is about pay); the
#: words are tables by language in ``monitor.extract.vocabulary``, matched as whole words.
_RULES: list[tuple[str, re.Pattern[str]]] = [
    (COMPENSATION, COMPENSATION_HEADINGS.pattern(_WHOLE)),
    ("requirements", REQUIREMENTS_HEADINGS.pattern(_WHOLE)),
    ("responsibilities", RESPONSIBILITIES_HEADINGS.pattern(_WHOLE)),
    ("benefits", BENEFITS_HEADINGS.pattern(_WHOLE)),
]

#: Headings that name the posting as a whole, or the administrative text around it.
_GENERIC = re.compile(
    r"^(?:(?:the|full|our)\s+)?(?:about the (?:job|role|position|opportunity)|(?:job|position|role) "
    r"(?:description|details|summary|overview|purpose)|description|overview|summary|the opportunity|"
    r"(?:additional|other|more|further) (?:information|details|info)|how to apply|application process|"
    r"(?:interview|hiring|recruitment|selection) process|next steps|equal (?:opportunity|employment)\b.*|eeo\b.*|"
    r"diversity\b.*|legal|disclaimer|location|schedule|details|logistics|working hours|hours)$",
    re.I,
)
_EMPLOYER = re.compile(
    r"^(?:about|who we are|our (?:team|company|mission|story|values)|the team|company)", re.I
)


def classify_heading(text: str) -> str | None:
    """The section kind a heading introduces, or None when the heading does not say."""
    t = text.strip().strip(":").strip().replace("’", "'")
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


# --------------------------------------------------------------------------------------------- run-on text

_INLINE_BULLET = re.compile(r"(?:(?<=^)|(?<=[\s:;.!?]))(?:[•●◦▪■‣∙·*]|-(?=\s)|–(?=\s)|\d{1,2}[.)](?=\s))\s+")
#: "…on time Requirements: - 3+ years…": the colon of a label right before a list marker.
_LABEL_END = re.compile(r"(?<=\S):\s+(?=(?:[•●◦▪■‣∙·*]|-|–|\d{1,2}[.)])\s)")
#: "…every day. What you bring: four years of…": a label's colon followed by its text, no marker.
_LEAD_END = re.compile(r"(?<=[^\s\d]):\s+(?=\S)")
#: Where a sentence (and so a "Heading:" lead) may start.
_SENTENCE_START = re.compile(r"(?:^|[.!?]\s+)$")
_WORD_SPAN = re.compile(r"\S+")
#: Capitalised words that open a Title-Case label ("What We Require", "Ihr Profil", "Lo Que Ofrecemos").
_LABEL_WORD = re.compile(
    r"^(?:What|We|You|Your|Our|Who|How|Why|Ihr|Ihre|Dein|Deine|Was|Votre|Vos|Ton|Tes|Ce|Que|Lo|Tu|Tus|Qué|"
    r"Wat|Wij|Jouw|Wie)$"
)
_QUALIFIER = re.compile(
    r"^(?:minimum|basic|preferred|desired|required|additional|key|main|core|essential|technical|general|"
    r"job|role|your|our|the)$",
    re.I,
)


def split_run_on(text: str) -> list[str]:
    """Bullets a board flattened into one paragraph ("Requirements: - A - B - C", "1. A 2. B").

    The first piece is the text before the first marker, when there is any;
    a dash between two numbers is a range, and dashes between single words
    ("Paris - London - Berlin") are not a list.
    """
    lead, items = _split(text)
    return [lead, *items] if lead else items or [text]


def _split(text: str) -> tuple[str, list[str]]:
    """(text before the first marker, items) of a run-on list; ("", []) when the text is not one."""
    none: tuple[str, list[str]] = ("", [])
    markers = list(_INLINE_BULLET.finditer(text))
    if len(markers) < 2:
        return none
    numbered = [m for m in markers if m.group(0)[0].isdigit()]
    if numbered and len(numbered) >= 2:
        markers = numbered
        numbers = [int(re.match(r"\d+", m.group(0)).group(0)) for m in markers]  # type: ignore[union-attr]
        if numbers != list(range(numbers[0], numbers[0] + len(numbers))):
            return none
    else:
        markers = [m for m in markers if not m.group(0)[0].isdigit()]
        symbols = {m.group(0).strip()[0] for m in markers}
        if len(symbols) != 1:
            return none
        markers = [m for m in markers if not re.search(r"\d\s*$", text[: m.start()])]
        if len(markers) < 2:
            return none
    lead = text[: markers[0].start()].strip()
    items = []
    for i, m in enumerate(markers):
        end = markers[i + 1].start() if i + 1 < len(markers) else len(text)
        item = text[m.end() : end].strip()
        if item:
            items.append(item)
    if len(items) < 2 or (not numbered and any(len(item.split()) < 2 for item in items)):
        return none
    return lead, items


def _inline_sections(text: str) -> list[tuple[str | None, str]]:
    """A flattened paragraph cut at the section labels inside it: [(heading or None, text)]."""
    cuts: list[tuple[int, int, str]] = []
    marked = {m.start() for m in _LABEL_END.finditer(text)}
    ends = sorted(marked | {m.start() for m in _LEAD_END.finditer(text)}) if ":" in text else []
    for end in ends:
        m = _LEAD_END.match(text, end) or _LABEL_END.match(text, end)
        if m is None:
            continue
        floor = max(0, m.start() - 80, cuts[-1][1] if cuts else 0)
        words = list(_WORD_SPAN.finditer(text, floor, m.start()))[-6:]
        best = None
        for n in range(1, len(words) + 1):  # the shortest label that names a section…
            label = text[words[-n].start() : m.start()]
            if not label[:1].isupper() or (kind := classify_heading(label)) is None:
                continue
            # …without a list marker after it: only a label that opens a sentence and names a part
            # of the posting ("What you bring:"), not "Salary: …" or "Location: …" inside a line
            if end not in marked and (
                kind == COMPENSATION
                or _GENERIC.match(label)
                or not _SENTENCE_START.search(text[: words[-n].start()])
            ):
                continue
            best = len(words) - n
            break
        if best is None:
            continue
        while best > 0 and (  # …with its qualifiers ("Minimum"), and the words of a Title-Case label ("What We")
            _QUALIFIER.match(words[best - 1].group(0)) or _LABEL_WORD.match(words[best - 1].group(0))
        ):
            best -= 1
        cuts.append((words[best].start(), m.end(), text[words[best].start() : m.start()]))
    if not cuts:
        return [(None, text)]
    out: list[tuple[str | None, str]] = []
    if text[: cuts[0][0]].strip():
        out.append((None, text[: cuts[0][0]].strip()))
    for i, (_, end, label) in enumerate(cuts):
        stop = cuts[i + 1][0] if i + 1 < len(cuts) else len(text)
        out.append((label, text[end:stop].strip()))
    return out


def _trailing_sentence(item: str) -> tuple[str, str | None]:
    """The last run-on item often carries on with the paragraph's closing sentence: cut it off."""
    m = re.search(r"(?<=[a-z0-9)][.!?])\s+(?=[A-Z])", item)
    if m and len(item[m.end() :].split()) >= 6:
        return item[: m.start()].strip(), item[m.end() :].strip()
    # "…or Engineering The base pay range for this role is …": a sentence glued on without a stop
    m = _GLUED_SENTENCE.search(item)
    if m and len(item[m.end() :].split()) >= 6 and item.rstrip().endswith((".", "!", "?")):
        return item[: m.start()].strip(), item[m.end() :].strip()
    return item, None


#: Where a sentence starts right after a list item's last word, with no stop between them.
_GLUED_SENTENCE = re.compile(
    r"(?<=[a-z0-9)])\s+(?=(?:The|This|These|We|We're|Our|You|Your|Please|All|Applicants|Candidates|"
    r"Salary|Pay|Compensation|Benefits|Apply|Interested)\s)"
)


# --------------------------------------------------------------------------------------------- bullets by content

_DUTY_VERB = re.compile(
    r"^(?:act|administer|advise|analy[sz]e|answer|architect|assess|assist|attend|automate|book|build|carry|"
    r"champion|check|clean|coach|collaborate|communicate|conduct|configure|contribute|cook|coordinate|count|"
    r"create|define|deliver|deploy|design|develop|diagnose|document|drive|educate|enable|ensure|escalate|"
    r"establish|evaluate|execute|facilitate|fill|follow|generate|greet|grow|guide|handle|help|identify|implement|"
    r"improve|inspect|install|investigate|keep|lead|load|maintain|make|manage|mentor|monitor|negotiate|open|"
    r"operate|optimi[sz]e|organi[sz]e|own|oversee|pack|participate|partner|perform|pick|plan|prep|prepare|"
    r"present|prioriti[sz]e|process|produce|promote|provide|recruit|reconcile|report|represent|research|resolve|"
    r"respond|restock|review|run|scale|schedule|scope|sell|serve|set|shape|ship|solve|stock|supervise|support|"
    r"teach|test|track|train|translate|troubleshoot|turn|update|use|validate|verify|visit|work|write)s?\b",
    re.I,
)
_REQUIREMENT = re.compile(
    r"^\d+\+?\s*(?:years?|yrs)|\byears?\b.{0,40}\bexperience\b|^(?:a |an )?(?:bachelor|master|ph\.?d|"
    r"degree|bs|ba|bsc|ms|msc|mba|diploma|high school)|\bdegree\b|^(?:proven |demonstrated |solid |strong |"
    r"excellent |good |deep |hands-on |prior |previous |some )?(?:experience|proficien|knowledge|familiar|"
    r"understanding|ability|able to|fluen|comfort)|^(?:must|should|you (?:have|are|bring|can))\b|"
    r"certif|licen[cs]e",
    re.I,
)


def _bullet_kind(bullets: list[str]) -> str | None:
    """Which kind a heading-less list holds, when most of its bullets say so."""
    if len(bullets) < 2:
        return None
    duties = sum(1 for b in bullets if _DUTY_VERB.match(b))
    needs = sum(1 for b in bullets if _REQUIREMENT.search(b))
    if duties * 5 >= len(bullets) * 3 and duties > needs:
        return "responsibilities"
    if needs * 5 >= len(bullets) * 3 and needs > duties:
        return "requirements"
    return None


def _is_employer_heading(heading: str) -> bool:
    return bool(_EMPLOYER.match(heading.strip())) and not _GENERIC.match(heading.strip())


def _heading_like(text: str) -> bool:
    """A short Title-Case line with no sentence punctuation or figures ("San Francisco Pay Range")."""
    text = text[:-1] if text.endswith("?") else text  # "Who are you?"
    words = text.split()
    if not 1 <= len(words) <= 6 or re.search(r"[\d.,;!?]", text):
        return False
    return all(w[:1].isupper() for w in words if len(w) >= 4) and classify_heading(text) is not None


def _introduces(text: str) -> bool:
    """A short line that names a section and could introduce a list ("What you'll do")."""
    return (
        len(text.split()) <= 8
        and not text.endswith((".", "!", "?", ";"))
        and classify_heading(text) is not None
    )


def _next_is_item(blocks: list[Block], n: int) -> bool:
    nxt = next((b for b in blocks[n + 1 : n + 3] if b.kind != "meta"), None)
    return nxt is not None and nxt.kind == "item"


# --------------------------------------------------------------------------------------------- sections


class _Builder:
    def __init__(self) -> None:
        self.sections: list[Section] = []
        self.current = Section(kind="description", heading="")
        self.level = 99  # heading level of the current section; 99 = none
        self.pending: str | None = None  # an unnamed sub-heading, kept only if content follows

    @property
    def empty(self) -> bool:
        return not self.current.paragraphs and not self.current.bullets

    def start(self, kind: str, heading: str, level: int) -> None:
        if not self.empty:
            self.sections.append(self.current)
        self.current = Section(kind=kind, heading=heading)
        self.level = level
        self.pending = None

    def heading(self, text: str, level: int) -> None:
        kind = classify_heading(text)
        if kind is not None:
            self.start(kind, text, level)
        elif self.empty and not self.current.heading:
            self.start(self.current.kind, text, level)
        elif self.empty:
            self.pending = text  # "Requirements" › "Technical": a sub-heading of the same kind
        elif level <= 4 and level <= self.level:
            self.start("description", text, level)  # a sibling heading that names no kind
        else:
            self.pending = text

    def content(self) -> Section:
        if self.pending is not None:
            self.current.paragraphs.append(self.pending)
            self.pending = None
        return self.current

    def para(self, text: str) -> None:
        for label, part in _inline_sections(text):
            if label is not None:
                self.start(classify_heading(label) or self.current.kind, label, 6)
            if not part:
                continue
            lead, items = _split(part)
            if not items:
                self.content().paragraphs.append(part)
                continue
            if lead:
                self.content().paragraphs.append(lead)
            last, tail = _trailing_sentence(items[-1])
            self.content().bullets.extend([*items[:-1], last])
            if tail:
                self.current.paragraphs.append(tail)

    def finish(self) -> list[Section]:
        if not self.empty:
            self.sections.append(self.current)
        return self.sections


def build_sections(blocks: list[Block]) -> list[Section]:
    """Group blocks under the nearest preceding heading that names a kind of section.

    A sub-heading that names no kind keeps the kind of the section it sits
    in, so its bullets stay where a reader would put them; an unnamed heading
    at the same or a higher level than the section's own starts a new
    "description" section ("Additional Information" after "Qualifications").
    """
    b = _Builder()
    for n, block in enumerate(blocks):
        if block.kind == "meta":
            continue
        if block.kind == "heading":
            b.heading(block.text, block.level)
        elif block.kind == "item":
            b.content().bullets.append(block.text)
        elif _heading_like(block.text) or (_introduces(block.text) and _next_is_item(blocks, n)):
            b.heading(block.text, 6)
        else:
            b.para(block.text)
    return _sort_bullets(b.finish())


def _sort_bullets(sections: list[Section]) -> list[Section]:
    """Bullets under a heading that names no kind go where their content says they belong."""
    out: list[Section] = []
    for s in sections:
        kind = None
        if s.kind == "description" and s.bullets and not _is_employer_heading(s.heading):
            kind = _bullet_kind(s.bullets)
        if kind is None:
            out.append(s)
            continue
        if s.paragraphs:
            out.append(Section(kind="description", heading=s.heading, paragraphs=s.paragraphs))
        out.append(Section(kind=kind, heading=s.heading, bullets=s.bullets))
    return out
