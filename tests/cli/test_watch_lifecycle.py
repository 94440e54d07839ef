"""The walking skeleton end to end: add → check → the page changes → check → history, diff, show, changes."""

from __future__ import annotations

import json
import sqlite3

from support.board import LocalBoard
from support.postings import posting_page


def _events(stdout: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in stdout.splitlines() if line.startswith("{")]


def test_add_check_change_history_diff(board: LocalBoard, cli) -> None:  # type: ignore[no-untyped-def]
    url = board.url("/jobs/42")
    board.set("/jobs/42", posting_page())
    assert "added: #1" in cli("add", url, "--name", "Data Eng", "--every", "2h", "--tag", "eng").stdout
    assert "already watched" in cli("add", url).stdout  # idempotent

    first = cli("check", "--json")
    assert _events(first.stdout) == []  # the first version is a baseline, not an alert

    board.set("/jobs/42", posting_page(days_ago=4, applicants=77))  # noise only
    assert _events(cli("check", "--json").stdout) == []

    board.set("/jobs/42", posting_page(pay="$140,000 - $195,000 per year",
                                       requirements=("5+ years of experience with Spark", "Strong SQL",
                                                     "Experience with Airflow")))  # fmt: skip
    (event,) = _events(cli("check", "--json").stdout)
    assert event["url"] == url and event["material"] is True
    assert set(event["kinds"]) == {"pay", "requirements"}  # type: ignore[arg-type]
    assert event["pay"] == {
        "before": {"min": 140000, "max": 175000, "currency": "USD", "period": "year"},
        "after": {"min": 140000, "max": 195000, "currency": "USD", "period": "year"},
    }
    assert "175,000 → 195,000" in str(event["summary"])

    history = cli("history", "1").stdout
    assert "v1" in history and "v2" in history and "Pay max" in history
    diff = cli("diff", "1").stdout
    assert "[-3+-]" in diff and "{+5++}" in diff
    diff_json = json.loads(cli("diff", "1", "--json").stdout)
    assert diff_json["kinds"] == ["pay", "requirements"]
    shown = json.loads(cli("show", "--json").stdout)
    assert shown["title"] == "Senior Data Engineer" and shown["pay"]["max"] == 195000
    assert "Senior Data Engineer" in cli("show", "1").stdout
    feed = [json.loads(line) for line in cli("changes", "--json").stdout.splitlines()]
    assert len(feed) == 1 and feed[0]["fields"]["pay"]["after"]["max"] == 195000
    listing = json.loads(cli("list", "--json").stdout)
    assert listing["tags"] == ["eng"] and listing["interval"] == 7200


def test_unchanged_page_is_a_conditional_request_and_stores_no_snapshot(board: LocalBoard, cli) -> None:  # type: ignore[no-untyped-def]
    board.set("/p", posting_page(noise="fixed"))
    cli("add", board.url("/p"))
    cli("check")
    cli("check")
    second = board.requests[-1]
    assert second[2].get("if-none-match")  # the server's ETag came back
    db = sqlite3.connect(cli.home / "monitor.db")
    outcomes = [r[0] for r in db.execute("SELECT outcome FROM checks ORDER BY id")]
    assert outcomes == ["new", "not-modified"]
    assert db.execute("SELECT count(*) FROM snapshots").fetchone()[0] == 1
    db.close()


def test_noise_makes_no_snapshot(board: LocalBoard, cli) -> None:  # type: ignore[no-untyped-def]
    board.set("/p", posting_page(days_ago=1))
    cli("add", board.url("/p"))
    cli("check")
    for n in range(2, 5):
        board.set("/p", posting_page(days_ago=n, applicants=10 * n))
        cli("check")
    db = sqlite3.connect(cli.home / "monitor.db")
    assert db.execute("SELECT count(*) FROM snapshots").fetchone()[0] == 1
    assert db.execute("SELECT count(*) FROM checks").fetchone()[0] == 4
    assert db.execute("SELECT count(*) FROM changes").fetchone()[0] == 0
    db.close()


