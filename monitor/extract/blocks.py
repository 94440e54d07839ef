"""A page reduced to an ordered list of text blocks: headings, paragraphs, list items and label/value facts.

Page furniture is removed first — scripts, navigation, footers, hidden
elements, cookie and sign-up boxes, rating widgets, "similar jobs" lists and
apply forms — by markup roles, class and id words, link density, the small
boxes built around a form control, and the headings that introduce
recommendation lists. Lists of links to other postings are also found by
their shape alone (``link_lists``: three or more sibling rows, each a job-title
link with at most a short "Company · Place" tail, or links to the site's other
job pages); their blocks are marked ``recs`` so the reader can leave them out
of the posting while a board's index page still reads as a list of postings.
The rules look at the shape of a page, never at one board's wording, so they
carry over to boards not seen.

Everything here is iterative and makes one pass per concern: pages arrive
with absurd nesting or tens of thousands of list items, and a page must
never cost a recursion error or a quadratic scan.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from selectolax.lexbor import LexborHTMLParser, LexborNode

from monitor.extract.places import looks_like_place
from monitor.extract.vocabulary import SIMILAR_JOBS, SITE_USER
from monitor.extract.volatile import clean_text, contains_any, has_volatile

_DROP_TAGS = (
    "script", "style", "noscript", "template", "svg", "iframe", "object", "embed", "canvas",
    "form", "button", "input", "select", "textarea", "nav", "footer", "dialog", "link", "meta",
)  # fmt: skip
_CONTROLS = "form, button, input:not([type=hidden]), select, textarea"

_BOILERPLATE_WORDS = re.compile(
    r"^(?:cookies?|consent|gdpr|onetrust|newsletter|subscribe|subscription|signup|sign-?up|login|signin|"
    r"share|sharing|social|breadcrumbs?|related|similar|recommended|recommendations?|recs|"
    r"also-?viewed|rating|ratings|reviews?|stars|modal|popup|pop-up|toast|advert|advertisement|ads?|"
    r"sponsored|promo|promotion|sidebar|skip-?link|banner|apply-?form|application-?form|footer|site-?header|"
    r"masthead|navbar|nav|menu|toolbar)$",
    re.I,
)
_RECS_HEADING = re.compile(
    r"(?:similar|related|recommended|other|more|recent|suggested|featured|popular|open)\s+"
    r"(?:jobs|roles|positions|openings|opportunities|postings|vacancies|searches)"
    r"|people\s+(?:also|who)\s+(?:viewed|applied|searched)"
    r"|you\s+(?:may|might)\s+(?:also\s+)?(?:like|be interested)"
    r"|(?:jobs|roles|openings)\s+(?:you\s+(?:may|might)|for you|like this|near)"
    r"|(?:more|other)\s+(?:jobs|roles)\s+(?:at|from|like)"
    r"|explore\s+(?:more|other)\s+(?:jobs|roles|opportunities)|recommended\s+for\s+you"
    r"|^\s*more\s+like\s+this\b|\b(?:similar|related)\s+to\s+this\s+(?:job|role|position)",
    re.I,
)
#: Every alternative of _RECS_HEADING needs one of these words, so a heading with none is
#: not one (most headings; two C loops instead of a scan of the pattern).
_RECS_HINTS = ("job", "role", "position", "opening", "opportunit", "posting", "vacanc", "search", "people",
               "you", "like")  # fmt: skip


_SIMILAR_JOBS = SIMILAR_JOBS.pattern()
_SIMILAR_JOBS_HINTS = SIMILAR_JOBS.hints


def _recs_heading(text: str) -> bool:
    """The heading introduces a list of other postings ("Similar jobs", "People also viewed", "Ähnliche Jobs")."""
    low = text.casefold()
    return (contains_any(low, _RECS_HINTS) and _RECS_HEADING.search(text) is not None) or (
        contains_any(low, _SIMILAR_JOBS_HINTS) and _SIMILAR_JOBS.search(text) is not None
    )


#: Prompts that sit in a page's chrome, never in a posting: cookies, sign-in walls, job alerts.
_PROMPT = re.compile(
    r"\b(?:we|this (?:web)?site) uses? cookies\b|\baccept (?:all )?cookies\b|\bcookie (?:settings|preferences|policy)\b"
    r"|\bsign (?:in|up) to (?:see|view|apply|save|create|get|continue)|\b(?:create|set up|get) (?:a |an )?job alerts?\b"
    r"|\bjob alert\b|\bjobs like this\b|\bget notified\b|\bnew jobs (?:that match|like this|in your inbox)\b"
    r"|\bjoin (?:our )?talent (?:network|community|pool)\b|\bsubscribe to (?:our )?(?:newsletter|job)",
    re.I,
)
#: Every alternative of _PROMPT needs one of these words (most lines have none).
_PROMPT_HINTS = ("cookie", "sign", "alert", "like", "notified", "job", "talent", "subscribe")
#: Roots that name consent machinery wherever they sit in a class or id ("CybotCookiebotDialog").
_CONSENT_ROOT = re.compile(r"cookie|consent|gdpr|onetrust|cookiebot|usercentrics|didomi|trustarc", re.I)
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
BULLET = re.compile(r"^\s*(?:[•●◦▪▫■□‣⁃∙·\-–—*+>»✓✔☑➢➤►]|\(?\d{1,2}[.)]|\(?[a-z][.)](?=\s))\s*")
_HEADINGS = frozenset(("h1", "h2", "h3", "h4", "h5", "h6"))
_HEADING_SELECTOR = "h1, h2, h3, h4, h5, h6"
_BLOCK_TAGS = frozenset((
    "address", "article", "aside", "blockquote", "body", "center", "dd", "details", "div", "dl", "dt",
    "fieldset", "figcaption", "figure", "header", "hr", "html", "li", "main", "ol", "p", "pre", "section",
    "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul", "h1", "h2", "h3", "h4", "h5", "h6",
))  # fmt: skip
_WORD = re.compile(r"\w+")


@dataclass
class Block:
    kind: str  # "heading" | "para" | "item" | "meta" (a label/value fact: "Employment type: Full-time")
    text: str
    level: int = 0  # heading level 1–6; pseudo-headings (bold lines) are 5, "Label:" lines 6
    links_only: bool = False  # every character of the text is link text
    pieces: tuple[str, ...] = ()  # the texts of the separate inline elements the block was made of
    link_chars: int = 0  # how much of the text is link text
    recs: bool = False  # part of a list of links to other postings (see ``link_lists``)


# --------------------------------------------------------------------------------------------- parsing

_VOID = frozenset((
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track",
    "wbr"
))  # fmt: skip
#: Elements whose end tag may be left out: they never nest in a real tree, so they never add depth.
_OPTIONAL_END = frozenset((
    "p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup", "thead", "tbody", "tfoot", "colgroup",
    "rb", "rt", "rp"
))  # fmt: skip
#: A comment, a whole raw-text element (script, style…), or one tag. Two things keep this scan
#: linear and cheap: a raw-text body is matched unrolled, "[^<]*(?:<(?!/\1\s*>)[^<]*)*" — the
#: same match as ".*?" but runs of text go in one C loop instead of trying the end tag at every
#: character (~0.6 ms of a 72 KB page with inline scripts) — and a tag stops at the next "<"
#: ("[^<>]*>"), so text full of "<" and no ">" no longer rescans to the end of the page from
#: every "<" (quadratic: 35 s for 300 KB of "a<b").
_TAG = re.compile(
    r"<!--.*?-->|<(script|style|textarea|title)\b[^<>]*>[^<]*(?:<(?!/\1\s*>)[^<]*)*</\1\s*>"
    r"|<(/?)([A-Za-z][A-Za-z0-9:-]*)[^<>]*>",
    re.S | re.I,
)
MAX_DEPTH = 160
#: Anything that may be a start tag; a page with few is not scanned further (one C loop).
_START_TAG = re.compile(r"<[A-Za-z]")
_FLAT = _VOID | _OPTIONAL_END
_STRUCTURAL = frozenset((
    "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "dl", "table", "a", "b", "strong", "em", "i",
    "blockquote", "pre"
))  # fmt: skip


def cap_depth(html: str, limit: int = MAX_DEPTH) -> str:
    """The page with elements nested deeper than ``limit`` unwrapped (their text kept).

    Parsers build deeply nested trees in quadratic time and every tree walk
    pays for depth, so a hostile or broken page (a million unclosed divs) is
    flattened before parsing. Ordinary pages come back unchanged after one
    cheap scan that stops as soon as the page proves too deep.
    """
    if len(_START_TAG.findall(html)) <= limit:  # no more start tags than the limit: not too deep
        return html
    depth = 0
    for m in _TAG.finditer(html):
        name = m.group(3)
        if name is None or name.lower() in _FLAT:
            continue
        depth = max(0, depth - 1) if m.group(2) else depth + 1
        if depth > limit:
            break
    else:
        return html
    stack: list[tuple[str, bool]] = []
    kept = [0]  # how many open elements were kept

    def tag(m: re.Match[str]) -> str:
        name = m.group(3)
        if name is None:
            return m.group(0)
        name = name.lower()
        if name in _FLAT:
            return m.group(0)
        if not m.group(2):
            # wrappers go first; headings, lists and emphasis carry the posting's shape and get more room
            keep = kept[0] < (2 * limit if name in _STRUCTURAL else limit)
            stack.append((name, keep))
            kept[0] += keep
            return m.group(0) if keep else " "
        for i in range(len(stack) - 1, max(-1, len(stack) - 40), -1):
            if stack[i][0] == name:
                keep = stack[i][1]
                kept[0] -= sum(1 for _, k in stack[i:] if k)
                del stack[i:]
                return m.group(0) if keep else " "
        return " "  # a stray end tag

    return _TAG.sub(tag, html)


#: Elements nested deeper than MAX_DEPTH, html and body included: what the parsed tree shows.
_TOO_DEEP = " > ".join(["*"] * (MAX_DEPTH + 1))
#: Up to this many start tags the parser is quick however they nest (5,000 nested: ~25 ms), so
#: such a page is parsed first and scanned only if its tree turns out too deep.
_PARSE_FIRST = 4000


def parse_html(html: str, *, utf8: bytes | None = None) -> LexborHTMLParser:
    """The one parse of a page, its nesting depth capped (see ``cap_depth``).

    Most pages are parsed as they are and their tree's depth is checked by one
    CSS query in C; only a page with very many tags is scanned before parsing,
    because the parser is quadratic in nesting depth. ``utf8`` is ``html``
    encoded as UTF-8, when the caller has it: lexbor reads UTF-8, so a str
    would be encoded again.
    """
    if not html:
        return LexborHTMLParser("<html></html>")
    source: str | bytes = utf8 if utf8 is not None else html
    tags = len(_START_TAG.findall(html))
    if tags <= MAX_DEPTH:
        return LexborHTMLParser(source)
    if tags > _PARSE_FIRST:
        return LexborHTMLParser(cap_depth(html))
    tree = LexborHTMLParser(source)
    if tree.css_first(_TOO_DEEP) is None:
        return tree
    return LexborHTMLParser(cap_depth(html))


# --------------------------------------------------------------------------------------------- furniture


_NAME_SPLIT = re.compile(r"[\s_]+")
_CHROME_ROLES = frozenset(
    ("navigation", "banner", "contentinfo", "complementary", "dialog", "alertdialog", "search")
)


@functools.lru_cache(maxsize=8192)  # a board repeats its class names on every page
def _chrome_names(values: tuple[str | None, ...]) -> bool:
    """Some word of these attribute values names page chrome or consent machinery."""
    for value in values:
        if not value:
            continue
        for word in _NAME_SPLIT.split(value):
            if word and (
                _BOILERPLATE_WORDS.match(word)
                or _CONSENT_ROOT.search(word)
                or any(_BOILERPLATE_WORDS.match(part) for part in word.split("-"))
            ):
                return True
    return False


def _is_boilerplate(node: LexborNode) -> bool:
    attrs = node.attributes
    if "hidden" in attrs or attrs.get("aria-hidden") == "true" or attrs.get("type") == "hidden":
        return True
    style = attrs.get("style")
    if style and _HIDDEN_STYLE.search(style):
        return True
    get = attrs.get
    role = get("role")
    # the attributes whose words name what an element is ("cookie-banner", "site_footer"),
    # read without a generator: this runs for every element of every page
    if (role and role.lower() in _CHROME_ROLES) or _chrome_names(
        (get("class"), get("id"), role, get("data-testid"), get("data-ui"), get("data-qa"), get("aria-label"))
    ):
        return node.css_first("h1") is None
    return False


def _words(node: LexborNode) -> int:
    return len(_WORD.findall(node.text(separator=" ")))


def _link_density(node: LexborNode) -> float:
    text = len(clean_text(node.text(separator=" ")))
    if not text:
        return 0.0
    linked = sum(len(clean_text(a.text(separator=" "))) for a in node.css("a"))
    return linked / text


def _is_top(node: LexborNode) -> bool:
    return node.tag in ("body", "main", "html", "article") or node.attributes.get("role") == "main"


def _widget(control: LexborNode, title_key: str = "") -> LexborNode:
    """The small box built around a form control: an apply form with its heading, a sign-up box, a share bar.

    Climb while each parent adds only a few words of its own, no list items
    and no second heading; a parent that holds posting text stops the climb,
    and so does one that adds a heading naming the page (``title_key``, the
    page's <title>): a title card with a "Save" button in it is not a widget.
    """
    node, words = control, _words(control)
    heads, items = len(node.css(_HEADING_SELECTOR)), len(node.css("li"))
    parent = node.parent
    while parent is not None and not _is_top(parent) and parent.css_first("h1") is None:
        parent_words = _words(parent)
        if parent_words - words > 30:  # before the CSS counts, which walk the parent's whole subtree
            break
        parent_heads, parent_items = len(parent.css(_HEADING_SELECTOR)), len(parent.css("li"))
        if parent_items > items or (heads and parent_heads > heads):
            break
        if parent_heads > heads and title_key and _names_page(parent, title_key):
            break
        node, words, heads, items, parent = parent, parent_words, parent_heads, parent_items, parent.parent
    return node


def _inside_control(node: LexborNode) -> bool:
    """``node`` sits in a form, button, select or textarea.

    Its widget needs no climb of its own: the climb from ``node`` either stops
    inside that control or, on reaching it, goes on exactly as the control's
    own climb does, so it finds nothing that is not removed anyway. (Half the
    controls of a page are the fields and buttons of a form.)
    """
    parent = node.parent
    while parent is not None:
        if parent.tag in _CONTAINING_CONTROLS:
            return True
        parent = parent.parent
    return False


_CONTAINING_CONTROLS = frozenset(("form", "button", "select", "textarea"))


def _names_page(node: LexborNode, title_key: str) -> bool:
    """A heading under ``node`` says what the page's <title> says (the job title)."""
    for heading in node.css(_HEADING_SELECTOR):
        key = _key(heading.text(separator=" "))
        if len(key) >= 3 and key in title_key:
            return True
    return False


def _key(text: str) -> str:
    return " ".join(_WORD.findall(clean_text(text).casefold()))


def _recs_container(heading: LexborNode) -> LexborNode | None:
    """The largest link-dense element around a recommendations heading, if any."""
    best = None
    node = heading.parent
    while node is not None and not _is_top(node) and node.css_first("h1") is None:
        if _link_density(node) <= 0.3:
            break
        best, node = node, node.parent
    return best


def _recs_nodes(heading: LexborNode) -> list[LexborNode]:
    container = _recs_container(heading)
    if container is not None:
        return [container]
    doomed = [heading]
    sibling = heading.next
    while sibling is not None and (sibling.tag or "") not in _HEADINGS:
        if sibling.is_element_node and _link_density(sibling) > 0.5:
            doomed.append(sibling)
        sibling = sibling.next
    return doomed


def remove_furniture(tree: LexborHTMLParser, keep: re.Pattern[str] | None = None, title: str = "") -> None:
    """Strip everything that is page chrome rather than the posting, in place.

    Nodes are marked first and removed in one sweep of the outermost marked
    nodes, so nothing is scanned twice and nothing removed is touched again.
    A short notice matching ``keep`` survives even when its class calls it
    a banner or a toast: "this job is no longer available" often is one.
    ``title`` (the page's <title>) keeps a title card with a button in it.
    """
    body = tree.body
    if body is None:
        return
    doomed: set[int] = set()
    title_key = _key(title)
    for control in tree.css(_CONTROLS)[:300]:
        if not _inside_control(control):
            doomed.add(_widget(control, title_key).mem_id)
    for heading in tree.css("h1, h2, h3, h4, h5, h6, strong, b"):
        if _recs_heading(heading.text(separator=" ")):
            doomed.update(n.mem_id for n in _recs_nodes(heading))
    outermost: list[LexborNode] = []
    stack = [body]
    while stack:
        node = stack.pop()
        child = node.child
        while child is not None:
            if child.is_element_node:
                tag = child.tag
                if (
                    child.mem_id in doomed
                    or tag in _DROP_TAGS
                    or (tag != "main" and _is_boilerplate(child) and not _kept(child, keep))
                    or (tag in ("header", "aside") and child.css_first("h1") is None
                        and (_link_density(child) > 0.5 or len(child.css("a")) >= 3))
                ):  # fmt: skip
                    outermost.append(child)
                else:
                    stack.append(child)
            child = child.next
    for node in outermost:
        node.decompose()
    tree.strip_tags(list(_DROP_TAGS))  # the same tags in <head>
    # Sign-up boxes last: their lines are looked for in what is left (no scripts, no other chrome).
    boxes = {box.mem_id: box for box in _chrome_boxes(body) if not _kept(box, keep)}
    for box in boxes.values():
        parent = box.parent
        while parent is not None and parent.mem_id not in boxes:
            parent = parent.parent
        if parent is None:  # not inside another box that goes
            box.decompose()


def _kept(node: LexborNode, keep: re.Pattern[str] | None) -> bool:
    if (
        keep is None
        or _HIDDEN_STYLE.search(node.attributes.get("style") or "")
        or "hidden" in node.attributes
    ):
        return False
    text = node.text(separator=" ")
    return len(text) <= 400 and keep.search(text) is not None


def is_prompt(text: str) -> bool:
    """A short line that is a cookie, sign-in or job-alert prompt rather than posting text."""
    if len(text.split()) > 30:
        return False
    low = text.casefold()
    return (contains_any(low, _PROMPT_HINTS) and _PROMPT.search(text) is not None) or addresses_site_user(low)


_SITE_USER = SITE_USER.pattern()
_SITE_USER_HINTS = SITE_USER.hints


def addresses_site_user(text: str) -> bool:
    """The text speaks to the reader as a user of the site (sign-up, inbox, member reviews, fine print)."""
    return contains_any(text.casefold(), _SITE_USER_HINTS) and _SITE_USER.search(text) is not None


#: Elements that hold a line of text of their own (a box's heading, its fine print).
#: Inline elements: a line of text is the block element around them.
_INLINE = frozenset(("a", "b", "strong", "em", "i", "u", "span", "small", "label", "font", "mark", "abbr", "sup", "sub"))
#: How many words each step of a climb from a chrome line may add: a box, not the posting around it.
_BOX_WORDS = 40


def _chrome_boxes(body: LexborNode) -> list[LexborNode]:
    """The small boxes that a line addressing the reader as a site user heads or closes.

    A sign-up box ("Get roles like this by email … You can unsubscribe at any time")
    often carries a line that changes on every visit between its heading and its
    fine print, in words no list holds; the box goes as a whole. From each such
    line the climb goes on while the parent adds few words of its own, holds no
    <h1>, and the line is still the parent's first or last text: a line in the
    middle of the posting's text removes only itself. A parent that adds a heading
    is a box of the posting's, and so is one that adds list items to a box the
    line does not head.
    """
    low = body.text(separator=" ").casefold()
    present = tuple(hint for hint in _SITE_USER_HINTS if hint in low)  # C substring scans, no regex
    if not present:
        return []  # most pages
    boxes: list[LexborNode] = []
    lines: dict[int, LexborNode] = {}
    for text_node in body.traverse(include_text=True):  # one walk; only text holding a hint counts
        if not text_node.is_text_node:
            continue
        content = text_node.text_content
        if not content or len(content) < 4 or not contains_any(content.casefold(), present):
            continue
        node = text_node.parent
        while node is not None and node.tag in _INLINE and node.parent is not None and not _is_top(node.parent):
            node = node.parent  # the line a phrase is part of: "<p><b>Job</b> alerts by email</p>"
        if node is not None and node.is_element_node and not _is_top(node):
            lines.setdefault(node.mem_id, node)
    for node in list(lines.values())[:300]:
        line = clean_text(node.text(separator=" "))
        if not line or len(line) > 300 or _has_block_child(node) or _SITE_USER.search(line) is None:
            continue
        box, words = node, len(line.split())
        heads = 1 if node.tag in _HEADINGS else 0
        items = 0 if heads else len(node.css("li"))  # a box's heading may head a list; its fine print not
        parent = node.parent
        while parent is not None and not _is_top(parent) and parent.css_first("h1") is None:
            text = clean_text(parent.text(separator=" "))
            parent_words = len(text.split())
            if parent_words - words > _BOX_WORDS or not (text.startswith(line) or text.endswith(line)):
                break
            parent_heads = len(parent.css(_HEADING_SELECTOR))
            if parent_heads > heads or (not heads and len(parent.css("li")) > items):
                break  # the parent is a box of the posting's (a "Pay" box the sign-up box closes)
            box, words, parent = parent, parent_words, parent.parent
        boxes.append(box)
    return boxes


# --------------------------------------------------------------------------------------------- lists of postings

_TAIL_SPLIT = re.compile(r"\s*[·•|]\s*|\s+[-–—]\s+")
_TAIL_EDGE = " ·•|-–—,:;"
_TOP_TAGS = frozenset(("body", "main", "html", "article"))
_HEADING_TAGS = frozenset(("h2", "h3", "h4", "h5", "h6"))
_MAX_LINKS = 2000


def _same_tag_runs(parent: LexborNode, cache: dict[int, dict[str, int]]) -> dict[str, int]:
    """How many element children of each tag ``parent`` has."""
    runs = cache.get(parent.mem_id)
    if runs is None:
        runs = {}
        for child in _element_children(parent):
            if child.tag:
                runs[child.tag] = runs.get(child.tag, 0) + 1
        cache[parent.mem_id] = runs
    return runs


def _row_of(link: LexborNode, cache: dict[int, dict[str, int]]) -> LexborNode | None:
    """The row a link sits in: the lowest element around it (itself included) repeated among its siblings."""
    node = link
    for _ in range(5):
        parent = node.parent
        if parent is None or node.tag in _TOP_TAGS or node.tag in _HEADINGS:
            return None
        if _same_tag_runs(parent, cache).get(node.tag or "", 0) >= 3:
            return node
        node = parent
    return None


def _tail_kind(tail: str) -> str | None:
    """What follows a row's link: "" (nothing), "place" ("Meta · San Jose, CA"), "short", or None (prose)."""
    words = len(tail.split())
    if not words:
        return ""
    if words > 12:
        return None
    parts = [p for p in _TAIL_SPLIT.split(tail) if p.strip()]
    if (
        len(parts) <= 4
        and all(len(p.split()) <= 6 and (p[:1].isupper() or p[:1].isdigit() or p[:1] == "(") for p in parts)
        and any(looks_like_place(p) or has_volatile(p) for p in parts)
    ):
        return "place"
    return "short" if words <= 8 else None


def _href_shape(href: str) -> str | None:
    """A link's path with its numbers blanked ("/job/34340?utm=x" → "/job/#"); None when it has no number."""
    path = re.sub(r"^[a-z][a-z0-9+.-]*://[^/]*", "", href.strip(), flags=re.I)
    path = re.split(r"[?#]", path, maxsplit=1)[0]
    shape = re.sub(r"\d+", "#", path)
    return shape if "#" in shape else None


def _read_row(row: LexborNode) -> tuple[str, str | None, str] | None:
    """(tail kind, href shape, href) of a row led by a short link (a job title); None for any other row."""
    text = clean_text(row.text(separator=" "))
    if not text or len(text) > 300:
        return None
    links = [row] if row.tag == "a" else row.css("a")
    for link in links:
        lead = clean_text(link.text(separator=" "))
        if not lead:
            continue
        if not 1 <= len(lead.split()) <= 12 or not text.startswith(lead):
            return None
        kind = _tail_kind(text[len(lead) :].strip(_TAIL_EDGE))
        if kind is None:
            return None
        href = link.attributes.get("href") or ""
        return kind, _href_shape(href), href
    return None


def _is_posting_list(rows: list[tuple[str, str | None, str]], siblings: int) -> bool:
    """Most siblings are link-led rows, and either their tails read "Company · Place" or their links
    go to one kind of numbered page of the site (its other postings)."""
    if len(rows) < 3 or len(rows) * 4 < siblings * 3:
        return False
    if sum(1 for kind, _, _ in rows if kind == "place") * 3 >= len(rows) * 2:
        return True
    shapes: dict[str, set[str]] = {}
    for _, shape, href in rows:
        if shape is not None:
            shapes.setdefault(shape, set()).add(href)
    best = max((len(hrefs) for hrefs in shapes.values()), default=0)
    return best >= 3 and best * 3 >= len(rows) * 2


def link_lists(root: LexborNode, keep: re.Pattern[str] | None = None) -> set[int]:
    """Elements (by ``mem_id``) that are lists of links to other postings, found by their shape alone.

    Three or more sibling rows, each led by a short link (a job title) with at
    most a short tail, where the tails read "Company · Place" or the links go to
    the site's other numbered job pages: "similar jobs", "more like this",
    "recommended for you" — or a board's own list of openings. The heading just
    before such a list goes with it. A short notice matching ``keep`` (a closed
    posting's banner) is never taken along.
    """
    cache: dict[int, dict[str, int]] = {}
    groups: dict[int, tuple[LexborNode, dict[int, LexborNode]]] = {}
    for link in root.css("a")[:_MAX_LINKS]:
        row = _row_of(link, cache)
        if row is not None and row.parent is not None:
            groups.setdefault(row.parent.mem_id, (row.parent, {}))[1].setdefault(row.mem_id, row)
    marked: set[int] = set()
    for parent, found in groups.values():
        entries = list(found.values())
        tag = entries[0].tag or ""
        entries = [e for e in entries if e.tag == tag]
        if len(entries) < 3:
            continue
        rows = [r for r in (_read_row(e) for e in entries) if r is not None]
        runs = _same_tag_runs(parent, cache)
        if not _is_posting_list(rows, runs.get(tag, 0)):
            continue
        others = sum(n for t, n in runs.items() if t != tag and t not in _HEADINGS)
        whole = not others and not _is_top(parent) and tag not in ("a", "span", "b", "strong", "em", "i")
        if whole:
            marked.add(parent.mem_id)
            first = parent
        elif tag in _BLOCK_TAGS:
            marked.update(e.mem_id for e in entries)
            first = entries[0]
        else:
            continue
        heading = first.prev
        while heading is not None and not heading.is_element_node:
            heading = heading.prev
        if heading is not None and heading.tag != "h1" and heading.css_first("h1") is None:
            words = clean_text(heading.text(separator=" "))
            if (heading.tag in _HEADING_TAGS or len(words.split()) <= 6) and not (
                keep and keep.search(words)
            ):
                marked.add(heading.mem_id)
    return marked


# --------------------------------------------------------------------------------------------- blocks

_Part = tuple[str, bool, bool, int]  # (text, bold, linked, owner element id)


def _pseudo_heading(text: str) -> bool:
    return len(text) <= 120 and not text.endswith((".", "!", "?", ",", ";"))


class _Walker:
    def __init__(self, recs: set[int] | frozenset[int] = frozenset()) -> None:
        self.recs = recs  # elements whose blocks are marked ``recs``
        self.recs_starts: list[int] = []
        self.blocks: list[Block] = []
        self.parts: list[_Part] = []
        self.item_depth = 0
        self.skip: set[int] = set()  # elements already read as part of another (a <dd> read with its <dt>)

    # -- emitting

    def flush(self) -> None:
        if not self.parts:
            return
        parts, self.parts = self.parts, []
        lines: list[list[_Part]] = [[]]
        for text, bold, linked, owner in parts:
            for n, piece in enumerate(text.split("\n")):
                if n:
                    lines.append([])
                if piece:
                    lines[-1].append((piece, bold, linked, owner))
        rows = []
        for line in lines:
            visible = [(t, b, link, o) for t, b, link, o in line if clean_text(t)]
            text = clean_text("".join(t for t, _, _, _ in line))
            if not text:
                continue
            owned: list[str] = []  # the line's text, cut where the element holding it changes
            last_owner = -1
            for t, _, _, o in line:
                if o != last_owner or not owned:
                    owned.append(t)
                else:
                    owned[-1] += t
                last_owner = o
            rows.append((
                text,
                all(b for _, b, _, _ in visible),
                all(link for _, _, link, _ in visible),
                tuple(p for p in (clean_text(p) for p in owned) if p),
                sum(len(clean_text(t)) for t, _, link, _ in visible if link),
            ))  # fmt: skip
        if not rows:
            return
        bulleted = sum(1 for text, *_ in rows if BULLET.match(text))
        as_list = len(rows) > 1 and bulleted >= max(2, len(rows) // 2)
        lead: list[str] = []
        lead_links = True
        for text, bold, links_only, pieces, link_chars in rows:
            if bold and _pseudo_heading(text) and not BULLET.match(text):
                if lead:
                    self._para(" ".join(lead), lead_links, ())
                    lead, lead_links = [], True
                self.blocks.append(Block("heading", text.rstrip(":").strip(), 5, links_only, pieces))
            elif as_list and BULLET.match(text):
                if lead:
                    self._para(" ".join(lead), lead_links, ())
                    lead, lead_links = [], True
                item = BULLET.sub("", text, count=1).strip()
                if item:
                    self.blocks.append(Block("item", item, 0, links_only))
            elif as_list:
                lead.append(text)
                lead_links = lead_links and links_only
            else:
                self._para(text, links_only, pieces, link_chars)
        if lead:
            self._para(" ".join(lead), lead_links, ())

    def _para(self, text: str, links_only: bool, pieces: tuple[str, ...], link_chars: int = 0) -> None:
        if len(text) <= 80 and text.endswith(":") and not BULLET.match(text):
            self.blocks.append(Block("heading", text.rstrip(":").strip(), 6, links_only, pieces))
        elif BULLET.match(text) and len(text) > 2 and not re.match(r"^\s*\d{1,2}[.)]\d", text):
            self.blocks.append(Block("item", BULLET.sub("", text, count=1).strip(), 0, links_only))
        else:
            self.blocks.append(Block("para", text, 0, links_only, pieces, link_chars))

    def flush_item(self) -> None:
        parts, self.parts = self.parts, []
        text = clean_text(" ".join(t for t, _, _, _ in parts))
        if text:
            links_only = all(link for t, _, link, _ in parts if clean_text(t))
            self.blocks.append(Block("item", BULLET.sub("", text, count=1).strip() or text, 0, links_only))

    # -- walking

    def walk(self, root: LexborNode) -> None:
        # (node, bold, linked, closing action) — an explicit stack, so nesting depth costs no recursion
        stack: list[tuple[LexborNode | None, bool, bool, str]] = []
        self._push_children(stack, root, False, False)
        while stack:
            node, bold, linked, action = stack.pop()
            if node is None:
                if action == "block":
                    self.flush()
                elif action == "item":
                    self.flush_item()
                    self.item_depth -= 1
                elif action == "space":
                    self.parts.append((" ", bold, linked, 0))
                elif action == "recs":
                    if not self.item_depth:
                        self.flush()
                    for block in self.blocks[self.recs_starts.pop() :]:
                        block.recs = True
                continue
            self._visit(stack, node, bold, linked)

    @staticmethod
    def _push_children(stack: list[tuple[LexborNode | None, bool, bool, str]], node: LexborNode, bold: bool,
                       linked: bool) -> None:  # fmt: skip
        children = []
        child = node.child
        while child is not None:
            children.append(child)
            child = child.next
        for child in reversed(children):
            stack.append((child, bold, linked, ""))

    def _visit(self, stack: list[tuple[LexborNode | None, bool, bool, str]], node: LexborNode, bold: bool,
               linked: bool) -> None:  # fmt: skip
        if node.is_text_node:
            parent = node.parent
            self.parts.append(
                (node.text_content or "", bold, linked, parent.mem_id if parent is not None else 0)
            )
            return
        tag = node.tag
        if not node.is_element_node or tag is None or (self.skip and node.mem_id in self.skip):
            return
        if self.recs and node.mem_id in self.recs:
            if self.item_depth and tag != "li":
                self.flush_item()
            elif not self.item_depth:
                self.flush()
            self.recs_starts.append(len(self.blocks))
            stack.append((None, bold, linked, "recs"))
        if tag == "br":
            self.parts.append(("\n", bold, linked, 0))
            return
        if self.item_depth:
            if tag in ("ul", "ol"):
                self.flush_item()  # the item's own text, then its sub-list as items of their own
            elif tag == "li":
                self._enter_item(stack, node, bold, linked)
                return
            elif tag in _BLOCK_TAGS:
                # a paragraph inside a list item is part of the item's text
                self.parts.append((" ", bold, linked, 0))
                stack.append((None, bold, linked, "space"))
                self._push_children(stack, node, bold, linked)
                return
            self._push_children(stack, node, bold or tag in ("b", "strong"), linked or tag == "a")
            return
        if tag in _HEADINGS and not _has_block_child(node):
            self.flush()
            text = clean_text(node.text(separator=" "))
            if text:
                self.blocks.append(
                    Block("heading", text.rstrip(":").strip(), int(tag[1]), _link_density(node) > 0.9)
                )
            return
        if tag == "li":
            fact = _fact(node, self.skip)
            if fact is not None:
                self.flush()
                self.blocks.append(Block("meta", fact))
                return
            self.flush()
            self._enter_item(stack, node, bold, linked)
            return
        if tag in ("dt", "tr"):
            fact = _fact(node, self.skip)
            if fact is not None:
                self.flush()
                self.blocks.append(Block("meta", fact))
                return
        if tag in _BLOCK_TAGS:
            self.flush()
            stack.append((None, bold, linked, "block"))
            self._push_children(stack, node, bold, linked)
            return
        self._push_children(stack, node, bold or tag in ("b", "strong"), linked or tag == "a")

    def _enter_item(self, stack: list[tuple[LexborNode | None, bool, bool, str]], node: LexborNode, bold: bool,
                    linked: bool) -> None:  # fmt: skip
        if self.item_depth:
            self.flush_item()
        self.item_depth += 1
        stack.append((None, bold, linked, "item"))
        self._push_children(stack, node, bold, linked)


def _has_block_child(node: LexborNode) -> bool:
    child = node.child
    while child is not None:
        if child.is_element_node and child.tag in _BLOCK_TAGS:
            return True
        child = child.next
    return False


def _fact(node: LexborNode, skip: set[int]) -> str | None:
    """The fact an element states as one short label/value pair ("Employment type: Full-time").

    A heading and a value in one list item, a <dt> with its <dd>, a table row
    of one header cell and one data cell.
    """
    tag = node.tag
    label = value = None
    if tag == "li":
        children = [c for c in _element_children(node)]
        heads = [c for c in children if c.tag in _HEADINGS]
        if len(heads) != 1 or any(c.tag in ("ul", "ol", "li") for c in children):
            return None
        label = clean_text(heads[0].text(separator=" "))
        whole = clean_text(node.text(separator=" "))
        value = clean_text(whole[len(label) :]) if whole.startswith(label) else None
    elif tag == "dt":
        sibling = node.next
        while sibling is not None and not sibling.is_element_node:
            sibling = sibling.next
        if sibling is None or sibling.tag != "dd" or _element_children(sibling, ("ul", "ol", "p")):
            return None
        label, value = clean_text(node.text(separator=" ")), clean_text(sibling.text(separator=" "))
        if label and value and len(label.split()) <= 4 and len(value.split()) <= 12:
            skip.add(sibling.mem_id)
    elif tag == "tr":
        cells = _element_children(node)
        if len(cells) != 2 or [c.tag for c in cells] != ["th", "td"]:
            return None
        label, value = clean_text(cells[0].text(separator=" ")), clean_text(cells[1].text(separator=" "))
    if not label or not value or len(label.split()) > 4 or len(value.split()) > 12:
        return None
    return f"{label.rstrip(':')}: {value}"


def _element_children(node: LexborNode, tags: tuple[str, ...] | None = None) -> list[LexborNode]:
    out = []
    child = node.child
    while child is not None:
        if child.is_element_node and (tags is None or child.tag in tags):
            out.append(child)
        child = child.next
    return out


def page_blocks(root: LexborNode, recs: set[int] | frozenset[int] = frozenset()) -> list[Block]:
    """The text blocks under ``root`` in reading order; those inside the ``recs`` elements are marked."""
    walker = _Walker(recs)
    walker.walk(root)
    walker.flush()
    if walker.item_depth:
        walker.flush_item()
    return walker.blocks


def fragment_blocks(html_text: str) -> list[Block]:
    """Blocks of an HTML fragment, such as a JSON-LD description."""
    tree = parse_html(f"<html><body>{html_text}</body></html>")
    remove_furniture(tree)
    return page_blocks(tree.body) if tree.body is not None else []
