"""Managing watches as a user does: naming, editing, pausing, a history timeline, export and import.

The command line is a thin layer over these functions (and over :class:`~monitor.store.Store`):
each takes a store and plain values and returns typed results the CLI prints.

One naming everywhere: a watch is called by its ``--name`` when it has one, else by its
posting's title, else by its URL (:func:`label`).

The export format (``posting-monitor export``) is a JSON document or a TOML file holding the
watches' URLs and settings, never their history::

    {"posting-monitor": 1,
     "watches": [{"url": "https://…", "name": "ML Eng", "every": "6h", "tags": ["comp"], "enabled": true}]}

    posting-monitor = 1
    [[watch]]
    url = "https://…"
    name = "ML Eng"
    every = "6h"
    tags = ["comp"]
    enabled = true

``name``, ``every`` (a duration; absent: the config's interval), ``tags`` and ``enabled``
(default true) are optional.
"""

from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass, field
from typing import Any, Literal

from monitor.config import format_duration, parse_duration
from monitor.diff import compare, summarize
from monitor.errors import StorageError, UsageError, WatchNotFound
from monitor.store import Store, Watch

FORMAT_VERSION = 1
ExportFormat = Literal["json", "toml"]


# --- naming ---------------------------------------------------------------------------------------


class Labels:
    """Names watches (name, else title, else URL), loading each current posting once."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._titles: dict[int, str | None] = {}

    def title(self, watch: Watch) -> str | None:
        if watch.id not in self._titles:
            try:
                posting = self.store.current_posting(watch)
            except StorageError:
                posting = None
            self._titles[watch.id] = posting.title if posting and posting.title else None
        return self._titles[watch.id]

    def __call__(self, watch: Watch) -> str:
        return watch.name or self.title(watch) or watch.url


def label(store: Store, watch: Watch) -> str:
    return Labels(store)(watch)


def health(watch: Watch) -> str:
    """The watch's state as a word a person reads; never "open" for a posting never read."""
    if not watch.enabled:
        return "paused"
    if watch.snapshot_id is None:
        return "failing (never read)" if watch.failures else "not read yet"
    if watch.failures:
        return "failing"
    return watch.status


def resolve(store: Store, refs: tuple[str, ...] | list[str]) -> list[Watch]:
    """The watches these ids or URLs name; one error naming every one that matches nothing."""
    found: list[Watch] = []
    unknown: list[str] = []
    for ref in refs:
        try:
            w = store.get_watch(ref)
        except WatchNotFound:
            unknown.append(f"with id {ref}" if str(ref).isdigit() else f"for {ref}")
            continue
        if all(w.id != f.id for f in found):
            found.append(w)
    if unknown:
        raise WatchNotFound(f"no watch {'; no watch '.join(unknown)} (see `posting-monitor list`)")
    return found


# --- editing --------------------------------------------------------------------------------------


@dataclass
class Edit:
    """What an ``edit`` (or an ``add`` of a watched URL with new options) changes."""

    values: dict[str, Any] = field(default_factory=dict)  # store columns → new values
    said: list[str] = field(default_factory=list)  # each change in words

    def __bool__(self) -> bool:
        return bool(self.values)


def parse_every(every: str | None) -> float | None:
    if every is None:
        return None
    try:
        interval = parse_duration(every)
    except ValueError:
        raise UsageError(f"--every {every!r}: expected a duration such as 30m, 6h or 1d") from None
    if interval <= 0:
        raise UsageError("--every must be longer than 0")
    return interval


