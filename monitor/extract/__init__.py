"""Turning a fetched page into a Posting: structured data merged with the page's visible text.

``extract_posting`` is pure (text in, Posting out) and needs no per-site
configuration. Structured data (JSON-LD, microdata) supplies the fields a
board states explicitly; the visible page supplies the sections, and fills
any field the structured data lacks.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from selectolax.lexbor import LexborHTMLParser

from monitor.extract.blocks import Block, fragment_blocks, page_blocks, remove_furniture
from monitor.extract.pay import currency_for_location, find_pay
from monitor.extract.places import looks_like_place, workplace_of
from monitor.extract.sections import COMPENSATION, build_sections, classify_heading
from monitor.extract.structured import StructuredPosting, read_structured
from monitor.extract.volatile import clean_text, comparison_key, has_volatile, is_furniture
from monitor.models import Posting, Section

__all__ = ["PageReading", "extract_posting", "read_page"]

_CLOSED = re.compile(
    r"no longer (?:accepting|available|open|active|taking|receiving|listed|exists?)"
    r"|(?:job|position|posting|role|vacancy|listing|opening|requisition|opportunity|advert)\s+"
    r"(?:has|is|was|have)\s+(?:now\s+|been\s+|already\s+)*(?:closed|filled|expired|removed|deleted|archived|"
    r"taken down|unpublished|no longer)"
    r"|(?:job|position|posting|role|vacancy|listing|opening)\s+(?:not found|unavailable|closed|expired)"
    r"|applications?\s+(?:are|is|have|has)\s+(?:now\s+)?(?:been\s+)?closed"
    r"|(?:this|the)\s+(?:job|position|posting|role|vacancy|listing|opening)\s+(?:has\s+)?(?:closed|expired)"
    r"|(?:posting|job|position|vacancy)\s+(?:is\s+)?closed\b"
    r"|(?:closed|expired|filled)\s+(?:job|position|posting|vacancy|listing)"
    r"|not accepting (?:new )?applications",
    re.I,
)
_MAINTENANCE = re.compile(
    r"\b(?:maintenance|be right back|temporarily unavailable|service unavailable|try again later|"
    r"something went wrong|access denied|are you a (?:human|robot)|verify you are human|captcha|"
    r"enable javascript|checking your browser)\b",
    re.I,
)
_CTA = re.compile(
    r"^(?:easy apply|apply(?: now| here| for this (?:job|role|position))?|save(?: job)?|share(?: job)?|"
    r"sign in|log in|follow|report(?: job)?|careers?|jobs?|back(?: to .*)?|view all jobs|see all jobs|"
    r"full[- ]time|part[- ]time|contract(?:or)?|temporary|internship|intern|permanent|freelance|"
    r"new|featured|urgent(?:ly hiring)?|actively (?:hiring|recruiting)|promoted|"
    r"employment type|job type|location|company|posted|salary)$",
    re.I,
)
_EMPLOYMENT = re.compile(
    r"\b(full[- ]time|part[- ]time|contract(?:or)?|temporary|internship|permanent|freelance|seasonal)\b", re.I
)
_STRONG_SEPARATORS = re.compile(r"\s*[·•|]\s*|\s+/\s+")
_WEAK_SEPARATORS = re.compile(r"\s+[–—:-]\s+")
_TITLE_SUFFIX = re.compile(r"\s+(?:careers?|jobs?|job board|hiring|recruiting|talent)$", re.I)


@dataclass
class PageReading:
    """What reading one page found: the posting, and whether the page is a usable posting at all."""

    posting: Posting
    usable: bool  # a posting was found (False: maintenance page, empty body, listing page…)
    closed: bool = False  # the page says the posting is closed
    notes: list[str] = field(default_factory=list)


def _title_tag(tree: LexborHTMLParser) -> str:
    node = tree.css_first("head > title") or tree.css_first("title")
    text = clean_text(node.text()) if node is not None else ""
    if not text:
        og = tree.css_first('meta[property="og:title"]')
        text = clean_text(og.attributes.get("content") or "") if og is not None else ""
    return text


def _meta(tree: LexborHTMLParser, *names: str) -> str | None:
    for name in names:
        node = tree.css_first(f'meta[property="{name}"]') or tree.css_first(f'meta[name="{name}"]')
        if node is not None and (content := clean_text(node.attributes.get("content") or "")):
            return content
    return None


def _find_title(blocks: list[Block], title_tag: str, structured: str | None) -> tuple[int | None, str | None]:
    """The index of the block that carries the job title, and the title."""
    key_tag = comparison_key(title_tag)
    headings = [(i, b) for i, b in enumerate(blocks) if b.kind == "heading" and not b.links_only]
    if structured:
        want = comparison_key(structured)
        for i, b in headings:
            if comparison_key(b.text) == want:
                return i, structured
        return None, structured
    # the most prominent heading whose words also name the page
    for i, b in sorted(headings, key=lambda ib: (ib[1].level, ib[0])):
        key = comparison_key(b.text)
        if key and len(key) >= 3 and key in key_tag and classify_heading(b.text) is None:
            return i, b.text
    for i, b in headings:
        if b.level == 1 and classify_heading(b.text) is None:
            return i, b.text
    return None, None


def _header_tokens(blocks: list[Block], start: int) -> tuple[list[str], int]:
    """Short lines right after the title (company, place, type…) and where the body starts."""
    tokens: list[str] = []
    i = start
    while i < len(blocks):
        b = blocks[i]
        if b.kind == "heading" and classify_heading(b.text) is not None:
            break
        if b.kind == "item" or len(b.text.split()) > 16:
            break
        if b.kind == "heading" and b.level <= 3 and tokens:
            break
        for piece in _STRONG_SEPARATORS.split(b.text):
            parts = [p.strip(" ,") for p in _WEAK_SEPARATORS.split(piece) if p.strip(" ,")]
            # "Remote - Europe" is one place; "Acme - Toronto, ON" is a company and a place.
            if len(parts) > 1 and not all(looks_like_place(p) for p in parts):
                tokens.extend(parts)
            elif piece.strip(" ,"):
                tokens.append(piece.strip(" ,"))
        i += 1
    return tokens, i


def _company_candidate(tok: str) -> bool:
    return (
        1 <= len(tok.split()) <= 6
        and len(tok) <= 60
        and tok[:1].isupper() | tok[:1].isdigit()
        and not looks_like_place(tok)
        and not has_volatile(tok)
        and not _CTA.match(tok)
        and not re.search(r"\d{2,}", tok)
        and not tok.endswith((".", "!", "?"))
    )


def _from_title_tag(title_tag: str, title: str | None) -> tuple[str | None, str | None]:
    """(company, location) as the page's <title> states them."""
    m = re.match(r"^(.+?)\s+(?:is\s+)?hiring\s+(?:an?\s+)?(.+?)(?:\s+in\s+(.+?))?(?:\s+[|–—-]\s+[^|–—-]+)?$", title_tag)
    if m:
        return m.group(1).strip(), (m.group(3) or "").strip() or None
    rest = title_tag
    if title and title in rest:
        rest = rest.replace(title, "\u0000")
    m = re.match(r"^\u0000\s+at\s+(.+?)(?:\s+[|–—-]\s+.+)?$", rest)
    if m:
        return m.group(1).strip(), None
    segments = [s.strip() for s in re.split(r"\s+[|–—·-]\s+|\u0000", rest) if s.strip()]
    company = place = None
    for n, seg in enumerate(segments):
        if looks_like_place(seg):
            place = place or seg
            continue
        stripped = _TITLE_SUFFIX.sub("", seg).strip()
        if stripped != seg and stripped:
            company = company or stripped
        elif company is None and n < len(segments) - 1 and _company_candidate(seg):
            company = seg
        elif company is None and title and rest.startswith(seg) and _company_candidate(seg):
            company = seg
    return company, place


