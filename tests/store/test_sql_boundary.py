"""SQL lives in the store (and its migrations) only: every other module goes through its methods."""

from __future__ import annotations

import re
from pathlib import Path

import monitor

_SQL = re.compile(r"\b(?:SELECT\s+[\w*(]|INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM)\b")


def test_no_module_but_the_store_runs_sql() -> None:
    root = Path(monitor.__file__).parent
    offenders = [
        str(p.relative_to(root))
        for p in root.rglob("*.py")
        if p.name not in ("store.py", "migrations.py") and _SQL.search(p.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_the_store_is_an_outbox_store() -> None:
    from monitor.store import OutboxStore, Store

    wanted = {n for n in OutboxStore.__dict__ if not n.startswith("_")}
    assert wanted and all(callable(getattr(Store, n)) for n in wanted)