def plan_edit(
    watch: Watch,
    *,
    name: str | None = None,
    interval: float | None = None,
    add_tags: list[str] | tuple[str, ...] = (),
    remove_tags: list[str] | tuple[str, ...] = (),
    default_interval: float,
) -> Edit:
    """The changes these options make to ``watch`` (nothing for options equal to its settings)."""
    edit = Edit()
    if name is not None and (name or None) != watch.name:
        edit.values["name"] = name or None
        edit.said.append(f"name {watch.name or '(none)'!r} → {name or '(none)'!r}")
    if interval is not None and interval != (watch.interval or default_interval):
        edit.values["interval"] = interval
        edit.said.append(
            f"every {format_duration(watch.interval or default_interval)} → {format_duration(interval)}"
        )
    tags = set(watch.tags)
    new_tags = (tags | set(add_tags)) - set(remove_tags)
    if new_tags != tags:
        edit.values["tags"] = sorted(new_tags)
        added, removed = sorted(new_tags - tags), sorted(tags - new_tags)
        edit.said.append(
            "tags " + " ".join([*(f"+{t}" for t in added), *(f"-{t}" for t in removed)])
        )
    return edit


def apply_edit(store: Store, watch: Watch, edit: Edit) -> Watch:
    if edit:
        with store.transaction():
            store.update_watch(watch.id, **edit.values)
    return store.get_watch(watch.id)


# --- history --------------------------------------------------------------------------------------


@dataclass
class HistoryRow:
    """One event of a watch's history: a version stored, or a status change (removed, reposted)."""

    at: str
    summary: str
    kinds: list[str]
    version: int | None = None  # the version number ``diff`` takes, when this event stored one
    snapshot: int | None = None
    status: str | None = None
    material: bool = False

    def to_json(self) -> dict[str, Any]:
        return {"version": self.version, "snapshot": self.snapshot, "at": self.at, "summary": self.summary,
                "kinds": self.kinds, "status": self.status, "material": self.material}  # fmt: skip


def history(store: Store, watch: Watch) -> list[HistoryRow]:
    """Every event in the order it happened: the first version, each change (with the version it
    stored, if any), each removal and return, and versions no change names (cosmetic edits)."""
    snaps = store.snapshots(watch.id)
    numbers = {s["id"]: n for n, s in enumerate(snaps, start=1)}
    changes = store.changes(watch_id=watch.id, limit=-1)
    rows: list[tuple[str, int, int, HistoryRow]] = []  # (at, 0 version / 1 change, id, row)
    named: set[int] = set()
    for c in changes:
        after, before = c["after_id"], c["before_id"]
        stored = after if after is not None and after != before and after not in named else None
        summary = c["summary"]
        if c["status"] == "reposted" and stored is not None and before is not None:
            # It came back changed: say how, as for any edit.
            d = compare(store.load_snapshot(before), store.load_snapshot(stored))
            if d.material:
                summary = f"{summary}; changed meanwhile: {summarize(d)}"
        if stored is not None:
            named.add(stored)
        rows.append((c["at"], 1, int(c["id"]), HistoryRow(at=c["at"], summary=summary, kinds=list(c["kinds"]),
                                            version=numbers.get(stored) if stored else None,
                                            snapshot=stored, status=c["status"],
                                            material=bool(c["material"]))))  # fmt: skip
    for s in snaps:
        if s["id"] in named:
            continue
        n = numbers[s["id"]]
        what = "first version" if n == 1 else "cosmetic change (no material change)"
        rows.append((s["at"], 0, int(s["id"]), HistoryRow(at=s["at"], summary=what, kinds=[], version=n,
                                                          snapshot=s["id"])))  # fmt: skip
    rows.sort(key=lambda r: r[:3])  # changes in the order recorded, even within one second
    return [r[3] for r in rows]


# --- export and import ----------------------------------------------------------------------------


def export_watches(store: Store) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for w in store.watches():
        entry: dict[str, Any] = {"url": w.url}
        if w.name:
            entry["name"] = w.name
        if w.interval:
            entry["every"] = format_duration(w.interval)
        if w.tags:
            entry["tags"] = list(w.tags)
        entry["enabled"] = w.enabled
        out.append(entry)
    return out


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    return json.dumps(str(value))  # a JSON string with ASCII escapes is a TOML basic string


