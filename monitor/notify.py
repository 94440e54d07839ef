"""The notification edge: render outbox rows and deliver them through Apprise, durably.

Why an outbox: a change is recorded and its message queued in one transaction
(``Store.record_change``), so a crash can never lose an alert or alert about a
change that was not stored. This module drains that queue.

Delivery guarantees, per outbox row and per channel:

* Each channel's success is written to ``deliveries`` right after that one
  send, in its own small transaction, and a channel with a success row is
  never sent that row again. A crash (or a send that timed out but actually
  arrived) can therefore repeat **at most the one message that was in flight**
  on the one channel being sent to; everything else is exactly-once.
* A row is ``sent`` only when every channel it is routed to has succeeded.
  Otherwise it stays ``pending`` with ``attempts`` + 1 and an exponential
  ``next_attempt_at`` (``retry_backoff``·2^(attempts-1), capped at 6 h), and
  turns ``failed`` after ``max_attempts``; ``outbox retry`` revives it.
* Before sending, a row is leased: ``lease_until`` is set (in one conditional
  UPDATE) to past the longest the sends can take, so a daemon and an ``outbox
  retry`` running at the same time never both send it; a process that dies
  mid-send leaves a lease that simply runs out. ``outbox retry`` makes rows due
  but never takes a leased one.
* Sends to one channel are spaced by ``[notify] spacing`` (chat services
  throttle bursts), within a process.
* With no channel configured, checks queue nothing (``check`` and the daemon
  say so); rows queued before stay ``pending`` so adding a channel later
  delivers them. A row no configured channel is
  routed to (every channel is tagged for other watches) is closed as ``sent``
  with ``last_error`` saying why, since no retry could ever deliver it.

Routing: a watch's messages go to untagged channels and to channels whose tags
intersect the watch's tags. Entries of an Apprise config file are matched with
Apprise's own tag logic (OR of tags, AND groups, ``always``), untagged entries
receiving everything as above.

Secrets: Apprise URLs carry tokens and passwords. Channels are named by a
masked id (their ``name``, or ``mask_url`` of Apprise's privacy-mode URL), and
every error or log line from here, and from Apprise's own logger, is passed
through ``mask_secrets``.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import hashlib
import html
import importlib
import json
import logging
import os
import re
import time
import uuid
import warnings
from collections.abc import Callable, Coroutine, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

import apprise
from apprise.utils.logic import is_exclusive_match

from monitor.config import Settings
from monitor.diff import format_pay
from monitor.errors import StorageError, WatchNotFound
from monitor.logs import mask_secrets, mask_url
from monitor.models import Pay
from monitor.store import OutboxStore

log = logging.getLogger(__name__)
_T = TypeVar("_T")

with warnings.catch_warnings(), contextlib.suppress(ImportError):
    # Apprise's e-mail plugin imports the stdlib ``imghdr`` (deprecated since 3.11), which would
    # warn the first time an e-mail URL loads; load it here, once, quietly. A later Apprise may
    # have moved it, hence the ImportError guard.
    warnings.simplefilter("ignore", DeprecationWarning)
    importlib.import_module("apprise.utils.pgp")

#: Apprise's own tag logic (OR of tags, AND groups, ``always``); untyped upstream.
_apprise_match: Any = is_exclusive_match

#: How long Apprise may spend on one send before it reports a timeout; the
#: outer wait adds a grace period so a hung plugin cannot block shutdown.
SEND_TIMEOUT = 30.0
_OUTER_GRACE = 15.0
#: Longest wait between two attempts of one message.
MAX_BACKOFF = 6 * 3600.0
#: Bounds that keep one message readable whatever the page did.
_MAX_ITEMS = 10
_MAX_TEXT = 300
_MAX_TITLE = 200

_HTML_SCHEMES = frozenset({"mailto", "mailtos"})
_MARKDOWN_SCHEMES = frozenset(
    {
        "slack", "discord", "msteams", "mattermost", "mmost", "mmosts", "rocketchat", "rocket", "rockets",
        "matrix", "matrixs", "telegram", "tgram",
    }
)  # fmt: skip
FORMATS = ("html", "markdown", "text")


@dataclass
class ChannelResult:
    """One channel's answer to a send; ``channel`` is a masked id, never the raw URL."""

    channel: str
    ok: bool
    error: str | None = None