def _class_hint(tree: LexborHTMLParser, word: str) -> str | None:
    for node in tree.css(f'[class*="{word}" i], [id*="{word}" i], [itemprop*="{word}" i], [data-testid*="{word}" i]'):
        text = clean_text(node.text(separator=" "))
        if text and len(text) <= 80 and len(text.split()) <= 10 and not has_volatile(text):
            return re.sub(rf"^{word}\s*:?\s*", "", text, flags=re.I) or None
    return None


def _label_value(blocks: list[Block], label: str) -> str | None:
    pattern = re.compile(rf"^{label}\s*:\s*(.{{2,80}})$", re.I)
    for b in blocks:
        m = pattern.match(b.text)
        if m:
            return m.group(1).strip()
    return None


def _body_blocks(blocks: list[Block]) -> list[Block]:
    """Drop status lines, counters and lone call-to-action links that sit among the posting's text."""
    out = []
    for b in blocks:
        if is_furniture(b.text):
            continue
        if b.links_only and len(b.text.split()) <= 8:
            continue
        if b.kind != "heading" and _CTA.match(b.text):
            continue
        out.append(b)
    return out


def _pay_text(sections: list[Section]) -> str:
    comp = [s for s in sections if s.kind == COMPENSATION]
    chosen = comp or sections
    return "\n".join(t for s in chosen for t in [s.heading, *s.paragraphs, *s.bullets] if t)


