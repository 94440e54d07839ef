"""The check path's shape: the shards and the engine share ``monitor.probing``; neither imports the other."""

from __future__ import annotations

import subprocess
import sys


def test_shards_and_probing_do_not_import_the_engine() -> None:
    code = "import sys, monitor.shards, monitor.probing; print('monitor.engine' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_the_engine_keeps_the_probing_names() -> None:
    import monitor.engine as engine
    import monitor.probing as probing

    assert all(getattr(engine, n) is getattr(probing, n) for n in probing.__all__ if n != "settled")
