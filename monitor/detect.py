"""Deciding what one check of one watch means: unchanged, changed, gone, back, or a failed check.

Pure: it takes the watch's state, the fetch result and the page reading and
returns a Verdict; the engine stores it. A single bad answer (5xx, 429, a
timeout, an empty body, a maintenance page) never alerts; a posting is
declared removed only after ``removed_after`` consecutive checks find it gone.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from monitor.diff import compare, fingerprint, pay_json, summarize
from monitor.extract import PageReading
from monitor.extract.volatile import comparison_key
from monitor.furniture import NO_SITE_TEXTS, SiteTexts
from monitor.models import ChangeEvent, FetchResult, Posting
from monitor.store import Watch


@dataclass
class Verdict:
    outcome: str  # new | unchanged | not-modified | cosmetic | changed | gone | failed | removed | reposted
    event: ChangeEvent | None = None
    snapshot: Posting | None = None  # a new version to store
    status: str = "new"
    gone_count: int = 0
    failures: int = 0
    failing_notified: bool = False
    notice: str | None = None  # "failing" | "recovered": a message about the watch itself
    reason: str | None = None  # why a check failed or found the posting gone


def _same_posting_title(a: str | None, b: str | None) -> bool:
    ka, kb = comparison_key(a or ""), comparison_key(b or "")
    if not ka or not kb:
        return False
    return ka == kb or difflib.SequenceMatcher(None, ka, kb).ratio() >= 0.6


def _says_nothing(reading: PageReading | None) -> bool:
    """A maintenance, consent or bot-check page: it says nothing about the posting either way."""
    return (
        reading is not None
        and not reading.usable
        and not reading.listing
        and any("maintenance" in note for note in reading.notes)
    )


def gone_reason(result: FetchResult, reading: PageReading | None, previous: Posting | None) -> str | None:
    """Why this answer means the posting is gone, or None when it does not.

    Gone: 404/410, a page saying the posting is closed, a list of postings
    where the posting was (a board's index or search page), or a redirect to
    anything but the same posting. A redirect to a maintenance or consent
    page is not gone: it is a failed check.
    """
    if result.status in (404, 410):
        return f"HTTP {result.status}"
    if reading is not None and reading.closed:
        return "the page says the posting is closed"
    if previous is not None and reading is not None and reading.listing:
        return "the page is a list of postings"
    if not result.redirected or previous is None or _says_nothing(reading):
        return None
    if (
        reading is None
        or not reading.usable
        or not _same_posting_title(reading.posting.title, previous.title)
    ):
        return f"redirected to {result.final_url}"
    return None


def failure_reason(result: FetchResult, reading: PageReading | None) -> str | None:
    """Why this answer says nothing about the posting (the check failed), or None."""
    if result.error:
        return result.error
    if result.not_modified:
        return None
    if result.status is not None and result.status >= 400 and result.status not in (404, 410):
        return f"http-{result.status}"
    if reading is None and not (result.text or "").strip():  # a read body was released: it had text
        return "empty body"
    if reading is not None and not reading.usable:
        return "; ".join(reading.notes) or "no posting found on the page"
    return None


def _notice(watch: Watch, failures: int, failing_after: int) -> tuple[str | None, bool]:
    if failures >= failing_after and not watch.failing_notified:
        return "failing", True
    if failures == 0 and watch.failing_notified:
        return "recovered", False
    return None, watch.failing_notified if failures else False


def decide(
    watch: Watch,
    previous: Posting | None,
    result: FetchResult,
    reading: PageReading | None,
    *,
    removed_after: int = 2,
    failing_after: int = 5,
    site: SiteTexts = NO_SITE_TEXTS,
) -> Verdict:
    """What this check means for the watch, given what it was before (and what its site's other
    postings share, ``site``)."""
    gone = gone_reason(result, reading, previous)
    if gone is None and result.not_modified and watch.gone_count > 0:
        gone = "unchanged since it was found gone"
    failed = None if gone else failure_reason(result, reading)
    if failed is None and gone is None and watch.snapshot_id is None and (result.not_modified or reading is None):
        # Never read: a 304 (or the same bytes) repeats an answer that gave no posting.
        failed = "not modified since a check that read no posting"

    if failed is not None:
        failures = watch.failures + 1
        notice, notified = _notice(watch, failures, failing_after)
        return Verdict("failed", status=watch.status, gone_count=watch.gone_count, failures=failures,
                       failing_notified=notified, notice=notice, reason=failed)  # fmt: skip

    notice, notified = _notice(watch, 0, failing_after)
    base = {"failures": 0, "failing_notified": notified, "notice": notice}

    if gone is not None:
        if previous is None:
            # Never seen: nothing to remove. It counts as a failing watch instead.
            failures = watch.failures + 1
            notice, notified = _notice(watch, failures, failing_after)
            return Verdict("failed", status=watch.status, failures=failures, failing_notified=notified,
                           notice=notice, reason=gone)  # fmt: skip
        count = watch.gone_count + 1
        if watch.status != "removed" and count >= removed_after:
            event = ChangeEvent(
                url=watch.url, material=True, kinds=["status"], status="removed",
                summary=f"Posting removed: {previous.title or watch.url} ({gone})",
                fields={"status": {"before": "open", "after": "removed", "reason": gone}},
            )  # fmt: skip
            return Verdict("removed", event=event, status="removed", gone_count=count, reason=gone, **base)  # type: ignore[arg-type]
        return Verdict("gone", status=watch.status, gone_count=count, reason=gone, **base)  # type: ignore[arg-type]

    if result.not_modified or reading is None:
        return Verdict("not-modified", status=watch.status if watch.status != "new" else "open", **base)  # type: ignore[arg-type]

    posting = reading.posting
    if previous is None:
        return Verdict("new", snapshot=posting, status="open", **base)  # type: ignore[arg-type]

    if watch.status == "removed":
        event = ChangeEvent(
            url=watch.url, material=True, kinds=["status"], status="reposted",
            summary=f"Posting reposted: {posting.title or watch.url}",
            fields={"status": {"before": "removed", "after": "open"}},
        )  # fmt: skip
        new_version = posting if fingerprint(posting) != fingerprint(previous) else None
        return Verdict("reposted", event=event, snapshot=new_version, status="open", **base)  # type: ignore[arg-type]

    diff = compare(previous, posting, site)
    if not diff.material:
        changed_text = fingerprint(posting) != fingerprint(previous)
        return Verdict("cosmetic" if changed_text else "unchanged", snapshot=posting if changed_text else None,
                       status="open", **base)  # type: ignore[arg-type]  # fmt: skip
    event = ChangeEvent(
        url=watch.url,
        material=True,
        kinds=diff.kinds,
        summary=summarize(diff),
        pay=pay_json(diff.pay) if diff.pay else None,
        fields=diff.fields(),
    )
    return Verdict("changed", event=event, snapshot=posting, status="open", **base)  # type: ignore[arg-type]