# --- Apprise's logger -----------------------------------------------------------------------------


class _MaskingFilter(logging.Filter):
    """Apprise logs some URLs verbatim (e.g. "Unsupported URL: ..."): mask them at the source."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a malformed record is not ours to break on
            return True
        masked = mask_secrets(message)
        if masked != message:
            record.msg, record.args = masked, None
        return True


def _guard_apprise_logs() -> None:
    logger = logging.getLogger("apprise")
    if not any(isinstance(f, _MaskingFilter) for f in logger.filters):
        logger.addFilter(_MaskingFilter())


# --- channels -------------------------------------------------------------------------------------


@dataclass
class _Target:
    """One place a message can go: a configured channel or an entry of the Apprise config file."""

    id: str
    url: str = field(repr=False)  # holds secrets: never log, never show
    fmt: str = "text"
    tags: frozenset[str] = frozenset()
    from_config: bool = False
    problem: str | None = None  # why it cannot be used (the URL did not load)

    def routes(self, watch_tags: Sequence[str]) -> bool:
        """Whether a message about a watch with these tags goes here."""
        if not self.tags:
            return True
        if self.from_config:
            return bool(_apprise_match(logic=list(watch_tags), data=set(self.tags)))
        return bool(self.tags & set(watch_tags))


def _scheme(url: str) -> str:
    return url.split("://", 1)[0].lower() if "://" in url else ""


def _format_for(service: Any, url: str) -> str:
    """HTML for e-mail, Markdown for chat services that render it, plain text elsewhere."""
    schemes = {_scheme(url)}
    for attr in ("protocol", "secure_protocol"):
        value = getattr(service, attr, None)
        if isinstance(value, str):
            schemes.add(value.lower())
        elif isinstance(value, tuple | list):
            schemes.update(str(v).lower() for v in value)
    if schemes & _HTML_SCHEMES:
        return "html"
    if schemes & _MARKDOWN_SCHEMES:
        return "markdown"
    return "text"


def _masked_id(service: Any, url: str) -> str:
    """A display id without secrets: Apprise's privacy URL (plugin-aware), masked again, no query."""
    shown = url
    if service is not None:
        try:
            shown = str(service.url(privacy=True))
        except Exception:  # fall back to masking the configured URL
            shown = url
    return mask_url(shown.split("?", 1)[0])


def _asset(settings: Settings) -> apprise.AppriseAsset:
    return apprise.AppriseAsset(
        app_id="posting-monitor",
        app_desc="posting-monitor",
        storage_path=str(settings.home / "apprise"),
        service_timeout=SEND_TIMEOUT,
    )


def _targets(settings: Settings) -> list[_Target]:
    """Every channel: ``[[notify.channel]]`` and ``urls`` first, then the Apprise config file's entries."""
    _guard_apprise_logs()
    asset = _asset(settings)
    out: list[_Target] = []
    for ch in settings.channels:
        service = apprise.Apprise.instantiate(ch.url, asset=asset)
        ident = ch.name or _masked_id(service, ch.url)
        out.append(
            _Target(
                id=ident,
                url=ch.url,
                fmt=_format_for(service, ch.url),
                tags=frozenset(ch.tags),
                problem=None if service else "not a usable Apprise URL (see the log for why)",
            )
        )
    path = settings["notify"]["apprise_config"]
    if path:
        out.extend(_config_targets(settings, path, asset))
    _disambiguate(out)
    return out


def _config_path(settings: Settings, path: str) -> Path:
    """A relative ``apprise_config`` is relative to the directory of monitor.toml."""
    p = Path(path).expanduser()
    return p if p.is_absolute() else settings.config_path.parent / p