def dump_watches(entries: list[dict[str, Any]], fmt: ExportFormat) -> str:
    if fmt == "json":
        return json.dumps({"posting-monitor": FORMAT_VERSION, "watches": entries}, indent=2, ensure_ascii=False)
    lines = [f"posting-monitor = {FORMAT_VERSION}"]
    for entry in entries:
        lines.append("")
        lines.append("[[watch]]")
        lines.extend(f"{key} = {_toml_value(value)}" for key, value in entry.items())
    return "\n".join(lines) + "\n"


@dataclass
class WatchSpec:
    url: str
    name: str | None = None
    interval: float | None = None
    tags: list[str] = field(default_factory=list)
    enabled: bool = True


def parse_watch_file(text: str, where: str) -> list[WatchSpec]:
    """Read an export (JSON or TOML, told apart by content); errors name the entry and key."""
    data: Any
    if text.lstrip().startswith("{"):
        try:
            data = json.loads(text)
        except ValueError as e:
            raise UsageError(f"{where}: not valid JSON: {e}") from None
        entries = data.get("watches") if isinstance(data, dict) else None
    else:
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as e:
            raise UsageError(f"{where}: neither JSON nor valid TOML: {e}") from None
        entries = data.get("watch", [])
    if not isinstance(entries, list):
        raise UsageError(f"{where}: expected a list of watches (\"watches\" in JSON, [[watch]] in TOML)")
    specs: list[WatchSpec] = []
    for i, entry in enumerate(entries, start=1):
        at = f"{where}: watch {i}"
        if not isinstance(entry, dict):
            raise UsageError(f"{at}: expected a table with a url")
        unknown = set(entry) - {"url", "name", "every", "tags", "enabled"}
        if unknown:
            raise UsageError(f"{at}: unknown key {sorted(unknown)[0]!r} (known: url, name, every, tags, enabled)")
        url = entry.get("url")
        if not isinstance(url, str) or not url.startswith(("http://", "https://")):
            raise UsageError(f"{at}: url must be an http(s) URL")
        name = entry.get("name")
        if name is not None and not isinstance(name, str):
            raise UsageError(f"{at}: name must be a string")
        every = entry.get("every")
        interval = None
        if every is not None:
            try:
                interval = parse_duration(every)
            except ValueError:
                raise UsageError(f"{at}: every = {every!r}: expected a duration such as 6h") from None
            if interval <= 0:
                raise UsageError(f"{at}: every must be longer than 0")
        tags = entry.get("tags", [])
        if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
            raise UsageError(f"{at}: tags must be a list of strings")
        enabled = entry.get("enabled", True)
        if not isinstance(enabled, bool):
            raise UsageError(f"{at}: enabled must be true or false")
        specs.append(WatchSpec(url=url, name=name, interval=interval, tags=list(tags), enabled=enabled))
    return specs


@dataclass
class ImportReport:
    added: list[Watch] = field(default_factory=list)
    unchanged: list[Watch] = field(default_factory=list)
    differs: list[tuple[Watch, Edit]] = field(default_factory=list)  # watched already, other settings


def import_watches(store: Store, specs: list[WatchSpec], *, default_interval: float) -> ImportReport:
    """Add the watches not watched yet; a watched URL keeps its settings and is reported when the
    file's differ (``edit`` changes them)."""
    report = ImportReport()
    with store.transaction():
        for spec in specs:
            watch, created = store.add_watch(spec.url, name=spec.name, tags=spec.tags, interval=spec.interval)
            if created:
                if not spec.enabled:
                    store.set_enabled([watch.id], False)
                    watch = store.get_watch(watch.id)
                report.added.append(watch)
                continue
            edit = plan_edit(watch, name=spec.name, interval=spec.interval, add_tags=spec.tags,
                             remove_tags=sorted(set(watch.tags) - set(spec.tags)),
                             default_interval=default_interval)  # fmt: skip
            if edit:
                report.differs.append((watch, edit))
            else:
                report.unchanged.append(watch)
    return report
