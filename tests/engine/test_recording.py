"""Recording probes: a batch shares one transaction, and one bad check never costs the others."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from support.postings import posting_page

from monitor.config import parse_settings
from monitor.engine import CheckRun, Probe, analyze
from monitor.models import FetchResult, Posting
from monitor.store import Store, Watch, sha256


def _probes(store: Store, n: int) -> list[tuple[Watch, Probe]]:
    done = []
    for i in range(n):
        watch, _ = store.add_watch(f"http://jobs.example/{i}")
        page = posting_page(title=f"Data Engineer {i}", noise="static")
        result = FetchResult(url=watch.url, final_url=watch.url, status=200, text=page)
        reading, digest = analyze(result)
        done.append((watch, Probe(result, reading, sha256(page), digest)))
    return done


def test_a_batch_is_recorded_in_one_transaction(store: Store, tmp_path: Path) -> None:
    run = CheckRun(store, parse_settings({}, home=tmp_path, config_path=tmp_path / "m.toml"))
    done = _probes(store, 3)
    statements: list[str] = []
    store.db.conn.set_trace_callback(statements.append)
    outcomes = run.record_batch(done)
    store.db.conn.set_trace_callback(None)
    assert [o.verdict.outcome for o in outcomes] == ["new", "new", "new"]
    assert sum(s.startswith("BEGIN") for s in statements) == 1
    assert sum(s.startswith("COMMIT") for s in statements) == 1
    assert sum(s.startswith("SAVEPOINT") for s in statements) == 3  # each check undoable alone


def test_one_failing_check_in_a_batch_is_undone_alone(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    run = CheckRun(store, parse_settings({}, home=tmp_path, config_path=tmp_path / "m.toml"))
    done = _probes(store, 3)
    bad = done[1][0].id
    real = store.save_snapshot

    def failing(watch_id: int, posting: Posting, **kw: str) -> int:
        if watch_id == bad:
            raise RuntimeError("disk on fire")
        return real(watch_id, posting, **kw)

    monkeypatch.setattr(store, "save_snapshot", failing)
    with caplog.at_level(logging.ERROR, logger="monitor.engine"):
        outcomes = run.record_batch(done)
    assert [o.watch.id for o in outcomes] == [done[0][0].id, done[2][0].id]
    assert store.checks(bad) == [] and store.get_watch(bad).snapshot_id is None  # its check row rolled back
    assert all(len(store.checks(o.watch.id)) == 1 for o in outcomes)
    assert f"watch {bad}: check failed" in caplog.text and "disk on fire" in caplog.text