def _config_targets(settings: Settings, path: str, asset: apprise.AppriseAsset) -> list[_Target]:
    file = _config_path(settings, path)
    if not file.is_file():
        log.warning("notify: apprise_config %s does not exist or is not a file", file)
        return []
    config = apprise.AppriseConfig(asset=asset, cache=False)
    config.add(str(file))
    services = list(config.services())
    if not services:
        log.warning("notify: apprise_config %s defines no usable channel", file)
    out: list[_Target] = []
    for entry in services:
        service: Any = entry
        url = str(service.url())
        out.append(
            _Target(
                id=_masked_id(service, url),
                url=url,
                fmt=_format_for(service, url),
                tags=frozenset(str(t) for t in service.tags),
                from_config=True,
            )
        )
    return out


def _disambiguate(targets: list[_Target]) -> None:
    """Make ids unique: masking can make two URLs look alike, but deliveries are keyed by id."""
    seen: dict[str, int] = {}
    for t in targets:
        seen[t.id] = seen.get(t.id, 0) + 1
    for t in targets:
        if seen[t.id] > 1:
            service: Any = apprise.Apprise.instantiate(t.url)
            suffix = str(service.url_id() or "")[:8] if service is not None else ""
            if not suffix:
                suffix = hashlib.sha256(t.url.encode()).hexdigest()[:8]
            t.id = f"{t.id}#{suffix}"


# --- sending --------------------------------------------------------------------------------------


def _send_blocking(
    target: _Target, asset: apprise.AppriseAsset, title: str, body: str
) -> tuple[bool, str | None]:
    """Send through a fresh Apprise object (no throttling carried between messages); never raises."""
    if target.problem:
        return False, target.problem
    ap = apprise.Apprise(asset=asset)
    try:
        if not ap.add(target.url):
            return False, "not a usable Apprise URL (see the log for why)"
        result = ap.notify(body=body, title=title, body_format=target.fmt)
    except Exception as e:  # a channel's failure is data, not a crash
        return False, _clean_error(f"{type(e).__name__}: {e}")
    try:
        if result:
            return True, None
        reasons: list[str] = []
        for entry in result.logs():
            if entry.level in ("WARNING", "ERROR", "CRITICAL") and entry.message not in reasons:
                reasons.append(entry.message)
        status = result.status.name.lower()
        return False, _clean_error("; ".join(reasons) or f"apprise reported {status}")
    finally:
        result.close()


def _clean_error(text: str) -> str:
    text = mask_secrets(" ".join(text.split()))
    return text if len(text) <= _MAX_TEXT else text[: _MAX_TEXT - 1] + "…"


async def _send(
    target: _Target, asset: apprise.AppriseAsset, title: str, body: str
) -> tuple[bool, str | None]:
    """Send off the event loop; the outer timeout bounds a plugin that ignores Apprise's own."""
    try:
        return await asyncio.wait_for(
            asyncio.to_thread(_send_blocking, target, asset, title, body), SEND_TIMEOUT + _OUTER_GRACE
        )
    except TimeoutError:
        return False, f"no answer within {SEND_TIMEOUT + _OUTER_GRACE:g}s"


def send_test(settings: Settings, *, tags: list[str] | None = None) -> list[ChannelResult]:
    """Send a test message through every channel (or those a watch with ``tags`` routes to)."""
    asset = _asset(settings)
    results: list[ChannelResult] = []
    for target in _targets(settings):
        if tags and not target.routes(tags):
            continue
        title, body = _test_message(target)
        ok, error = _send_blocking(target, asset, title, body)
        if ok:
            log.info("notify test: %s ok", target.id)
        else:
            log.warning("notify test: %s failed: %s", target.id, error)
        results.append(ChannelResult(channel=target.id, ok=ok, error=error))
    return results


def _test_message(target: _Target) -> tuple[str, str]:
    text = f"This is a test from posting-monitor: channel {target.id} works."
    if target.fmt == "html":
        return "posting-monitor test", f"<p>{html.escape(text)}</p>"
    if target.fmt == "markdown":
        return "posting-monitor test", _md(text)
    return "posting-monitor test", text


