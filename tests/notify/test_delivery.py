"""Outbox delivery through real Apprise plugins to a real SMTP server and a real HTTP receiver.

Nothing here mocks SMTP or HTTP: the store is a SQLite file, the e-mail goes
through aiosmtpd on a local port and json:// posts to a stdlib HTTP server.
Retry timing is driven by passing ``now=`` instead of sleeping.
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from support.smtp import SmtpServer, free_port, html_part
from support.webhook import Webhook

from monitor.config import Settings, parse_settings
from monitor.models import ChangeEvent, Posting
from monitor.notify import deliver_pending, outbox_rows, render_message, retry_outbox, send_test
from monitor.store import Store, Watch


def make_settings(tmp_path: Path, channels: list[dict[str, Any]], **notify: Any) -> Settings:
    data = {"notify": {"retry_backoff": "1s", **notify, "channel": channels}}
    return parse_settings(data, home=tmp_path, config_path=tmp_path / "monitor.toml")


def add_posting(
    store: Store,
    url: str,
    *,
    title: str = "Backend Engineer",
    company: str = "Acme",
    tags: list[str] | None = None,
) -> Watch:
    watch, _ = store.add_watch(url, tags=tags)
    snap = store.save_snapshot(watch.id, Posting(title=title, company=company))
    store.update_watch(watch.id, snapshot_id=snap, status="open")
    return store.get_watch(watch.id)


def pay_raise(url: str, summary: str = "Pay 100,000 → 120,000 USD/year") -> ChangeEvent:
    before = {"min": 100000, "max": 100000, "currency": "USD", "period": "year"}
    after = {"min": 120000, "max": 120000, "currency": "USD", "period": "year"}
    return ChangeEvent(
        url=url,
        material=True,
        kinds=["pay", "requirements"],
        summary=summary,
        pay={"before": before, "after": after},
        fields={
            "pay": {"before": before, "after": after},
            "requirements": {
                "added": ["Rust"],
                "removed": [],
                "edited": [{"before": "3+ years", "after": "5+ years"}],
            },
        },
    )


def queue_change(store: Store, watch: Watch, event: ChangeEvent | None = None) -> int:
    store.record_change(
        watch.id, event or pay_raise(watch.url), check_id=None, before_id=None, after_id=None, notify=True
    )
    return int(store.db.execute("SELECT max(id) FROM outbox").fetchone()[0])


def outbox(store: Store, outbox_id: int) -> dict[str, Any]:
    return dict(next(iter(store.db.query("SELECT * FROM outbox WHERE id = ?", [outbox_id]))))


def deliveries(store: Store, outbox_id: int | None = None) -> list[dict[str, Any]]:
    if outbox_id is None:
        return list(store.db.query("SELECT * FROM deliveries ORDER BY id"))
    return list(store.db.query("SELECT * FROM deliveries WHERE outbox_id = ? ORDER BY id", [outbox_id]))


def later(seconds: float) -> datetime:
    return datetime.now(UTC) + timedelta(seconds=seconds)


# --- delivery -------------------------------------------------------------------------------------


async def test_change_is_delivered_once_to_email_and_json(
    tmp_path: Path, store: Store, smtp_server: SmtpServer, webhook: Webhook
) -> None:
    settings = make_settings(tmp_path, [{"url": smtp_server.url()}, {"url": webhook.url("/hook")}])
    watch = add_posting(store, "https://jobs.example.com/1")
    oid = queue_change(store, watch)

    assert await deliver_pending(store, settings) == (1, 0)
    assert await deliver_pending(store, settings, now=later(3600)) == (0, 0)

    [mail] = smtp_server.received()
    assert mail["Subject"] == "Pay raised: Backend Engineer at Acme"
    body = html_part(mail)
    assert "100,000 USD/year → 120,000 USD/year" in body
    assert "Rust" in body and "3+ years → 5+ years" in body
    assert 'href="https://jobs.example.com/1"' in body
    [posted] = webhook.received("/hook")
    assert posted["title"] == "Pay raised: Backend Engineer at Acme"
    assert "Requirements added:\n  - Rust" in posted["message"]
    row = outbox(store, oid)
    assert row["state"] == "sent" and row["done_at"] and row["last_error"] is None
    assert [d["ok"] for d in deliveries(store, oid)] == [1, 1]


async def test_smtp_outage_retries_only_the_failed_channel(
    tmp_path: Path, store: Store, smtp_server: SmtpServer, webhook: Webhook
) -> None:
    settings = make_settings(tmp_path, [{"url": smtp_server.url()}, {"url": webhook.url()}])
    oid = queue_change(store, add_posting(store, "https://jobs.example.com/1"))
    smtp_server.stop()
    t0 = datetime.now(UTC)

    assert await deliver_pending(store, settings, now=t0) == (0, 1)
    row = outbox(store, oid)
    assert (row["state"], row["attempts"]) == ("pending", 1)
    assert row["next_attempt_at"] == (t0 + timedelta(seconds=1)).isoformat(timespec="seconds")
    failed = [d for d in deliveries(store, oid) if not d["ok"]]
    assert len(failed) == 1 and failed[0]["error"] and failed[0]["channel"].startswith("mailto://")

    assert await deliver_pending(store, settings, now=t0) == (0, 0)  # not due yet
    assert await deliver_pending(store, settings, now=t0 + timedelta(seconds=5)) == (0, 1)  # still down
    row = outbox(store, oid)
    assert row["attempts"] == 2
    assert row["next_attempt_at"] == (t0 + timedelta(seconds=5 + 2)).isoformat(timespec="seconds")  # doubled

    smtp_server.start()  # same port
    assert await deliver_pending(store, settings, now=t0 + timedelta(seconds=60)) == (1, 0)
    assert outbox(store, oid)["state"] == "sent"
    assert len(smtp_server.received()) == 1
    assert len(webhook.received()) == 1  # delivered on the first try and never again
    assert [d["ok"] for d in deliveries(store, oid)] == [0, 1, 0, 1]


async def test_html_email_escapes_page_text(tmp_path: Path, store: Store, smtp_server: SmtpServer) -> None:
    settings = make_settings(tmp_path, [{"url": smtp_server.url()}])
    evil = "<script>alert(1)</script>"
    watch = add_posting(store, "https://jobs.example.com/x", title=f"Engineer {evil}", company="Evil & Co")
    event = ChangeEvent(
        url=watch.url,
        material=True,
        kinds=["requirements"],
        summary=f"requirement added: '{evil}'",
        fields={"requirements": {"added": [evil], "removed": [], "edited": []}},
    )
    queue_change(store, watch, event)

    assert await deliver_pending(store, settings) == (1, 0)
    body = html_part(smtp_server.received()[0])
    assert "<script>" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body


async def test_tagged_channel_gets_only_its_watches(tmp_path: Path, store: Store, webhook: Webhook) -> None:
    settings = make_settings(
        tmp_path,
        [{"url": webhook.url("/all")}, {"url": webhook.url("/comp"), "tags": ["comp"], "name": "comp-team"}],
    )
    queue_change(store, add_posting(store, "https://jobs.example.com/comp", tags=["comp", "x"]))
    queue_change(store, add_posting(store, "https://jobs.example.com/plain"))
    queue_change(store, add_posting(store, "https://jobs.example.com/other", tags=["other"]))

    assert await deliver_pending(store, settings) == (3, 0)
    assert len(webhook.received("/all")) == 3
    [comp] = webhook.received("/comp")
    assert "jobs.example.com/comp" in comp["message"]
    assert {d["channel"] for d in deliveries(store)} == {f"json://127.0.0.1:{webhook.port}/****", "comp-team"}


async def test_apprise_config_file_tags_are_honoured(tmp_path: Path, store: Store, webhook: Webhook) -> None:
    (tmp_path / "apprise.yml").write_text(
        f"urls:\n  - {webhook.url('/cfg-comp')}:\n      tag: comp\n  - {webhook.url('/cfg-all')}\n"
    )
    settings = make_settings(tmp_path, [], apprise_config="apprise.yml")
    queue_change(store, add_posting(store, "https://jobs.example.com/comp", tags=["comp"]))
    queue_change(store, add_posting(store, "https://jobs.example.com/plain"))

    assert await deliver_pending(store, settings) == (2, 0)
    assert len(webhook.received("/cfg-all")) == 2
    assert len(webhook.received("/cfg-comp")) == 1


async def test_max_attempts_marks_failed_and_retry_outbox_delivers(
    tmp_path: Path, store: Store, webhook: Webhook
) -> None:
    settings = make_settings(tmp_path, [{"url": webhook.url()}], max_attempts=2)
    oid = queue_change(store, add_posting(store, "https://jobs.example.com/1"))
    webhook.status = 500

    assert await deliver_pending(store, settings) == (0, 1)
    assert await deliver_pending(store, settings, now=later(10)) == (0, 1)
    row = outbox(store, oid)
    assert (row["state"], row["attempts"]) == ("failed", 2)
    assert "500" in row["last_error"] or "Internal Server Error" in row["last_error"]
    assert await deliver_pending(store, settings, now=later(86400)) == (0, 0)  # failed rows wait for a retry
    assert [r["state"] for r in outbox_rows(store)] == ["failed"]

    webhook.status = 200
    done = retry_outbox(store, settings)
    assert (done.sent, done.unsent) == (1, 0)
    assert outbox(store, oid)["state"] == "sent"
    assert len(webhook.received()) == 1
    assert outbox_rows(store) == []
    assert [r["state"] for r in outbox_rows(store, include_sent=True)] == ["sent"]


async def test_digest_combines_changes_into_one_message_per_channel(
    tmp_path: Path, store: Store, smtp_server: SmtpServer, webhook: Webhook
) -> None:
    settings = make_settings(tmp_path, [{"url": smtp_server.url()}, {"url": webhook.url()}], digest="1h")
    ids = [
        queue_change(
            store, add_posting(store, f"https://jobs.example.com/{i}"), pay_raise(f"x{i}", f"Summary {i}")
        )
        for i in range(3)
    ]

    assert await deliver_pending(store, settings) == (0, 0)  # the oldest is not an hour old yet
    assert await deliver_pending(store, settings, now=later(2 * 3600)) == (3, 0)
    assert await deliver_pending(store, settings, now=later(4 * 3600)) == (0, 0)

    [mail] = smtp_server.received()
    [posted] = webhook.received()
    assert mail["Subject"] == posted["title"] == "3 posting changes"
    for i in range(3):
        assert f"Summary {i}" in html_part(mail) and f"Summary {i}" in posted["message"]
    assert all(outbox(store, i)["state"] == "sent" for i in ids)


async def test_notices_are_delivered_like_changes(tmp_path: Path, store: Store, webhook: Webhook) -> None:
    settings = make_settings(tmp_path, [{"url": webhook.url()}], digest="1h")
    watch = add_posting(store, "https://jobs.example.com/1")
    payload = {
        "url": watch.url,
        "name": None,
        "failures": 5,
        "reason": "http-503",
        "title": "Backend Engineer",
    }
    store.queue_message(watch.id, "failing", payload)

    assert await deliver_pending(store, settings) == (1, 0)  # notices never wait for the digest
    [posted] = webhook.received()
    assert posted["title"] == "Watch failing: https://jobs.example.com/1"
    assert "http-503" in posted["message"]


async def test_no_channels_keeps_rows_pending(tmp_path: Path, store: Store) -> None:
    settings = make_settings(tmp_path, [])
    oid = queue_change(store, add_posting(store, "https://jobs.example.com/1"))

    assert await deliver_pending(store, settings) == (0, 1)
    row = outbox(store, oid)
    assert (row["state"], row["attempts"]) == ("pending", 0)
    assert deliveries(store) == []


# --- secrets and send_test ------------------------------------------------------------------------


async def test_secrets_never_leak(
    tmp_path: Path, store: Store, webhook: Webhook, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    smtp = SmtpServer(user="mailer", password="Sm7pSecretPw").start()
    try:
        dead = f"json://tok:H00kSecretTok@127.0.0.1:{free_port()}/hook"
        good = webhook.url("/ok", user="tok", password="Js0nSecretPw")
        settings = make_settings(tmp_path, [{"url": smtp.url()}, {"url": dead}, {"url": good}])
        oid = queue_change(store, add_posting(store, "https://jobs.example.com/1"))

        assert await deliver_pending(store, settings) == (0, 1)
        results = send_test(settings)
    finally:
        smtp.stop()

    assert len(smtp.received()) == 2  # the change and the test message, with AUTH over plain SMTP
    assert [r.ok for r in results] == [True, False, True]
    shown = json.dumps(
        {
            "results": [vars(r) for r in results],
            "deliveries": deliveries(store),
            "outbox": outbox_rows(store, include_sent=True),
            "row": outbox(store, oid),
        }
    )
    assert results[1].error and "Connection error" in results[1].error
    assert outbox(store, oid)["last_error"]
    for secret in ("Sm7pSecretPw", "H00kSecretTok", "Js0nSecretPw"):
        assert secret not in shown
        assert secret not in caplog.text


def test_send_test_reports_each_channel(tmp_path: Path, smtp_server: SmtpServer, webhook: Webhook) -> None:
    closed = f"json://127.0.0.1:{free_port()}/hook"
    settings = make_settings(
        tmp_path,
        [
            {"url": smtp_server.url(), "name": "mail"},
            {"url": webhook.url(), "tags": ["comp"]},
            {"url": closed, "tags": ["other"]},
        ],
    )
    results = send_test(settings)
    assert [(r.channel, r.ok) for r in results] == [
        ("mail", True),
        (f"json://127.0.0.1:{webhook.port}/****", True),
        (closed.replace("/hook", "/****"), False),
    ]
    assert results[2].error and "Connection error" in results[2].error
    assert [r.channel for r in send_test(settings, tags=["comp"])] == [
        "mail",
        f"json://127.0.0.1:{webhook.port}/****",
    ]
    assert len(smtp_server.received()) == 2 and len(webhook.received()) == 2


# --- rendering ------------------------------------------------------------------------------------


def test_render_titles_and_formats() -> None:
    event = pay_raise("https://jobs.example.com/1").to_json()
    payload = {"event": event, "title": "Dev [*urgent*]", "company": "Acme"}
    title, md = render_message("change", payload, fmt="markdown")
    assert title == r"Pay raised: Dev \[\*urgent\*\] at Acme"
    assert "<https://jobs.example.com/1>" in md
    text_title, text = render_message("change", payload, fmt="text")
    assert text_title == "Pay raised: Dev [*urgent*] at Acme"
    assert "Pay: 100,000 USD/year → 120,000 USD/year" in text

    cut = dict(event, pay={"before": event["pay"]["after"], "after": event["pay"]["before"]})
    assert render_message("change", {"event": cut}, fmt="text")[0].startswith("Pay cut: ")
    removed = ChangeEvent(
        url="u", material=True, kinds=["status"], summary="gone", status="removed"
    ).to_json()
    assert render_message("change", {"event": removed, "title": "T"}, fmt="text")[0] == "Posting removed: T"
    reposted = dict(removed, status="reposted")
    assert render_message("change", {"event": reposted, "title": "T"}, fmt="text")[0] == "Reposted: T"
    reqs = dict(event, kinds=["requirements"], pay=None)
    assert render_message("change", {"event": reqs, "title": "T"}, fmt="text")[0] == "Requirements changed: T"
    assert render_message("recovered", {"url": "https://x/1", "failures": 3}, fmt="html")[0] == (
        "Watch recovered: https://x/1"
    )
    md_body = render_message("change", {"event": dict(event, summary="**bold** <b>x</b>")}, fmt="markdown")[1]
    assert md_body.startswith(r"\*\*bold\*\* \<b\>x\</b\>")
