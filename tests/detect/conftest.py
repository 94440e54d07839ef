"""The detect tests read the same fixture pages as the extract tests: make their page library importable."""

from __future__ import annotations

import sys
from pathlib import Path

_EXTRACT = str(Path(__file__).resolve().parents[1] / "extract")
if _EXTRACT not in sys.path:
    sys.path.insert(0, _EXTRACT)