# --- rendering ------------------------------------------------------------------------------------


@dataclass
class _Doc:
    """A message before formatting: plain strings only, escaped by the renderer for its format."""

    summary: str
    rows: list[tuple[str, str]] = field(default_factory=list)  # (label, "before → after")
    lists: list[tuple[str, list[str]]] = field(default_factory=list)  # (label, items)
    url: str | None = None


_MD_INLINE = re.compile(r"([\\`*_~\[\]<>|])")
_MD_LINE_START = re.compile(r"^(\s*)([#>+\-=]|\d+[.)])", re.M)


def _md(text: str) -> str:
    """Escape CommonMark specials so page text cannot format, link or inject markup."""
    return _MD_LINE_START.sub(lambda m: f"{m.group(1)}\\{m.group(2)}", _MD_INLINE.sub(r"\\\1", text))


def _clip(text: object, limit: int = _MAX_TEXT) -> str:
    s = " ".join(str(text).split())
    return s if len(s) <= limit else s[: limit - 1].rstrip() + "…"


def _one_line(text: str) -> str:
    return _clip("".join(ch for ch in text if ch.isprintable() or ch == " "), _MAX_TITLE)


def _pay(value: Any) -> Pay | None:
    try:
        return Pay.from_json(value) if isinstance(value, dict) else None
    except (KeyError, TypeError, ValueError):
        return None


def _pay_headline(pay: dict[str, Any] | None) -> str:
    pay = pay or {}
    before, after = _pay(pay.get("before")), _pay(pay.get("after"))
    if before is None and after is not None:
        return "Pay added"
    if after is None and before is not None:
        return "Pay removed"
    if before is None or after is None:
        return "Pay changed"
    if (before.currency or "").upper() != (after.currency or "").upper() or before.period != after.period:
        return "Pay changed"
    mid_before, mid_after = (before.min + before.max) / 2, (after.min + after.max) / 2
    if mid_after > mid_before:
        return "Pay raised"
    if mid_after < mid_before:
        return "Pay cut"
    return "Pay changed"


def _headline(event: dict[str, Any]) -> str:
    kinds = list(event.get("kinds") or [])
    status = event.get("status")
    if status == "removed":
        return "Posting removed"
    if status == "reposted":
        return "Reposted"
    if "pay" in kinds:
        return _pay_headline(event.get("pay") or (event.get("fields") or {}).get("pay"))
    for kind, words in (("requirements", "Requirements changed"), ("title", "Title changed"),
                        ("location", "Location changed"), ("responsibilities", "Responsibilities changed")):  # fmt: skip
        if kind in kinds:
            return words
    return "Posting changed"


def _subject(payload: dict[str, Any], event: dict[str, Any]) -> str:
    """The posting as "<title> at <company>", or whatever else names it best."""
    fields = event.get("fields") or {}
    title_change = fields.get("title") or {}
    title = payload.get("title") or title_change.get("after") or title_change.get("before")
    company = payload.get("company")
    if title and company:
        return f"{title} at {company}"
    return str(title or payload.get("name") or event.get("url") or payload.get("url") or "a watched posting")


