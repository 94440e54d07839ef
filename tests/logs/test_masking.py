"""Secrets in Apprise URLs never reach a log line or CLI output."""

from __future__ import annotations

import logging

import pytest

from monitor.logs import mask_secrets, mask_url, setup_logging


@pytest.mark.parametrize(
    ("url", "secret"),
    [
        ("mailto://me:hunter2@smtp.example.com?to=a@example.com", "hunter2"),
        ("slack://TokenA/TokenB/TokenC/#general", "TokenB"),
        ("slack://TokenA/TokenB/TokenC/#general", "TokenA"),
        ("tgram://123456789:AAHsecretbottoken/5551234", "AAHsecretbottoken"),
        ("discord://webhook_id/webhook_token", "webhook_token"),
        ("json://127.0.0.1:8080/hook?token=s3cr3t", "s3cr3t"),
        ("https://hooks.slack.com/services/T000/B000/XXXXSECRET", "XXXXSECRET"),
        ("json://user:pa55@127.0.0.1:9/x", "pa55"),
    ],
)
def test_mask_url_hides_the_secret(url: str, secret: str) -> None:
    assert secret not in mask_url(url)


def test_hosts_stay_readable() -> None:
    assert mask_url("mailto://127.0.0.1:2525?from=a@example.com") == "mailto://127.0.0.1:2525?from=a@example.com"
    assert mask_url("json://127.0.0.1:8080/hook").startswith("json://127.0.0.1:8080/")


def test_free_text_keeps_posting_urls_but_masks_channels() -> None:
    text = "fetch https://jobs.example.com/a/42 ok; delivery to slack://TokenA/TokenB/TokenC failed"
    masked = mask_secrets(text)
    assert "https://jobs.example.com/a/42" in masked and "TokenB" not in masked


def test_log_records_are_masked(capsys: pytest.CaptureFixture[str]) -> None:
    setup_logging(logging.INFO)
    try:
        logging.getLogger("monitor.test").error("cannot deliver to %s", "mailto://me:hunter2@smtp.example.com")
    finally:
        root = logging.getLogger()
        for handler in [h for h in root.handlers if getattr(h, "_posting_monitor", False)]:
            root.removeHandler(handler)
    err = capsys.readouterr().err
    assert "hunter2" not in err and "cannot deliver to mailto://****@smtp.example.com" in err
