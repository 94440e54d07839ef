"""The exception tree. Every error the program reports to a user derives from MonitorError::

    MonitorError
    ├── ConfigError        a config file or option is malformed (exit 2)
    ├── UsageError         a command was given something it cannot act on (exit 2)
    │   └── WatchNotFound  no watch has that id or URL
    ├── StorageError       the database cannot be opened or is damaged (exit 3)
    │   └── IntegrityError a stored snapshot no longer matches its hash
    └── DeliveryError      a notification channel refused a message

Fetch failures are not exceptions: a failed fetch is a normal outcome of a
check and is recorded as data (``FetchResult.error``).
"""


class MonitorError(Exception):
    """Base of every error posting-monitor reports to a user."""

    exit_code = 1


class ConfigError(MonitorError):
    exit_code = 2


class UsageError(MonitorError):
    exit_code = 2


class WatchNotFound(UsageError):
    pass


class StorageError(MonitorError):
    exit_code = 3


class IntegrityError(StorageError):
    pass


class DeliveryError(MonitorError):
    pass
