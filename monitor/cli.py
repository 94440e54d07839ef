"""The command line: a thin layer over the library, one command per thing a user does.

Exit codes: 0 success (also when some fetches failed: they are recorded), 1 an
unexpected error, 2 a usage or configuration error, 3 a storage error.
User errors print one line to stderr, never a traceback.
"""

from __future__ import annotations

import asyncio
import functools
import json
import logging
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import click
from rich.console import Console

from monitor import __version__
from monitor.config import Settings, format_duration, load_settings, parse_duration, secret_config_exposed
from monitor.errors import MonitorError, UsageError
from monitor.store import Store, Watch

F = TypeVar("F", bound=Callable[..., Any])

out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)


@dataclass
class Context:
    home: str | None
    config: str | None
    _settings: Settings | None = None

    @property
    def settings(self) -> Settings:
        if self._settings is None:
            self._settings = load_settings(self.home, self.config)
            s = self._settings
            holds_secrets = bool(s.channels or s["notify"]["apprise_config"])
            if holds_secrets and secret_config_exposed(s.config_path):
                err.print(
                    f"warning: {s.config_path} holds notification secrets and other users can read it "
                    f"(chmod 640 it); `run` refuses to start like this",
                    markup=False,
                )
        return self._settings

    @contextmanager
    def store(self) -> Iterator[Store]:
        s = self.settings
        store = Store(s.database_path, full_copy_every=s["storage"]["full_copy_every"])
        try:
            yield store
        finally:
            store.close()