def _change_doc(payload: dict[str, Any]) -> _Doc:
    event: dict[str, Any] = payload.get("event") or {}
    fields: dict[str, Any] = event.get("fields") or {}
    doc = _Doc(
        summary=_clip(event.get("summary") or "The posting changed"),
        url=event.get("url") or payload.get("url"),
    )
    pay = event.get("pay") or fields.get("pay")
    if pay:
        before, after = _pay(pay.get("before")), _pay(pay.get("after"))
        doc.rows.append(("Pay", f"{format_pay(before)} → {format_pay(after)}"))
    for key, label in (("title", "Title"), ("location", "Location")):
        change = fields.get(key)
        if isinstance(change, dict):
            doc.rows.append((label, f"{_clip(change.get('before') or 'not stated')} → "
                                    f"{_clip(change.get('after') or 'not stated')}"))  # fmt: skip
    status = fields.get("status")
    if isinstance(status, dict):
        reason = f" ({_clip(status['reason'])})" if status.get("reason") else ""
        doc.rows.append(("Status", f"{status.get('before') or '?'} → {status.get('after') or '?'}{reason}"))
    for key, noun in (("requirements", "Requirements"), ("responsibilities", "Responsibilities"),
                      ("description", "Description")):  # fmt: skip
        change = fields.get(key)
        if not isinstance(change, dict):
            continue
        for verb in ("added", "removed"):
            items = [_clip(x) for x in change.get(verb) or []]
            if items:
                doc.lists.append((f"{noun} {verb}", _cap(items)))
        edits = [
            f"{_clip(e.get('before', ''))} → {_clip(e.get('after', ''))}" for e in change.get("edited") or []
        ]
        if edits:
            doc.lists.append((f"{noun} edited", _cap(edits)))
    return doc


def _cap(items: list[str]) -> list[str]:
    if len(items) <= _MAX_ITEMS:
        return items
    return [*items[:_MAX_ITEMS], f"… and {len(items) - _MAX_ITEMS} more"]


def _notice_doc(kind: str, payload: dict[str, Any]) -> _Doc:
    url = str(payload.get("url") or "")
    failures = payload.get("failures") or 0
    posting = payload.get("title") or payload.get("name")
    if kind == "failing":
        doc = _Doc(
            summary=f"The last {failures} checks of this watch failed; changes go unseen until it answers again.",
            url=url,
        )
        if payload.get("reason"):
            doc.rows.append(("Last error", _clip(payload["reason"])))
    else:
        doc = _Doc(summary="Checks of this watch succeed again.", url=url)
        if failures:
            doc.rows.append(("Failed checks before", str(failures)))
    if posting:
        doc.rows.append(("Posting", _clip(posting)))
    return doc


def _render_doc(doc: _Doc, fmt: str) -> str:
    if fmt == "html":
        e = html.escape
        parts = [f"<p>{e(doc.summary)}</p>"]
        if doc.rows:
            parts.append("<ul>" + "".join(f"<li><b>{e(k)}:</b> {e(v)}</li>" for k, v in doc.rows) + "</ul>")
        for label, items in doc.lists:
            parts.append(
                f"<p><b>{e(label)}:</b></p><ul>" + "".join(f"<li>{e(i)}</li>" for i in items) + "</ul>"
            )
        if doc.url:
            link = e(doc.url)
            web = doc.url.lower().startswith(("http://", "https://"))
            parts.append(f'<p><a href="{link}">{link}</a></p>' if web else f"<p>{link}</p>")
        return "\n".join(parts)
    if fmt == "markdown":
        parts = [_md(doc.summary)]
        if doc.rows:
            parts.append("\n".join(f"- **{_md(k)}:** {_md(v)}" for k, v in doc.rows))
        for label, items in doc.lists:
            parts.append(f"**{_md(label)}:**\n" + "\n".join(f"- {_md(i)}" for i in items))
        if doc.url:
            plain = not re.search(r"[\s<>]", doc.url)
            parts.append(f"<{doc.url}>" if plain else _md(doc.url))
        return "\n\n".join(parts)
    parts = [doc.summary]
    if doc.rows:
        parts.append("\n".join(f"{k}: {v}" for k, v in doc.rows))
    for label, items in doc.lists:
        parts.append(f"{label}:\n" + "\n".join(f"  - {i}" for i in items))
    if doc.url:
        parts.append(doc.url)
    return "\n\n".join(parts)


def _title(row_kind: str, payload: dict[str, Any]) -> str:
    if row_kind == "failing":
        return f"Watch failing: {payload.get('url') or '?'}"
    if row_kind == "recovered":
        return f"Watch recovered: {payload.get('url') or '?'}"
    event: dict[str, Any] = payload.get("event") or {}
    return f"{_headline(event)}: {_subject(payload, event)}"


