"""Diff output: text with changed words marked, JSON, and a self-contained HTML page that escapes page content."""

from __future__ import annotations

import json
from pathlib import Path

from support.board import LocalBoard
from support.postings import posting_page


def test_html_diff_escapes_untrusted_page_content(board: LocalBoard, cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    board.set("/p", posting_page())
    cli("add", board.url("/p"))
    cli("check")
    hostile = "<script>alert('x')</script> Experience with <b>Airflow</b>"
    board.set("/p", posting_page(requirements=("3+ years of experience with Spark", "Strong SQL", hostile)))
    cli("check")
    out = tmp_path / "diff.html"
    cli("diff", "1", "--html", str(out))
    page = out.read_text()
    assert "<script>alert" not in page and "&lt;script&gt;alert" in page
    assert "<ins>" in page or "added:" in page
    assert (
        page.startswith("<!doctype html>") and "http://" not in page.split("<body>")[0]
    )  # no external assets


def test_diff_needs_two_versions_and_valid_numbers(board: LocalBoard, cli) -> None:  # type: ignore[no-untyped-def]
    board.set("/p", posting_page())
    cli("add", board.url("/p"))
    cli("check")
    one = cli("diff", "1", ok=False)
    assert one.returncode == 2 and "a diff needs two" in one.stderr
    board.set("/p", posting_page(title="Staff Data Engineer"))
    cli("check")
    assert cli("diff", "1", "1", "7", ok=False).returncode == 2
    data = json.loads(cli("diff", "1", "1", "2", "--json").stdout)
    assert data["kinds"] == ["title"] and "Staff Data Engineer" in data["summary"]