def handle_errors(fn: F) -> F:
    """Report MonitorError as one clear line with its exit code."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except MonitorError as e:
            err.print(f"error: {e}", markup=False)
            sys.exit(e.exit_code)
        except KeyboardInterrupt:
            err.print("interrupted")
            sys.exit(130)

    return wrapper  # type: ignore[return-value]


def _print_json(obj: Any) -> None:
    click.echo(json.dumps(obj, ensure_ascii=False, default=str))


def _watch_label(w: Watch) -> str:
    return w.name or w.url


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--home", envvar="POSTING_MONITOR_HOME", type=click.Path(file_okay=False), metavar="DIR",
              help="Directory holding monitor.toml and the database (env POSTING_MONITOR_HOME).")  # fmt: skip
@click.option("--config", envvar="POSTING_MONITOR_CONFIG", type=click.Path(dir_okay=False), metavar="FILE",
              help="Config file to use instead of DIR/monitor.toml (env POSTING_MONITOR_CONFIG).")  # fmt: skip
@click.option("-v", "--verbose", count=True, help="Log more to stderr (-vv for debug).")
@click.version_option(__version__, prog_name="posting-monitor")
@click.pass_context
def main(ctx: click.Context, home: str | None, config: str | None, verbose: int) -> None:
    """Watch job postings and report when one materially changes.

    \b
    Quick start:
      posting-monitor add https://jobs.example.com/123 --every 6h
      posting-monitor check
      posting-monitor changes
    """
    level = logging.WARNING - 10 * min(verbose, 2)
    from monitor.logs import setup_logging

    setup_logging(level)
    ctx.obj = Context(home=home, config=config)


pass_ctx = click.make_pass_decorator(Context)


# --- watches ----------------------------------------------------------------------------------------


@main.command()
@click.argument("urls", nargs=-1, required=True)
@click.option("--name", help="A label for the watch (only with one URL).")
@click.option(
    "--every", "every", metavar="DURATION", help="Check interval, e.g. 30m, 6h, 1d (default: config)."
)
@click.option("--tag", "tags", multiple=True, help="Tag for routing notifications; repeatable.")
@click.option("--json", "as_json", is_flag=True, help="Print the watches as JSON Lines.")
@pass_ctx
@handle_errors
def add(obj: Context, urls: tuple[str, ...], name: str | None, every: str | None, tags: tuple[str, ...],
        as_json: bool) -> None:  # fmt: skip
    """Watch one or more posting URLs (a URL already watched is left as it is).

    \b
    Example:
      posting-monitor add https://boards.example.com/jobs/4242 --name "ML Eng" --every 6h --tag comp
    """
    if name and len(urls) > 1:
        raise UsageError("--name applies to a single URL")
    interval = None
    if every:
        try:
            interval = parse_duration(every)
        except ValueError:
            raise UsageError(f"--every {every!r}: expected a duration such as 30m, 6h or 1d") from None
        if interval <= 0:
            raise UsageError("--every must be longer than 0")
    for url in urls:
        if not url.startswith(("http://", "https://")):
            raise UsageError(f"{url}: not an http(s) URL")
    with obj.store() as store:
        for url in urls:
            watch, created = store.add_watch(url, name=name, tags=list(tags), interval=interval)
            if as_json:
                _print_json({**watch.to_json(), "created_now": created})
            else:
                out.print(f"{'added' if created else 'already watched'}: #{watch.id} {url}")


@main.command()
@click.argument("watches", nargs=-1, required=True)
@pass_ctx
@handle_errors
def remove(obj: Context, watches: tuple[str, ...]) -> None:
    """Stop watching (by id or URL) and delete the watch's history.

    \b
    Example:
      posting-monitor remove 3
    """
    with obj.store() as store:
        for ref in watches:
            w = store.get_watch(ref)
            store.remove_watch(w.id)
            out.print(f"removed: #{w.id} {w.url}")


@main.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON Lines.")
@pass_ctx
@handle_errors
def list_(obj: Context, as_json: bool) -> None:
    """List watches with their state.

    \b
    Example:
      posting-monitor list --json | jq .url
    """
    default = obj.settings["monitor"]["interval"]
    with obj.store() as store:
        rows = store.watches()
        if as_json:
            for w in rows:
                posting = store.current_posting(w)
                _print_json({**w.to_json(), "title": posting.title if posting else None})
            return
        if not rows:
            out.print("no watches yet: posting-monitor add URL")
            return
        from rich.table import Table

        table = Table(box=None, pad_edge=False)
        for col in ("id", "title / url", "every", "status", "last check", "tags"):
            table.add_column(col)
        for w in rows:
            posting = store.current_posting(w)
            label = (posting.title if posting and posting.title else None) or _watch_label(w)
            state = w.status + (f" ({w.failures} failed)" if w.failures else "")
            table.add_row(str(w.id), label, format_duration(w.interval or default), state,
                          (w.last_check_at or "never").replace("T", " ")[:16], ",".join(w.tags))  # fmt: skip
        out.print(table)


# --- checking ---------------------------------------------------------------------------------------


@main.command()
@click.argument("watches", nargs=-1)
@click.option("--json", "as_json", is_flag=True, help="Print change events as JSON Lines.")
@pass_ctx
@handle_errors
def check(obj: Context, watches: tuple[str, ...], as_json: bool) -> None:
    """Check watches now (all of them by default), whatever their schedule.

    Prints each change found; fetch failures are recorded, not fatal (exit 0).

    \b
    Example:
      posting-monitor check --json
      posting-monitor check 3 https://jobs.example.com/42
    """
    from monitor import shards

    with obj.store() as store:
        targets = [store.get_watch(r) for r in watches] if watches else store.watches(enabled_only=True)
        processes = shards.shard_count(len(targets))
        if processes:
            shards.prepare()  # the shards' imports overlap with ours
        from monitor.engine import CheckOutcome, CheckRun

        show_progress = not as_json and sys.stderr.isatty() and len(targets) > 1
        run = CheckRun(store, obj.settings, shards=processes)
        if show_progress:
            from rich.progress import Progress

            with Progress(console=err, transient=True) as progress:
                task = progress.add_task("checking", total=len(targets))

                def advance(_: CheckOutcome) -> None:
                    progress.advance(task)

                outcomes = asyncio.run(run.run(targets, progress=advance))
        else:
            outcomes = asyncio.run(run.run(targets))
        for o in outcomes:
            if o.event is None:
                continue
            if as_json:
                _print_json(o.event.to_json())
            else:
                mark = "[bold red]![/]" if o.event.material else "·"
                out.print(f"{mark} #{o.watch.id} {_watch_label(o.watch)}: {o.event.summary}", markup=True)
        counts: dict[str, int] = {}
        for o in outcomes:
            counts[o.verdict.outcome] = counts.get(o.verdict.outcome, 0) + 1
        summary = ", ".join(f"{n} {k}" for k, n in sorted(counts.items()))
        line = (
            f"checked {len(outcomes)} watch{'es' if len(outcomes) != 1 else ''}: {summary or 'nothing to do'}"
        )
        (err if as_json else out).print(line)


@main.command()
@click.argument("watches", nargs=-1)
@click.option("--json", "as_json", is_flag=True, help="Print JSON Lines (one posting per line).")
@pass_ctx
@handle_errors
def show(obj: Context, watches: tuple[str, ...], as_json: bool) -> None:
    """Show postings as last extracted (all watches by default).

    \b
    Example:
      posting-monitor show 3
      posting-monitor show --json | jq '{title, pay}'
    """
    from monitor.render import posting_text

    with obj.store() as store:
        targets = [store.get_watch(r) for r in watches] if watches else store.watches()
        for w in targets:
            posting = store.current_posting(w)
            if as_json:
                data: dict[str, Any] = {"url": w.url, "id": w.id, "status": w.status}
                data.update(posting.to_json() if posting else {"title": None, "company": None, "location": None,
                                                                "pay": None})  # fmt: skip
                _print_json(data)
            else:
                out.print(f"[bold]#{w.id}[/] {w.url}  ({w.status})", markup=True)
                out.print(posting_text(posting) if posting else "  not fetched yet", markup=False)
                out.print()


@main.command()
@click.argument("watch")
@click.option("--json", "as_json", is_flag=True, help="Print JSON Lines.")
@pass_ctx
@handle_errors
def history(obj: Context, watch: str, as_json: bool) -> None:
    """List a watch's versions and what changed at each.

    \b
    Example:
      posting-monitor history 3
    """
    with obj.store() as store:
        w = store.get_watch(watch)
        changes = {c["after_id"]: c for c in store.changes(watch_id=w.id, limit=100000) if c["after_id"]}
        status_changes = [c for c in store.changes(watch_id=w.id, limit=100000) if c["status"]]
        rows = []
        for n, snap in enumerate(store.snapshots(w.id), start=1):
            c = changes.get(snap["id"])
            what = c["summary"] if c else ("first version" if n == 1 else "cosmetic (no material change)")
            rows.append({"version": n, "snapshot": snap["id"], "at": snap["at"], "summary": what,
                         "kinds": c["kinds"] if c else []})  # fmt: skip
        for c in status_changes:
            if c["after_id"] in changes and c["after_id"] in {r["snapshot"] for r in rows}:
                continue
            rows.append({"version": None, "snapshot": None, "at": c["at"], "summary": c["summary"],
                         "kinds": c["kinds"]})  # fmt: skip
        rows.sort(key=lambda r: r["at"])
        if as_json:
            for r in rows:
                _print_json(r)
            return
        out.print(f"[bold]#{w.id}[/] {w.url}", markup=True)
        for r in rows:
            v = f"v{r['version']}" if r["version"] else "  –"
            out.print(f"  {v:>4}  {r['at'].replace('T', ' ')[:19]}  {r['summary']}", markup=False)


@main.command()
@click.argument("watch")
@click.argument("a", required=False, type=int)
@click.argument("b", required=False, type=int)
@click.option("--json", "as_json", is_flag=True, help="Print the field-level diff as JSON.")
@click.option(
    "--html", "html_file", type=click.Path(dir_okay=False), help="Write a self-contained HTML page."
)
@pass_ctx
@handle_errors
def diff(
    obj: Context, watch: str, a: int | None, b: int | None, as_json: bool, html_file: str | None
) -> None:
    """Show what changed between two versions (default: the last two).

    A and B are version numbers as `history` prints them.

    \b
    Example:
      posting-monitor diff 3          # last two versions
      posting-monitor diff 3 1 4 --html /tmp/diff.html
    """
    from monitor.diff import compare, summarize
    from monitor.render import diff_html, diff_text

    with obj.store() as store:
        w = store.get_watch(watch)
        snaps = store.snapshots(w.id)
        if len(snaps) < 2 and (a is None or b is None):
            raise UsageError(f"watch #{w.id} has {len(snaps)} version(s); a diff needs two")
        a = a if a is not None else len(snaps) - 1
        b = b if b is not None else len(snaps)
        for v in (a, b):
            if not 1 <= v <= len(snaps):
                raise UsageError(f"version {v} does not exist (watch #{w.id} has 1–{len(snaps)})")
        before = store.load_snapshot(snaps[a - 1]["id"])
        after = store.load_snapshot(snaps[b - 1]["id"])
        d = compare(before, after)
        if as_json:
            _print_json({"url": w.url, "from": a, "to": b, "kinds": d.kinds, "summary": summarize(d),
                         "fields": d.fields()})  # fmt: skip
        elif html_file:
            Path(html_file).write_text(diff_html(w.url, before, after, d, a, b), encoding="utf-8")
            out.print(f"wrote {html_file}")
        else:
            out.print(diff_text(before, after, d, a, b, color=out.is_terminal), markup=False)


@main.command()
@click.option("--since", metavar="WHEN", help="Only changes after this: a duration back (2d) or an ISO date.")
@click.option("--all", "include_all", is_flag=True, help="Include non-material changes.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON Lines with per-field before/after.")
@pass_ctx
@handle_errors
def changes(obj: Context, since: str | None, include_all: bool, as_json: bool) -> None:
    """The change feed, oldest first.

    \b
    Example:
      posting-monitor changes --since 7d
      posting-monitor changes --json | jq 'select(.kinds | index("pay"))'
    """
    since_iso = None
    if since:
        from datetime import UTC, datetime, timedelta

        try:
            since_iso = (datetime.now(UTC) - timedelta(seconds=parse_duration(since))).isoformat(
                timespec="seconds"
            )
        except ValueError:
            try:
                since_iso = datetime.fromisoformat(since).isoformat()
            except ValueError:
                raise UsageError(f"--since {since!r}: expected a duration (7d) or an ISO date") from None
    with obj.store() as store:
        rows = store.changes(since=since_iso, material_only=not include_all)
        for c in rows:
            if as_json:
                _print_json({"id": c["id"], "watch": c["watch_id"], "at": c["at"], **c["event"]})
            else:
                out.print(f"{c['at'].replace('T', ' ')[:16]}  #{c['watch_id']} {c['name'] or c['url']}\n"
                          f"    {c['summary']}", markup=False)  # fmt: skip
        if not rows and not as_json:
            out.print("no changes")


@main.command()
@click.option("--every", default="3s", show_default=True, help="How often the demo board changes.")
@click.option("--rounds", default=6, show_default=True, help="How many changes to show before stopping.")
@handle_errors
def demo(every: str, rounds: int) -> None:
    """Run a self-contained demo: a local job board whose postings change, watched live.

    Needs no network and no config; uses a temporary home.

    \b
    Example:
      posting-monitor demo
    """
    from monitor.demo import run_demo

    run_demo(interval=parse_duration(every), rounds=rounds, console=out)


# --- daemon and notifications -------------------------------------------------------------------------


@main.command()
@pass_ctx
@handle_errors
def run(obj: Context) -> None:
    """Run as a daemon: check every watch on its schedule and deliver notifications.

    Stops cleanly on SIGTERM/SIGINT; SIGHUP reloads the config. Speaks the
    systemd notify protocol when started by systemd (Type=notify).

    \b
    Example:
      posting-monitor --home /var/lib/posting-monitor run
    """
    from monitor.daemon import run_daemon

    sys.exit(run_daemon(obj.settings, home=obj.home, config=obj.config))


@main.group(invoke_without_command=False)
def notify() -> None:
    """Notification channels (Apprise URLs configured in monitor.toml)."""


@notify.command("test")
@click.option("--tag", "tags", multiple=True, help="Only channels routed to this tag; repeatable.")
@click.option("--json", "as_json", is_flag=True, help="Print each channel's result as JSON Lines.")
@pass_ctx
@handle_errors
def notify_test(obj: Context, tags: tuple[str, ...], as_json: bool) -> None:
    """Send a test message through every configured channel and print each result.

    Exits 1 when any channel failed.

    \b
    Example:
      posting-monitor notify test --tag comp
    """
    from monitor.notify import send_test

    results = send_test(obj.settings, tags=list(tags))
    if not results:
        raise UsageError("no notification channels configured (see [notify] in monitor.toml)")
    for r in results:
        if as_json:
            _print_json({"channel": r.channel, "ok": r.ok, "error": r.error})
        else:
            out.print(f"{'ok    ' if r.ok else 'FAILED'} {r.channel}" + (f": {r.error}" if r.error else ""),
                      markup=False)  # fmt: skip
    if not all(r.ok for r in results):
        sys.exit(1)


@main.group(invoke_without_command=True)
@click.option("--json", "as_json", is_flag=True, help="Print JSON Lines.")
@click.option("--all", "include_all", is_flag=True, help="Include delivered messages too.")
@click.pass_context
@handle_errors
def outbox(ctx: click.Context, as_json: bool, include_all: bool) -> None:
    """List notifications waiting to be delivered or that failed.

    \b
    Example:
      posting-monitor outbox
      posting-monitor outbox retry
    """
    if ctx.invoked_subcommand is not None:
        return
    from monitor.notify import outbox_rows

    obj = ctx.find_object(Context)
    assert obj is not None
    with obj.store() as store:
        rows = outbox_rows(store, include_sent=include_all)
    for r in rows:
        if as_json:
            _print_json(r)
        else:
            out.print(f"#{r['id']:<5} {r['state']:<8} {r['kind']:<9} tries {r['attempts']:<2} {r['title']}"
                      + (f"  ({r['last_error']})" if r.get("last_error") else ""), markup=False)  # fmt: skip
    if not rows and not as_json:
        out.print("outbox is empty")


@outbox.command("retry")
@pass_ctx
@handle_errors
def outbox_retry(obj: Context) -> None:
    """Deliver every pending or failed message now, resetting the failed ones' tries.

    \b
    Example:
      posting-monitor outbox retry
    """
    from monitor.notify import retry_outbox

    with obj.store() as store:
        sent, failed = retry_outbox(store, obj.settings)
    out.print(f"delivered {sent}, still failing {failed}")


if __name__ == "__main__":
    main()