def render_message(row_kind: str, payload: dict[str, Any], *, fmt: str) -> tuple[str, str]:
    """(title, body) of one outbox row in ``fmt``; page-derived text is escaped for that format.

    ``payload`` is the row's payload, optionally with ``title``/``company``/``name``
    added (see ``_enrich``) so the title can name the posting.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown message format {fmt!r} (expected one of {', '.join(FORMATS)})")
    title = _one_line(_title(row_kind, payload))
    doc = _change_doc(payload) if row_kind == "change" else _notice_doc(row_kind, payload)
    body = _render_doc(doc, fmt)
    # An e-mail subject is plain text; Markdown services may render the title, so escape it there.
    return (_md(title) if fmt == "markdown" else title), body


def _render_digest(items: Sequence[tuple[str, dict[str, Any]]], fmt: str) -> tuple[str, str]:
    """One message for several changes: a heading per change, then its usual body."""
    title = f"{len(items)} posting changes"
    parts: list[str] = []
    for kind, payload in items:
        heading, body = render_message(kind, payload, fmt=fmt)
        if fmt == "html":
            parts.append(f"<h3>{html.escape(heading)}</h3>\n{body}")
        elif fmt == "markdown":
            parts.append(f"### {heading}\n\n{body}")
        else:
            parts.append(f"== {heading} ==\n\n{body}")
    sep = "\n<hr>\n" if fmt == "html" else "\n\n---\n\n" if fmt == "markdown" else "\n\n"
    return title, sep.join(parts)


# --- the outbox -----------------------------------------------------------------------------------


def _iso(moment: datetime) -> str:
    """The store's timestamp format, so SQL string comparison orders correctly."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat(timespec="seconds")


