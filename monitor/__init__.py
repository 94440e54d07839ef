"""posting-monitor: watch job postings, alert only when one materially changes.

The public surface is small: the CLI (``monitor.cli``), the data types in
``monitor.models`` and the exception tree in ``monitor.errors``. Everything
else is an implementation module that may change between releases.
"""

#: The one place the version is written (pyproject.toml reads it from here); a constant rather
#: than an importlib.metadata lookup, which costs every process ~30 ms at start-up.
__version__ = "0.1.0"

# httpx imports its own command-line client (click, rich, pygments: ~40 ms) whenever those are
# installed, as they are here for our CLI; no process of ours runs it. A None entry makes that one
# import fail, which httpx expects (it then leaves the client out), so every process that fetches —
# the shard processes above all, whose start-up a check waits for — starts sooner.
import sys as _sys

_sys.modules.setdefault("httpx._main", None)  # type: ignore[arg-type]

__all__ = ["__version__"]
