"""The source kinds and their readers (see the package docstring)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, ClassVar
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from selectolax.lexbor import LexborNode

from monitor.extract import extract_posting
from monitor.extract.blocks import parse_html
from monitor.extract.volatile import clean_text
from monitor.models import Posting


class SourceKind(StrEnum):
    PAGE = "page"
    BOARD_POSTING = "board-posting"  # a posting whose content comes from its board's answer
    GREENHOUSE = "greenhouse"
    LEVER = "lever"
    ASHBY = "ashby"
    SMARTRECRUITERS = "smartrecruiters"
    LISTING = "listing"


class BoardError(ValueError):
    """A board answer that is not the shape its kind expects: one line, for the board's check."""


@dataclass
class BoardPosting:
    """One posting a board lists: its own URL, the board's id for it, and its content when the answer holds it."""

    url: str
    key: str
    title: str
    posting: Posting | None = None  # None for a listing: the posting page is fetched on its own


@dataclass
class BoardAnswer:
    postings: list[BoardPosting] = field(default_factory=list)


#: At most this many postings are read from one answer (a 10 MB answer costs no more than this).
MAX_POSTINGS = 2000


def _json(text: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as e:
        raise BoardError(f"the answer is not JSON ({e.msg} at character {e.pos})") from None


def _slug_company(slug: str) -> str | None:
    words = [w for w in re.split(r"[-_\s]+", slug) if w]
    return " ".join(w[:1].upper() + w[1:] for w in words) or None


class Board:
    """A board kind: its name, the API path shape it reads, a person's URL for it, and a reader."""

    kind: ClassVar[SourceKind]
    #: The path of the API answer this kind reads (any host: boards are also served from mirrors).
    path: ClassVar[re.Pattern[str]]
    #: Query parameters the answer needs ("content=true": the postings' text in the list).
    query: ClassVar[tuple[tuple[str, str], ...]] = ()
    #: A person's URL for the board (host, path) and the API URL it maps to ({0} is the board's name).
    human: ClassVar[tuple[re.Pattern[str], str] | None] = None
    #: Whether the answer holds each posting's content (else each posting page is fetched).
    feeds: ClassVar[bool] = True
    items_key: ClassVar[str | None] = None
    url_keys: ClassVar[tuple[str, ...]] = ()

    @classmethod
    def api_url(cls, url: str) -> str:
        """The URL to fetch: a person's board URL mapped to its API, the parameters the answer needs added."""
        parts = urlsplit(url)
        if cls.human is not None:
            m = cls.human[0].match(f"{parts.hostname or ''}{parts.path}")
            if m:
                return cls.human[1].format(m.group(1))
        query = dict(parse_qsl(parts.query))
        if all(query.get(k) == v for k, v in cls.query):
            return url
        query.update(dict(cls.query))
        return urlunsplit(parts._replace(query=urlencode(query)))

    @classmethod
    def name_in(cls, url: str) -> str | None:
        m = cls.path.search(urlsplit(url).path)
        return m.group(1) if m else None

    @classmethod
    def items(cls, data: Any) -> list[dict[str, Any]]:
        where = f" under {cls.items_key!r}" if cls.items_key else ""
        if cls.items_key and not isinstance(data, dict):
            raise BoardError(f"expected an object with a list of postings{where}")
        items = data.get(cls.items_key) if cls.items_key else data
        if not isinstance(items, list):
            raise BoardError(f"expected a list of postings{where}")
        postings = [item for item in items[:MAX_POSTINGS] if isinstance(item, dict)]
        if items and not postings:
            raise BoardError(f"the list{where} holds no postings")
        return postings

    @classmethod
    def read(cls, text: str, board_url: str) -> BoardAnswer:
        """The postings an answer lists, each read by the same key-finding as a posting's own answer."""
        company = _slug_company(cls.name_in(board_url) or "")
        seen: set[str] = set()
        out = BoardAnswer()
        for item in cls.items(_json(text)):
            url = next((item[k] for k in cls.url_keys if isinstance(item.get(k), str) and item[k]), None)
            if url is None:
                continue  # a posting without its own URL cannot be tracked
            url = urljoin(board_url, url)
            if url in seen:
                continue  # duplicate ids: the first stands
            seen.add(url)
            reading = extract_posting(json.dumps(item), url, "application/json")
            posting = reading.posting
            if not posting.title:
                continue
            if posting.company is None and company:
                posting.company = company
            out.postings.append(BoardPosting(url, str(item.get("id") or url), posting.title, posting))
        return out


class Greenhouse(Board):
    kind = SourceKind.GREENHOUSE
    path = re.compile(r"/v1/boards/([^/]+)/jobs/?$")
    query = (("content", "true"),)
    human = (re.compile(r"^(?:job-)?boards\.greenhouse\.io/([^/]+)/?$"),
             "https://boards-api.greenhouse.io/v1/boards/{0}/jobs?content=true")  # fmt: skip
    items_key = "jobs"
    url_keys = ("absolute_url",)


class Lever(Board):
    kind = SourceKind.LEVER
    path = re.compile(r"/v0/postings/([^/]+)/?$")
    query = (("mode", "json"),)
    human = (re.compile(r"^jobs\.lever\.co/([^/]+)/?$"), "https://api.lever.co/v0/postings/{0}?mode=json")
    url_keys = ("hostedUrl", "applyUrl")


class Ashby(Board):
    kind = SourceKind.ASHBY
    path = re.compile(r"/posting-api/job-board/([^/]+)/?$")
    query = (("includeCompensation", "true"),)
    human = (re.compile(r"^jobs\.ashbyhq\.com/([^/]+)/?$"),
             "https://api.ashbyhq.com/posting-api/job-board/{0}?includeCompensation=true")  # fmt: skip
    items_key = "jobs"
    url_keys = ("jobUrl", "applyUrl")


class SmartRecruiters(Board):
    kind = SourceKind.SMARTRECRUITERS
    path = re.compile(r"/v1/companies/([^/]+)/postings/?$")
    human = (re.compile(r"^(?:careers|jobs)\.smartrecruiters\.com/([^/]+)/?$"),
             "https://api.smartrecruiters.com/v1/companies/{0}/postings")  # fmt: skip
    items_key = "content"
    url_keys = ("postingUrl", "applyUrl", "ref")


class Listing(Board):
    """A careers page: the links that lead to posting pages, each page then fetched as a page watch."""

    kind = SourceKind.LISTING
    path = re.compile(r"^(.*)$")
    feeds = False

    @classmethod
    def api_url(cls, url: str) -> str:
        return url

    @classmethod
    def read(cls, text: str, board_url: str) -> BoardAnswer:
        stripped = text.lstrip()
        if not stripped or stripped.startswith(("{", "[")):
            raise BoardError("expected an HTML careers page")
        tree = parse_html(text)
        body = tree.body
        if body is None:
            raise BoardError("the page has no body")
        board = urlsplit(board_url)
        groups: dict[str, list[BoardPosting]] = {}
        seen: set[str] = set()
        for a in body.css("a[href]")[:MAX_POSTINGS * 4]:
            href = a.attributes.get("href") or ""
            url = urljoin(board_url, href.strip())
            parts = urlsplit(url)
            title = clean_text(a.text(separator=" "))
            if (parts.scheme not in ("http", "https") or parts.hostname != board.hostname or url in seen
                    or not 1 <= len(title.split()) <= 14 or parts.path.rstrip("/") == board.path.rstrip("/")):
                continue  # fmt: skip
            if _in_chrome(a):
                continue
            seen.add(url)
            # postings of one board share their path's parent ("/careers/4770828", "/careers/4862041")
            parent = parts.path.rstrip("/").rsplit("/", 1)[0]
            groups.setdefault(parent, []).append(BoardPosting(urlunsplit(parts._replace(fragment="")), url, title))
        if not groups:
            return BoardAnswer()
        under = [g for p, g in groups.items() if (p + "/").startswith(board.path.rstrip("/") + "/")]
        best = max(under or list(groups.values()), key=len)
        return BoardAnswer(best[:MAX_POSTINGS])


def _in_chrome(node: LexborNode) -> bool:
    parent = node.parent
    while parent is not None:
        if parent.tag in ("nav", "footer", "header"):
            return True
        parent = parent.parent
    return False


KINDS: dict[SourceKind, type[Board]] = {
    k.kind: k for k in (Greenhouse, Lever, Ashby, SmartRecruiters, Listing)
}
BOARD_KINDS = frozenset(KINDS)


def kind_named(name: str) -> type[Board] | None:
    try:
        return KINDS.get(SourceKind(name))
    except ValueError:
        return None


def board_kind_for(url: str) -> type[Board]:
    """The board kind a URL is: an ATS API or a person's URL for one by its shape, else a careers listing."""
    parts = urlsplit(url)
    where = f"{parts.hostname or ''}{parts.path}"
    for board in (Greenhouse, Lever, Ashby, SmartRecruiters):
        if board.path.search(parts.path) or (board.human and board.human[0].match(where)):
            return board
    return Listing
