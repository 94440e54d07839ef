"""Re-checks of a page whose furniture changed: the reading key stops the read half-way, and only then.

A board rotates tokens, ages and "similar jobs" on every visit, so the body hash
differs on nearly every check. The watch keeps the key of its last reading; a page
with that key reads as the stored posting, so the check is "unchanged" without
reading the page to the end. Anything that could change the posting — an edit, a
failure in between, a removed page — goes through the full reading.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from support.board import LocalBoard
from support.postings import posting_page

from monitor.config import Settings, parse_settings
from monitor.engine import CheckRun, Probe, analyze, fetch_settings, probe
from monitor.extract import PageReading
from monitor.fetch import Fetcher
from monitor.models import FetchResult
from monitor.shards import run_sharded
from monitor.store import Store, Watch


def _settings(tmp_path: Path) -> Settings:
    return parse_settings({}, home=tmp_path, config_path=tmp_path / "monitor.toml")


async def _read(result: FetchResult, unless_key: str | None) -> tuple[PageReading | None, str | None]:
    return analyze(result, unless_key)


async def _probe(run: CheckRun, watch: Watch) -> Probe:
    async with Fetcher(fetch_settings(run.settings)) as fetcher:
        return await probe(watch, fetcher, _read)


async def _check(run: CheckRun, watch_id: int) -> tuple[Probe, str]:
    """Probe one watch as a check run does, record it, and return the probe and the outcome."""
    watch = run.store.get_watch(watch_id)
    found = await _probe(run, watch)
    return found, run.record(watch, found).verdict.outcome


@pytest.fixture
def watched(board: LocalBoard, store: Store, tmp_path: Path) -> tuple[CheckRun, Watch]:
    board.set("/job", posting_page(days_ago=3, applicants=41))
    watch, _ = store.add_watch(board.url("/job"))
    return CheckRun(store, _settings(tmp_path)), watch


async def test_a_furniture_only_change_is_not_read_again(
    watched: tuple[CheckRun, Watch], board: LocalBoard
) -> None:
    run, watch = watched
    first, outcome = await _check(run, watch.id)
    assert outcome == "new" and not first.same
    stored = run.store.get_watch(watch.id)
    assert stored.reading_key is not None and stored.reading_key == first.key

    board.set("/job", posting_page(days_ago=4, applicants=57))  # new token, age and counter
    again, outcome = await _check(run, watch.id)
    assert again.same and again.reading is None and outcome == "unchanged"
    after = run.store.get_watch(watch.id)
    assert after.body_hash != stored.body_hash  # the new body is the one remembered
    assert (after.reading_key, after.fingerprint, after.snapshot_id) == (
        stored.reading_key, stored.fingerprint, stored.snapshot_id,
    )  # fmt: skip


async def test_a_material_edit_is_read_and_alerted(
    watched: tuple[CheckRun, Watch], board: LocalBoard
) -> None:
    run, watch = watched
    await _check(run, watch.id)
    board.set("/job", posting_page(days_ago=5, pay="$150,000 - $190,000 per year"))
    found, outcome = await _check(run, watch.id)
    assert not found.same and found.reading is not None and outcome == "changed"
    assert run.store.get_watch(watch.id).reading_key == found.key  # the edited page's key from now on

    board.set("/job", posting_page(days_ago=6, pay="$150,000 - $190,000 per year"))
    found, outcome = await _check(run, watch.id)
    assert found.same and outcome == "unchanged"


async def test_after_a_failure_the_page_is_read_in_full(
    watched: tuple[CheckRun, Watch], board: LocalBoard
) -> None:
    run, watch = watched
    await _check(run, watch.id)
    board.set("/job", "<h1>Internal Server Error</h1>", status=500)
    _, outcome = await _check(run, watch.id)
    assert outcome == "failed" and run.store.get_watch(watch.id).failures == 1

    board.set("/job", posting_page(days_ago=9))
    found, outcome = await _check(run, watch.id)
    assert not found.same and found.reading is not None  # pending state: decided in full
    assert outcome == "unchanged" and run.store.get_watch(watch.id).failures == 0

    board.set("/job", posting_page(days_ago=10))
    found, _ = await _check(run, watch.id)
    assert found.same


async def test_a_closed_posting_clears_the_key(watched: tuple[CheckRun, Watch], board: LocalBoard) -> None:
    run, watch = watched
    await _check(run, watch.id)
    closed = posting_page().replace(
        "<h1>", "<p><strong>This job is no longer accepting applications.</strong></p><h1>"
    )
    board.set("/job", closed)
    found, outcome = await _check(run, watch.id)
    assert not found.same and outcome == "gone"  # removed once it stays gone
    assert run.store.get_watch(watch.id).reading_key is None


async def test_a_probe_outrun_by_another_check_is_decided_in_full(
    watched: tuple[CheckRun, Watch], board: LocalBoard
) -> None:
    """The watch's state moved on between probe and record (another process checked it meanwhile):
    the page still reads as the posting the probe began with, and that is what is decided on."""
    run, watch = watched
    await _check(run, watch.id)
    began = run.store.get_watch(watch.id)
    board.set("/job", posting_page(days_ago=4))
    found = await _probe(run, began)
    assert found.same
    # meanwhile another check saw the page changed
    board.set("/job", posting_page(pay="$150,000 - $190,000 per year"))
    _, outcome = await _check(run, watch.id)
    assert outcome == "changed"
    outcome = run.record(began, found).verdict.outcome
    assert outcome == "changed"  # back to the pay this probe's page showed
    assert run.store.get_watch(watch.id).reading_key is None  # so the next check reads in full


def test_shard_processes_stop_half_way_too(board: LocalBoard, store: Store, tmp_path: Path) -> None:
    for i in range(6):
        board.set(f"/jobs/{i}", posting_page(title=f"Data Engineer {i}", days_ago=2))
        store.add_watch(board.url(f"/jobs/{i}"))
    run = CheckRun(store, _settings(tmp_path), shards=2)
    first = asyncio.run(run.run(store.watches()))
    assert sorted(o.verdict.outcome for o in first) == ["new"] * 6
    for i in range(6):
        board.set(f"/jobs/{i}", posting_page(title=f"Data Engineer {i}", days_ago=3, applicants=99))
    board.set(
        "/jobs/0",
        posting_page(
            title="Data Engineer 0",
            requirements=(
                "3+ years of experience with Spark",
                "Strong SQL",
                "Experience with Airflow",
                "Kafka in production",
            ),
        ),
    )

    seen: list[tuple[Watch, Probe]] = []

    def on_probes(done: list[tuple[Watch, Probe]]) -> None:
        seen.extend(done)
        run.record_batch(done)

    asyncio.run(run_sharded(store.watches(), fetch_settings(run.settings), 2, on_probes))
    same = {watch.url.rsplit("/", 1)[1]: found.same for watch, found in seen}
    assert same == {"0": False, "1": True, "2": True, "3": True, "4": True, "5": True}
    latest = {w.url.rsplit("/", 1)[1]: store.checks(w.id, limit=1)[0]["outcome"] for w in store.watches()}
    assert latest == {"0": "changed", "1": "unchanged", "2": "unchanged", "3": "unchanged", "4": "unchanged",
                      "5": "unchanged"}  # fmt: skip


async def test_a_304_to_a_settled_watch_is_decided_without_the_stored_version(
    watched: tuple[CheckRun, Watch], board: LocalBoard, monkeypatch: pytest.MonkeyPatch
) -> None:
    run, watch = watched
    await _check(run, watch.id)
    real = run.store.load_snapshot
    loads: list[int] = []

    def counting(snapshot_id: int) -> object:
        loads.append(snapshot_id)
        return real(snapshot_id)

    monkeypatch.setattr(run.store, "load_snapshot", counting)
    _, outcome = await _check(run, watch.id)  # the board answers the validators with a 304
    assert outcome == "not-modified" and loads == []

    board.set("/job", "", status=404)
    _, outcome = await _check(run, watch.id)
    assert outcome == "gone"
    board.set("/job", posting_page(days_ago=3, applicants=41))  # back, but found gone once: decided in full
    _, outcome = await _check(run, watch.id)
    assert outcome in ("unchanged", "not-modified") and loads