def test_one_bad_watch_never_stops_the_others(board: LocalBoard, cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    import socket
    import time

    board.set("/good", posting_page())
    board.set("/broken", "<h1>oops</h1>", status=500)

    def slow(h) -> None:  # type: ignore[no-untyped-def]
        time.sleep(3)

    board.set_handler("/slow", slow)
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{s.getsockname()[1]}/gone"
    (cli.home).mkdir(parents=True, exist_ok=True)
    (cli.home / "monitor.toml").write_text('[fetch]\nretries = 0\ntimeout_read = "1s"\n')
    cli("add", board.url("/broken"), board.url("/slow"), closed, board.url("/good"))
    result = cli("check", "--json")
    assert result.returncode == 0
    db = sqlite3.connect(cli.home / "monitor.db")
    rows = dict(db.execute("SELECT w.url, c.outcome || ':' || coalesce(c.error, '') FROM checks c "
                           "JOIN watches w ON w.id = c.watch_id"))  # fmt: skip
    db.close()
    assert rows[board.url("/good")].startswith("new")
    assert rows[board.url("/broken")] == "failed:http-500"
    assert rows[board.url("/slow")] == "failed:timeout"
    assert rows[closed] == "failed:connect"
    assert "checked 4 watches" in result.stderr


def test_user_errors_are_one_line_without_traceback(cli, tmp_path) -> None:  # type: ignore[no-untyped-def]
    cli.home.mkdir(parents=True)
    (cli.home / "monitor.toml").write_text("[fetch]\nper_host = 'two'\n")
    bad = cli("list", ok=False)
    assert bad.returncode == 2
    assert "monitor.toml: fetch.per_host = 'two': expected a whole number ≥ 1" in bad.stderr
    assert "Traceback" not in bad.stderr
    (cli.home / "monitor.toml").write_text("[fetch]\ncolour = 1\n")
    unknown = cli("list", ok=False)
    assert unknown.returncode == 2 and "unknown key fetch.colour" in unknown.stderr
    (cli.home / "monitor.toml").write_text("[fetch\n")
    broken = cli("list", ok=False)
    assert broken.returncode == 2 and "not valid TOML" in broken.stderr
    (cli.home / "monitor.toml").write_text("")
    missing = cli("show", "99", ok=False)
    assert (
        missing.returncode == 2
        and "no watch with id 99" in missing.stderr
        and "Traceback" not in missing.stderr
    )
    assert cli("add", "ftp://x", ok=False).returncode == 2
    assert cli("add", "https://x", "--every", "soon", ok=False).returncode == 2


def test_every_command_has_help_with_an_example(cli) -> None:  # type: ignore[no-untyped-def]
    for command in ("add", "remove", "list", "check", "show", "history", "diff", "changes", "demo", "run",
                    "notify test", "outbox", "outbox retry"):  # fmt: skip
        text = cli(*command.split(), "--help").stdout
        assert "Example:" in text, command


def test_remove_by_url(board: LocalBoard, cli) -> None:  # type: ignore[no-untyped-def]
    board.set("/p", posting_page())
    cli("add", board.url("/p"))
    assert "removed: #1" in cli("remove", board.url("/p")).stdout
    assert "no watches yet" in cli("list").stdout


def test_world_readable_secret_config_gets_a_warning(cli) -> None:  # type: ignore[no-untyped-def]
    cli.home.mkdir(parents=True)
    config = cli.home / "monitor.toml"
    config.write_text('[notify]\nurls = ["json://user:hunter2@127.0.0.1:9/x"]\n')
    config.chmod(0o644)
    listed = cli("list")
    assert "other users can read it" in listed.stderr and "hunter2" not in listed.stderr + listed.stdout
    config.chmod(0o640)
    assert "other users can read it" not in cli("list").stderr