def _load_payload(row: dict[str, Any]) -> dict[str, Any]:
    try:
        data = json.loads(row["payload"])
    except (TypeError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _watch_tags(store: OutboxStore, watch_id: int | None) -> list[str]:
    if watch_id is None:
        return []
    try:
        return list(store.get_watch(watch_id).tags)
    except WatchNotFound:
        return []


def _enrich(store: OutboxStore, row: dict[str, Any]) -> dict[str, Any]:
    """The row's payload plus the posting's title and company and the watch's name, when known."""
    payload = _load_payload(row)
    if row.get("watch_id") is None:
        return payload
    try:
        watch = store.get_watch(int(row["watch_id"]))
    except WatchNotFound:
        return payload
    payload.setdefault("url", watch.url)
    if not payload.get("name") and watch.name:
        payload["name"] = watch.name
    if payload.get("title") and payload.get("company"):
        return payload
    try:
        posting = store.current_posting(watch)
    except StorageError:
        posting = None
    if posting is not None:
        if not payload.get("title") and posting.title:
            payload["title"] = posting.title
        if not payload.get("company") and posting.company:
            payload["company"] = posting.company
    return payload


def outbox_rows(store: OutboxStore, *, include_sent: bool = False) -> list[dict[str, Any]]:
    """Outbox rows for display, oldest first; titles rendered, errors masked."""
    out: list[dict[str, Any]] = []
    for row in store.outbox(include_sent=include_sent):
        title, _ = render_message(row["kind"], _enrich(store, row), fmt="text")
        out.append(
            {
                "id": row["id"],
                "state": row["state"],
                "kind": row["kind"],
                "attempts": row["attempts"],
                "title": title,
                "created": row["created"],
                "last_error": mask_secrets(row["last_error"]) if row["last_error"] else None,
                "next_attempt_at": row["next_attempt_at"],
            }
        )
    return out


@dataclass
class Delivered:
    """What one delivery pass did: rows now sent, rows tried (or waiting) and not sent, rows left
    alone because another process holds their lease."""

    sent: int = 0
    unsent: int = 0
    busy: int = 0


def deliver_now(store: OutboxStore, settings: Settings) -> Delivered:
    """Deliver every due row now, from sync code (``check`` after recording)."""
    return _run_sync(lambda: _deliver(store, settings, now=datetime.now(UTC), force=False))


def retry_outbox(store: OutboxStore, settings: Settings) -> Delivered:
    """Revive failed rows, make every pending row due, and deliver now (digest wait skipped).

    Synchronous, for the CLI; the daemon awaits ``deliver_pending`` instead. A row another
    process is sending (leased) is left to it and counted in ``busy``.
    """
    now = datetime.now(UTC)
    store.revive_messages(_iso(now))
    return _run_sync(lambda: _deliver(store, settings, now=now, force=True))


def _run_sync(make: Callable[[], Coroutine[Any, Any, _T]]) -> _T:
    """Run a coroutine to completion from sync code, even when this thread already runs a loop."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(make())
    # Called from async code: block it (this is a sync API) and run our own loop in a worker.
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(lambda: asyncio.run(make())).result()


async def deliver_pending(
    store: OutboxStore, settings: Settings, *, now: datetime | None = None
) -> tuple[int, int]:
    """Deliver every due outbox row; returns (rows now sent, rows attempted or waiting but not sent).

    With ``[notify] digest`` set, change rows wait until the oldest is older than
    the digest interval and then go out as one combined message per channel;
    "failing"/"recovered" notices never wait.
    """
    done = await _deliver(store, settings, now=now or datetime.now(UTC), force=False)
    return done.sent, done.unsent


_said_no_channels = False


async def _deliver(store: OutboxStore, settings: Settings, *, now: datetime, force: bool) -> Delivered:
    global _said_no_channels
    now_s = _iso(now)
    due = store.due_messages(now_s)
    digest = float(settings["notify"]["digest"])
    digest_batch: list[dict[str, Any]] = []
    if digest > 0:
        due = [r for r in due if r["kind"] != "change"]
        digest_batch = _digest_batch(store, now, digest, force)
    if not due and not digest_batch:
        return Delivered()
    targets = _targets(settings)
    if not targets:
        if not _said_no_channels:
            log.info(
                "notify: no channels configured; %d message(s) wait in the outbox",
                len(due) + len(digest_batch),
            )
            _said_no_channels = True
        return Delivered(unsent=len(due) + len(digest_batch))
    asset = _asset(settings)
    batches = [[r] for r in due]
    if digest_batch:
        batches.append(digest_batch)
    counts = Delivered()
    for batch in batches:
        if not _claim(store, batch, now, len(targets)):
            counts.busy += len(batch)
            continue
        done = await _deliver_batch(store, settings, batch, targets, asset, now)
        counts.sent += done
        counts.unsent += len(batch) - done
    return counts


def _digest_batch(store: OutboxStore, now: datetime, digest: float, force: bool) -> list[dict[str, Any]]:
    """All pending change rows, once the oldest has waited a digest interval and none is backing off."""
    rows = store.pending_messages("change")
    if not rows:
        return []
    now_s = _iso(now)
    if not force:
        if min(r["created"] for r in rows) > _iso(now - timedelta(seconds=digest)):
            return []
        # A row backing off after a failure, or leased by another process: wait for it.
        if any((r["next_attempt_at"] or "") > now_s or (r["lease_until"] or "") > now_s for r in rows):
            return []
    return rows


_OWNER = f"{os.getpid()}-{uuid.uuid4().hex[:8]}"


def _claim(store: OutboxStore, batch: list[dict[str, Any]], now: datetime, n_targets: int) -> bool:
    """Lease the rows until their sends must be over, unless another process holds one of them."""
    wait = (SEND_TIMEOUT + _OUTER_GRACE) * max(1, n_targets) + 60
    lease = _iso(datetime.now(UTC) + timedelta(seconds=wait))
    real_now = _iso(datetime.now(UTC))
    try:
        with store.transaction():
            for row in batch:
                if not store.lease_message(row["id"], owner=_OWNER, until=lease, now=real_now):
                    raise _Claimed
    except _Claimed:
        log.info(
            "notify: outbox %s is being delivered by another process", ", ".join(f"#{r['id']}" for r in batch)
        )
        return False
    return True


class _Claimed(Exception):
    """Another process leased a row first."""


def _succeeded(store: OutboxStore, outbox_id: int) -> set[str]:
    return store.delivered_channels(outbox_id)


async def _deliver_batch(
    store: OutboxStore,
    settings: Settings,
    batch: list[dict[str, Any]],
    targets: list[_Target],
    asset: apprise.AppriseAsset,
    now: datetime,
) -> int:
    """Send one row (or one digest of rows) to each channel still owed it; returns rows now sent."""
    payloads = {r["id"]: _enrich(store, r) for r in batch}
    routed = {r["id"]: [t for t in targets if t.routes(_watch_tags(store, r["watch_id"]))] for r in batch}
    errors: dict[int, list[str]] = {r["id"]: [] for r in batch}
    for target in targets:
        # Read successes right before each send: a row is never sent twice to a channel that took it.
        owed = [r for r in batch if target in routed[r["id"]] and target.id not in _succeeded(store, r["id"])]
        if not owed:
            continue
        if len(owed) == 1:
            title, body = render_message(owed[0]["kind"], payloads[owed[0]["id"]], fmt=target.fmt)
        else:
            title, body = _render_digest([(r["kind"], payloads[r["id"]]) for r in owed], target.fmt)
        await _space(target.id, float(settings["notify"]["spacing"]))
        ok, error = await _send(target, asset, title, body)
        _last_send[target.id] = time.monotonic()
        ids = ", ".join(f"#{r['id']}" for r in owed)
        with store.transaction():
            for r in owed:
                store.record_delivery(r["id"], target.id, ok=ok, error=error, at=_iso(datetime.now(UTC)))
        if ok:
            log.info("notify: outbox %s delivered to %s", ids, target.id)
        else:
            log.warning("notify: outbox %s to %s failed: %s", ids, target.id, error)
            for r in owed:
                errors[r["id"]].append(f"{target.id} failed: {error}")
    return _settle(store, settings, batch, routed, errors, now)


#: When this process last sent to each channel (by id), for ``[notify] spacing``.
_last_send: dict[str, float] = {}


async def _space(channel: str, spacing: float) -> None:
    """Wait until ``spacing`` seconds have passed since this process's last send to ``channel``."""
    last = _last_send.get(channel)
    if last is not None and spacing > 0:
        wait = last + spacing - time.monotonic()
        if wait > 0:
            await asyncio.sleep(wait)


def _settle(
    store: OutboxStore,
    settings: Settings,
    batch: list[dict[str, Any]],
    routed: dict[int, list[_Target]],
    errors: dict[int, list[str]],
    now: datetime,
) -> int:
    """Mark each row sent, or count the attempt and schedule the next one."""
    n = settings["notify"]
    sent = 0
    with store.transaction():
        for r in batch:
            done = _succeeded(store, r["id"])
            missing = [t.id for t in routed[r["id"]] if t.id not in done]
            if not missing:
                note = None if routed[r["id"]] else "no configured channel is routed to this watch's tags"
                store.mark_sent(r["id"], at=_iso(now), note=note)
                sent += 1
                continue
            attempts = int(r["attempts"]) + 1
            delay = min(MAX_BACKOFF, float(n["retry_backoff"]) * 2 ** (attempts - 1))
            state = "failed" if attempts >= int(n["max_attempts"]) else "pending"
            last_error = _clean_error("; ".join(errors[r["id"]]) or "not delivered to " + ", ".join(missing))
            store.reschedule_message(
                r["id"], state=state, attempts=attempts, next_attempt_at=_iso(now + timedelta(seconds=delay)),
                last_error=last_error,
            )  # fmt: skip
            if state == "failed":
                log.warning("notify: outbox #%s failed after %d attempts: %s", r["id"], attempts, last_error)
    return sent
