"""posting-monitor: watch job postings, alert only when one materially changes.

The public surface is small: the CLI (``monitor.cli``), the data types in
``monitor.models`` and the exception tree in ``monitor.errors``. Everything
else is an implementation module that may change between releases.
"""

#: The one place the version is written (pyproject.toml reads it from here); a constant rather
#: than an importlib.metadata lookup, which costs every process ~30 ms at start-up.
__version__ = "0.1.0"

__all__ = ["__version__"]
