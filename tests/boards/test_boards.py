"""Whole boards through the CLI against a real local server: baseline, new, changed, removed, returned,
outages and filters. Answers are written here in the shapes of the ATS APIs, with our own postings."""

from __future__ import annotations

import json

import pytest
from support.board import LocalBoard

from monitor.sources import SourceKind, board_kind_for

_JOBS = {
    "101": ("Trust & Safety Analyst", "Sydney, NSW, Australia", "<h3>Requirements</h3><ul><li>Two years reviewing "
            "abuse reports</li><li>Clear writing</li></ul><h3>Pay</h3><p>$95,000 - $110,000 per year</p>"),
    "102": ("Backend Engineer", "Toronto, ON, Canada", "<h3>What you will do</h3><ul><li>Build payment APIs in "
            "Go</li><li>Own our ledger service</li></ul><h3>Requirements</h3><ul><li>Four years of Go</li></ul>"),
    "103": ("Trust Data Scientist", "London, United Kingdom", "<h3>Requirements</h3><ul><li>Three years of "
            "experimentation</li><li>SQL and Python</li></ul>"),
}  # fmt: skip


def _greenhouse(base: str, ids: list[str], *, edits: dict[str, str] | None = None) -> str:
    jobs = []
    for i in ids:
        title, place, content = _JOBS[i]
        for old, new in (edits or {}).items():
            content = content.replace(old, new)
        jobs.append({"id": int(i), "title": title, "location": {"name": place}, "absolute_url": f"{base}/jobs/{i}",
                     "updated_at": "2026-11-20T10:00:00-05:00", "company_name": "Kestrel Loop",
                     "content": content.replace("<", "&lt;").replace(">", "&gt;")})  # fmt: skip
    return json.dumps({"jobs": jobs, "meta": {"total": len(jobs)}})


def _events(out: str) -> list[dict[str, object]]:
    return [e for e in map(json.loads, out.splitlines()) if e.get("material")]


@pytest.fixture
def gh(board: LocalBoard) -> tuple[LocalBoard, str]:
    return board, board.url("/v1/boards/kestrel/jobs")


def _serve(board: LocalBoard, text: str, status: int = 200) -> None:
    board.set("/v1/boards/kestrel/jobs", text, status=status, headers={"Content-Type": "application/json"})


def test_a_board_from_baseline_to_new_changed_removed_and_back(gh: tuple[LocalBoard, str], cli: object) -> None:
    board, url = gh
    base = board.url("")
    _serve(board, _greenhouse(base, ["101", "102"]))
    cli("add", "--board", url)  # type: ignore[operator]
    assert _events(cli("check", "--json").stdout) == []  # type: ignore[operator]  # the baseline
    shown = {o["url"]: o for o in map(json.loads, cli("show", "--json").stdout.splitlines())}  # type: ignore[operator]
    assert shown[f"{base}/jobs/101"]["title"] == "Trust & Safety Analyst"
    assert shown[f"{base}/jobs/101"]["company"] == "Kestrel Loop"

    _serve(board, _greenhouse(base, ["102", "101", "103"]))  # reordered, one new
    events = _events(cli("check", "--json").stdout)  # type: ignore[operator]
    assert [(e["url"], e["status"], e["board"]) for e in events] == [(f"{base}/jobs/103", "new", url)]

    _serve(board, _greenhouse(base, ["101", "102", "103"], edits={"$110,000": "$125,000"}))
    events = _events(cli("check", "--json").stdout)  # type: ignore[operator]
    assert [(e["url"], e["kinds"]) for e in events] == [(f"{base}/jobs/101", ["pay"])]

    _serve(board, "<h1>Service Unavailable</h1>", status=503)  # an outage is never a removal
    assert _events(cli("check", "--json").stdout) == []  # type: ignore[operator]
    _serve(board, json.dumps({"jobs": []}))  # nor is one empty answer
    assert _events(cli("check", "--json").stdout) == []  # type: ignore[operator]

    for step in (1, 2):
        _serve(board, _greenhouse(base, ["101", "103"], edits={"$110,000": "$125,000"}))
        events = _events(cli("check", "--json").stdout)  # type: ignore[operator]
        assert [(e["url"], e["status"]) for e in events] == ([] if step == 1 else [(f"{base}/jobs/102", "removed")])
    _serve(board, _greenhouse(base, ["101", "102", "103"], edits={"$110,000": "$125,000"}))
    events = _events(cli("check", "--json").stdout)  # type: ignore[operator]
    assert [(e["url"], e["status"]) for e in events] == [(f"{base}/jobs/102", "reposted")]


def test_postings_outside_the_filter_raise_nothing_and_are_not_stored(gh: tuple[LocalBoard, str], cli: object) -> None:
    board, url = gh
    base = board.url("")
    _serve(board, _greenhouse(base, ["101"]))
    cli("add", "--board", url, "--match", "trust")  # type: ignore[operator]
    cli("check", "--json")  # type: ignore[operator]
    _serve(board, _greenhouse(base, ["101", "102", "103"]))
    events = _events(cli("check", "--json").stdout)  # type: ignore[operator]
    assert [e["url"] for e in events] == [f"{base}/jobs/103"]  # "Backend Engineer" is outside --match
    shown = [json.loads(line)["url"] for line in cli("show", "--json").stdout.splitlines()]  # type: ignore[operator]
    assert f"{base}/jobs/102" not in shown