def read_page(html: str, url: str = "") -> PageReading:
    """Read a page: the posting it holds, whether it holds one, and whether it says the posting closed."""
    tree = LexborHTMLParser(html or "<html></html>")
    structured: StructuredPosting | None = read_structured(tree)
    title_tag = _title_tag(tree)
    remove_furniture(tree)
    root = tree.body
    blocks = page_blocks(root) if root is not None else []

    title_index, title = _find_title(blocks, title_tag, structured.title if structured else None)
    tokens: list[str] = []
    body_start = 0
    if title_index is not None:
        tokens, body_start = _header_tokens(blocks, title_index + 1)
    body = _body_blocks(blocks[body_start:])
    if structured and structured.description_html and len(body) < 3:
        body = _body_blocks(fragment_blocks(structured.description_html))
    sections = build_sections(body)

    notes: list[str] = []
    head_text = " ".join([title_tag, *(b.text for b in blocks if b.kind == "heading" or len(b.text) < 200)])
    closed = bool(_CLOSED.search(head_text))

    company = structured.company if structured else None
    location = structured.location if structured else None
    if company is None:
        company = _class_hint(tree, "company") or _class_hint(tree, "employer")
    if company is None:
        company = next((t for t in tokens if _company_candidate(t) and comparison_key(t) != comparison_key(title or "")), None)
    tag_company, tag_place = _from_title_tag(title_tag, title)
    if company is None:
        company = tag_company
    if company is None:
        company = _meta(tree, "og:site_name")
    if location is None:
        location = _label_value(blocks, "location") or _class_hint(tree, "location")
    if location is None:
        location = next((t for t in tokens if looks_like_place(t)), None) or tag_place
    if title is None:
        title = _meta(tree, "og:title") or (title_tag.split(" | ")[0] if title_tag else None)

    employment = structured.employment_type if structured else None
    if employment is None:
        m = next((m for t in tokens if (m := _EMPLOYMENT.search(t))), None)
        employment = m.group(1).lower().replace(" ", "-") if m else None

    default_currency = currency_for_location(location)
    pay = structured.pay if structured and structured.pay else None
    if pay is None:
        pay = find_pay(_pay_text(sections), default_currency=default_currency)
    elif pay.currency is None:
        pay = type(pay)(pay.min, pay.max, default_currency, pay.period)

    kept = [s for s in sections if s.kind != COMPENSATION]
    comp = [s for s in sections if s.kind == COMPENSATION]
    posting = Posting(
        title=title,
        company=company,
        location=location,
        workplace=workplace_of(location) or (("remote" if structured and structured.remote else None)),
        employment_type=employment,
        pay=pay,
        job_id=structured.job_id if structured else None,
        sections=kept + comp,
        state="closed" if closed else "open",
    )
    text_amount = sum(len(t) for s in sections for t in [*s.paragraphs, *s.bullets])
    usable = bool(title) and (text_amount >= 200 or structured is not None)
    if not usable and _MAINTENANCE.search(head_text):
        notes.append("maintenance or error page")
    return PageReading(posting=posting, usable=usable, closed=closed, notes=notes)


def extract_posting(text: str, url: str = "", content_type: str | None = None) -> PageReading:
    """Read a fetched body: HTML, or JSON that holds a JobPosting (an ATS's API answer)."""
    stripped = text.lstrip()
    if (content_type and "json" in content_type) or stripped.startswith(("{", "[")):
        try:
            data = json.loads(stripped)
        except json.JSONDecodeError:
            data = None
        if data is not None:
            script = json.dumps(data).replace("</", "<\\/")
            html = f'<html><head><script type="application/ld+json">{script}</script></head><body></body></html>'
            return read_page(html, url)
    return read_page(text, url)
