"""A page reduced to an ordered list of text blocks: headings, paragraphs and list items.

Page furniture is removed first — scripts, navigation, footers, hidden
elements, cookie and sign-up boxes, rating widgets, "similar jobs" lists and
apply forms — by markup roles, class and id words, link density and the
headings that introduce recommendation lists. The rules look at the shape of
a page, never at one board's wording, so they carry over to boards not seen.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from selectolax.lexbor import LexborHTMLParser, LexborNode

from monitor.extract.volatile import clean_text

_DROP_TAGS = (
    "script", "style", "noscript", "template", "svg", "iframe", "object", "embed", "canvas",
    "form", "button", "input", "select", "textarea", "nav", "footer", "dialog", "link", "meta",
)  # fmt: skip

_BOILERPLATE_WORDS = re.compile(
    r"^(?:cookies?|consent|gdpr|onetrust|newsletter|subscribe|subscription|signup|sign-?up|login|signin|"
    r"share|sharing|social|breadcrumbs?|related|similar|recommended|recommendations?|recs|"
    r"also-?viewed|rating|ratings|reviews?|stars|modal|popup|pop-up|toast|advert|advertisement|ads?|"
    r"sponsored|promo|promotion|sidebar|skip-?link|banner|apply-?form|application-?form|footer|site-?header|"
    r"masthead|navbar|nav|menu|toolbar)$",
    re.I,
)
_RECS_HEADING = re.compile(
    r"(?:similar|related|recommended|other|more|recent|suggested|featured|popular)\s+"
    r"(?:jobs|roles|positions|openings|opportunities|postings|vacancies|searches)"
    r"|people\s+(?:also|who)\s+(?:viewed|applied|searched)"
    r"|you\s+(?:may|might)\s+(?:also\s+)?(?:like|be interested)"
    r"|(?:jobs|roles|openings)\s+(?:you\s+(?:may|might)|for you|like this|near)"
    r"|(?:more|other)\s+(?:jobs|roles)\s+(?:at|from|like)",
    re.I,
)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_BULLET = re.compile(r"^\s*(?:[•●◦▪▫■□‣⁃∙·\-–—*+>»✓✔☑➢➤►]|\(?\d{1,2}[.)]|\(?[a-z][.)](?=\s))\s*")
_BLOCK_TAGS = {
    "address", "article", "aside", "blockquote", "body", "center", "dd", "details", "div", "dl", "dt",
    "fieldset", "figcaption", "figure", "header", "hr", "html", "li", "main", "ol", "p", "pre", "section",
    "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul", "h1", "h2", "h3", "h4", "h5", "h6",
}  # fmt: skip


@dataclass
class Block:
    kind: str  # "heading" | "para" | "item"
    text: str
    level: int = 0  # heading level 1–6; pseudo-headings (bold lines) are 5
    links_only: bool = False  # every character of the text is link text


def _class_words(node: LexborNode) -> list[str]:
    attrs = node.attributes
    words: list[str] = []
    for key in ("class", "id", "role", "data-testid", "aria-label"):
        value = attrs.get(key)
        if value:
            words.extend(w for w in re.split(r"[\s_]+", value) if w)
    return words


def _is_boilerplate(node: LexborNode) -> bool:
    attrs = node.attributes
    if "hidden" in attrs or attrs.get("aria-hidden") == "true" or attrs.get("type") == "hidden":
        return True
    if _HIDDEN_STYLE.search(attrs.get("style") or ""):
        return True
    role = (attrs.get("role") or "").lower()
    if role in {"navigation", "banner", "contentinfo", "complementary", "dialog", "alertdialog", "search"}:
        return node.css_first("h1") is None
    for word in _class_words(node):
        if _BOILERPLATE_WORDS.match(word) or any(_BOILERPLATE_WORDS.match(part) for part in word.split("-")):
            return node.css_first("h1") is None
    return False


def _link_density(node: LexborNode) -> float:
    text = len(clean_text(node.text(separator=" ")))
    if not text:
        return 0.0
    linked = sum(len(clean_text(a.text(separator=" "))) for a in node.css("a"))
    return linked / text


def _furniture_nodes(root: LexborNode) -> list[LexborNode]:
    """Outermost boilerplate elements under root (iterative: pages can nest deeply)."""
    found: list[LexborNode] = []
    stack = [root]
    while stack:
        node = stack.pop()
        child = node.child
        while child is not None:
            if child.is_element_node:
                if child.tag not in ("main",) and _is_boilerplate(child):
                    found.append(child)
                else:
                    stack.append(child)
            child = child.next
    return found


def _recs_container(heading: LexborNode) -> LexborNode | None:
    """The largest link-dense element around a recommendations heading, if any."""
    best = None
    node = heading.parent
    while node is not None and node.tag not in ("body", "main", "html") and node.css_first("h1") is None:
        if _link_density(node) <= 0.3:
            break
        best, node = node, node.parent
    return best


def _drop_recs_heading(heading: LexborNode) -> None:
    container = _recs_container(heading)
    if container is not None:
        container.decompose()
        return
    doomed = []
    sibling = heading.next
    while sibling is not None and not (sibling.tag or "").startswith("h"):
        if sibling.is_element_node and _link_density(sibling) > 0.5:
            doomed.append(sibling)
        sibling = sibling.next
    heading.decompose()
    for node in doomed:
        node.decompose()


def remove_furniture(tree: LexborHTMLParser) -> None:
    """Strip everything that is page chrome rather than the posting, in place."""
    tree.strip_tags(list(_DROP_TAGS))
    body = tree.body
    if body is None:
        return
    for node in _furniture_nodes(body):
        node.decompose()
    for _ in range(100):
        for tag in ("header", "aside"):
            for node in tree.css(tag):
                if node.css_first("h1") is None and (_link_density(node) > 0.5 or len(node.css("a")) >= 3):
                    node.decompose()
                    break
            else:
                continue
            break
        else:
            break
    # A heading that introduces a list of other jobs takes its list with it.
    for _ in range(100):
        heading = next(
            (h for h in tree.css("h1, h2, h3, h4, h5, h6, strong, b") if _RECS_HEADING.search(h.text(separator=" "))),
            None,
        )
        if heading is None:
            break
        _drop_recs_heading(heading)


class _Walker:
    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.parts: list[tuple[str, bool, bool]] = []  # (text, bold, linked)

    def flush(self) -> None:
        if not self.parts:
            return
        parts, self.parts = self.parts, []
        raw = "".join(t for t, _, _ in parts)
        lines = [clean_text(line) for line in raw.split("\n")]
        lines = [line for line in lines if line]
        if not lines:
            return
        visible = [(clean_text(t), b, link) for t, b, link in parts if clean_text(t)]
        all_bold = all(b for _, b, _ in visible)
        links_only = all(link for _, _, link in visible)
        text = " ".join(lines)
        if all_bold and len(lines) == 1 and len(text) <= 120 and not text.endswith((".", "!", "?")):
            self.blocks.append(Block("heading", text.rstrip(":").strip(), 5, links_only))
            return
        bulleted = [line for line in lines if _BULLET.match(line)]
        if len(lines) > 1 and len(bulleted) >= max(2, len(lines) // 2):
            lead = []
            for line in lines:
                if _BULLET.match(line):
                    if lead:
                        self._para(" ".join(lead), links_only)
                        lead = []
                    item = _BULLET.sub("", line, count=1).strip()
                    if item:
                        self.blocks.append(Block("item", item, 0, links_only))
                else:
                    lead.append(line)
            if lead:
                self._para(" ".join(lead), links_only)
            return
        if len(lines) > 1:
            for line in lines:
                self._para(line, links_only)
            return
        self._para(text, links_only)

    def _para(self, text: str, links_only: bool) -> None:
        if len(text) <= 80 and text.endswith(":") and not _BULLET.match(text):
            self.blocks.append(Block("heading", text.rstrip(":").strip(), 6, links_only))
        elif _BULLET.match(text) and len(text) > 2 and not re.match(r"^\s*\d{1,2}[.)]\d", text):
            self.blocks.append(Block("item", _BULLET.sub("", text, count=1).strip(), 0, links_only))
        else:
            self.blocks.append(Block("para", text, 0, links_only))

    def walk(self, node: LexborNode, bold: bool = False, linked: bool = False) -> None:
        child = node.child
        while child is not None:
            self.visit(child, bold, linked)
            child = child.next

    def visit(self, node: LexborNode, bold: bool, linked: bool) -> None:
        tag = node.tag
        if node.is_text_node:
            self.parts.append((node.text_content or "", bold, linked))
            return
        if not node.is_element_node or tag is None:
            return
        if tag == "br":
            self.parts.append(("\n", bold, linked))
            return
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self.flush()
            text = clean_text(node.text(separator=" "))
            if text:
                self.blocks.append(Block("heading", text.rstrip(":").strip(), int(tag[1]), _link_density(node) > 0.9))
            return
        if tag == "li":
            self.flush()
            nested = node.css_first("ul, ol") is not None
            if nested:
                # The item's own text, then its sub-list as items of their own.
                self.walk_li(node, bold, linked)
            else:
                self.walk(node, bold, linked)
                self.flush_item()
            return
        if tag in _BLOCK_TAGS:
            self.flush()
            self.walk(node, bold, linked)
            self.flush()
            return
        self.walk(node, bold or tag in ("b", "strong"), linked or tag == "a")

    def walk_li(self, node: LexborNode, bold: bool, linked: bool) -> None:
        child = node.child
        while child is not None:
            if child.tag in ("ul", "ol"):
                self.flush_item()
                self.visit(child, bold, linked)
            else:
                self.visit(child, bold, linked)
            child = child.next
        self.flush_item()

    def flush_item(self) -> None:
        parts, self.parts = self.parts, []
        text = clean_text(" ".join(t for t, _, _ in parts))
        if text:
            links_only = all(link for t, _, link in parts if clean_text(t))
            self.blocks.append(Block("item", _BULLET.sub("", text, count=1).strip() or text, 0, links_only))


def page_blocks(root: LexborNode) -> list[Block]:
    """The text blocks under ``root`` in reading order."""
    walker = _Walker()
    walker.walk(root)
    walker.flush()
    return walker.blocks


def fragment_blocks(html_text: str) -> list[Block]:
    """Blocks of an HTML fragment, such as a JSON-LD description."""
    tree = LexborHTMLParser(f"<html><body>{html_text}</body></html>")
    remove_furniture(tree)
    return page_blocks(tree.body) if tree.body is not None else []