@pytest.mark.parametrize("answer", ['{"jobs": [', '{"postings": []}', "[1, 2, 3]"])
def test_a_malformed_answer_fails_the_board_alone(gh: tuple[LocalBoard, str], cli: object, answer: str) -> None:
    board, url = gh
    base = board.url("")
    _serve(board, _greenhouse(base, ["101"]))
    board.set("/job/page", "<html><body><h1>Office Manager</h1><p>Acme</p><h3>Requirements</h3><ul><li>Two "
              "years running an office</li><li>Clear writing</li></ul></body></html>")  # fmt: skip
    cli("add", "--board", url)  # type: ignore[operator]
    cli("add", board.url("/job/page"))  # type: ignore[operator]
    cli("check", "--json")  # type: ignore[operator]
    _serve(board, answer)
    proc = cli("check", "--json")  # type: ignore[operator]
    assert _events(proc.stdout) == []
    listed = cli("list", "--json").stdout  # type: ignore[operator]
    board_row = next(json.loads(line) for line in listed.splitlines() if json.loads(line)["url"] == url)
    assert board_row["failures"] == 1


def test_a_careers_page_s_links_are_its_postings(board: LocalBoard, cli: object) -> None:
    def listing(ids: list[str]) -> str:
        rows = "".join(f"<li><a href='/careers/{i}'>{_JOBS[i][0]}</a> <span>{_JOBS[i][1]}</span></li>" for i in ids)
        return f"<html><body><nav><a href='/'>Home</a></nav><h1>Open roles</h1><ul>{rows}</ul></body></html>"

    for i, (title, place, content) in _JOBS.items():
        board.set(f"/careers/{i}", f"<html><body><h1>{title}</h1><p>Kestrel Loop</p><p>{place}</p>{content}"
                  "<p>We review every application within a week and answer each one personally. The team works "
                  "across three time zones and meets in person twice a year to plan the work ahead.</p></body></html>")  # fmt: skip
    board.set("/careers", listing(["101", "102"]))
    cli("add", "--board", board.url("/careers"))  # type: ignore[operator]
    assert _events(cli("check", "--json").stdout) == []  # type: ignore[operator]
    shown = {json.loads(line)["url"]: json.loads(line) for line in cli("show", "--json").stdout.splitlines()}  # type: ignore[operator]
    assert shown[board.url("/careers/101")]["title"] == "Trust & Safety Analyst"
    board.set("/careers", listing(["101", "102", "103"]))
    events = _events(cli("check", "--json").stdout)  # type: ignore[operator]
    assert [(e["url"], e["status"]) for e in events] == [(board.url("/careers/103"), "new")]


@pytest.mark.parametrize(
    ("url", "kind", "api"),
    [
        ("https://boards.greenhouse.io/kestrel", SourceKind.GREENHOUSE,
         "https://boards-api.greenhouse.io/v1/boards/kestrel/jobs?content=true"),
        ("https://job-boards.greenhouse.io/kestrel/", SourceKind.GREENHOUSE,
         "https://boards-api.greenhouse.io/v1/boards/kestrel/jobs?content=true"),
        ("https://jobs.lever.co/harbor", SourceKind.LEVER, "https://api.lever.co/v0/postings/harbor?mode=json"),
        ("https://jobs.ashbyhq.com/lumen", SourceKind.ASHBY,
         "https://api.ashbyhq.com/posting-api/job-board/lumen?includeCompensation=true"),
        ("https://careers.smartrecruiters.com/Acme", SourceKind.SMARTRECRUITERS,
         "https://api.smartrecruiters.com/v1/companies/Acme/postings"),
        ("http://127.0.0.1:9/v1/boards/x/jobs", SourceKind.GREENHOUSE, "http://127.0.0.1:9/v1/boards/x/jobs?content=true"),
        ("http://127.0.0.1:9/v0/postings/x?mode=json", SourceKind.LEVER, "http://127.0.0.1:9/v0/postings/x?mode=json"),
        ("https://acme.example/careers", SourceKind.LISTING, "https://acme.example/careers"),
    ],
)  # fmt: skip
def test_a_person_s_board_url_maps_to_the_api(url: str, kind: SourceKind, api: str) -> None:
    board = board_kind_for(url)
    assert board.kind == kind
    assert board.api_url(url) == api


def test_list_counts_a_board_s_postings_and_show_board_lists_them(gh: tuple[LocalBoard, str], cli: object) -> None:
    board, url = gh
    base = board.url("")
    _serve(board, _greenhouse(base, ["101", "102"]))
    cli("add", "--board", url)  # type: ignore[operator]
    cli("check")  # type: ignore[operator]
    _serve(board, _greenhouse(base, ["101", "102", "103"]))
    cli("check")  # type: ignore[operator]
    rows = [json.loads(line) for line in cli("list", "--json").stdout.splitlines()]  # type: ignore[operator]
    row = next(r for r in rows if r["url"] == url)
    assert (row["kind"], row["postings"], row["new_this_week"]) == ("greenhouse", 3, 3)
    shown = [json.loads(line)["url"] for line in cli("show", url, "--json").stdout.splitlines()]  # type: ignore[operator]
    assert shown == [f"{base}/jobs/101", f"{base}/jobs/102", f"{base}/jobs/103"]
