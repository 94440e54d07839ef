"""posting-monitor: watch job postings, alert only when one materially changes.

The public surface is small: the CLI (``monitor.cli``), the data types in
``monitor.models`` and the exception tree in ``monitor.errors``. Everything
else is an implementation module that may change between releases.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("posting-monitor")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0"

__all__ = ["__version__"]
