"""An Atom feed (RFC 4287) of material changes, for a feed reader or a web page.

``posting-monitor feed`` prints it; with ``[feed] path`` set the daemon (and ``check``) keeps that
file current, replacing it atomically so a reader never sees half a feed. Page text is untrusted:
the document is built with ElementTree, which escapes it, and characters XML 1.0 forbids
(control characters a page may carry) are dropped.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from monitor.store import Store

ATOM = "http://www.w3.org/2005/Atom"
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
#: Entries a kept feed file holds (the newest).
FILE_ENTRIES = 200


def _clean(text: object) -> str:
    return _NOT_XML.sub("", str(text))


def _sub(parent: ET.Element, tag: str, text: object | None = None, **attrs: str) -> ET.Element:
    el = ET.SubElement(parent, f"{{{ATOM}}}{tag}", {k: _clean(v) for k, v in attrs.items()})
    if text is not None:
        el.text = _clean(text)
    return el


def _details(event: dict[str, Any]) -> str:
    """The entry's plain-text content: the summary, then each field's before/after."""
    lines = [str(event.get("summary") or "")]
    fields = event.get("fields") or {}
    for kind, value in fields.items():
        if not isinstance(value, dict):
            continue
        if "before" in value or "after" in value:
            lines.append(f"{kind}: {value.get('before')} → {value.get('after')}")
        for verb in ("added", "removed"):
            for item in value.get(verb) or []:
                lines.append(f"{kind} {verb}: {item}")
        for pair in value.get("edited") or []:
            if isinstance(pair, dict):
                lines.append(f"{kind} changed: {pair.get('before')} → {pair.get('after')}")
    return "\n".join(lines)


def atom_feed(changes: Sequence[dict[str, Any]], *, feed_id: str, title: str = "posting-monitor changes",
              labels: dict[int, str] | None = None) -> str:  # fmt: skip
    """The feed for these change rows (as ``Store.changes`` returns them), newest first."""
    ET.register_namespace("", ATOM)
    root = ET.Element(f"{{{ATOM}}}feed")
    _sub(root, "id", feed_id)
    _sub(root, "title", title)
    newest = max((c["at"] for c in changes), default=datetime.now(UTC).isoformat(timespec="seconds"))
    _sub(root, "updated", newest)
    author = _sub(root, "author")
    _sub(author, "name", "posting-monitor")
    _sub(root, "generator", "posting-monitor")
    for c in sorted(changes, key=lambda c: (c["at"], c["id"]), reverse=True):
        event = c["event"]
        name = (labels or {}).get(c["watch_id"]) or c.get("name") or c["url"]
        entry = _sub(root, "entry")
        _sub(entry, "id", f"{feed_id}:change:{c['id']}")
        _sub(entry, "title", f"{name}: {c['summary']}")
        _sub(entry, "updated", c["at"])
        _sub(entry, "link", href=str(event.get("url") or c["url"]), rel="alternate")
        for kind in c["kinds"]:
            _sub(entry, "category", term=str(kind))
        _sub(entry, "content", _details(event), type="text")
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def feed_id(store: Store) -> str:
    """A stable id for this database's feed (its path hashed: no user data in it)."""
    digest = hashlib.sha256(str(store.path.resolve()).encode()).hexdigest()[:16]
    return f"urn:posting-monitor:{digest}"


def build(store: Store, *, since: str | None = None, tag: str | None = None, limit: int = 500) -> str:
    from monitor.watches import Labels

    rows = store.changes(since=since, tag=tag, material_only=True, limit=limit)
    names = Labels(store)
    labels: dict[int, str] = {}
    for w in store.watches():
        if any(c["watch_id"] == w.id for c in rows):
            labels[w.id] = names(w)
    return atom_feed(rows, feed_id=feed_id(store), labels=labels)


def write_file(store: Store, path: str | os.PathLike[str]) -> Path:
    """Replace the feed file atomically with the newest ``FILE_ENTRIES`` material changes."""
    target = Path(path).expanduser()
    text = build(store, limit=FILE_ENTRIES)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target
