"""What a benchmark prints: its own tables, and the warnings and errors of the code it runs.

The portal logs a line per CareCloud call and per customer event (INFO), Django one per failed
request; printed, they would bury the tables. So a benchmark's console takes warnings and errors
only: :func:`console` raises the level of the configured log handlers (not of the loggers, so
``benchmarks.pages`` can still lower the client's logger to count calls with a handler of its own).
What a benchmark provokes on purpose (the faults it injects, the logins it throttles) would still
be a warning per view: the records its ``expected`` rule matches are counted instead, and the
benchmark prints the count. Anything else, an unexpected error above all, is printed as it happens.
"""

from __future__ import annotations

import logging
import warnings
from collections import Counter
from collections.abc import Callable

Rule = Callable[[logging.LogRecord], bool]


class Console(logging.Filter):
    """The filter on every console handler: drops, and counts, what the ``expected`` rule matches."""

    def __init__(self, expected: Rule | None = None) -> None:
        super().__init__()
        self.expected = expected
        self.counted: Counter = Counter()  # (logger, level) of the records held back

    def filter(self, record: logging.LogRecord) -> bool:
        if self.expected is not None and self.expected(record):
            if not getattr(record, "held_back", False):  # counted once, however many handlers it meets
                record.held_back = True
                self.counted[record.name, record.levelname] += 1
            return False
        return True

    def summary(self, why: str) -> str:
        """One line: how many records were held back and from where, e.g. for a table's footnote."""
        if not self.counted:
            return f"log: nothing held back ({why})"
        by_level = Counter()
        for (_, level), count in self.counted.items():
            by_level[level.lower() + "s"] += count
        loggers = ", ".join(sorted({name for name, _ in self.counted}))
        levels = ", ".join(f"{count} {level}" for level, count in sorted(by_level.items()))
        return f"log: {levels} held back ({why}; from {loggers})"


def console(expected: Rule | None = None, level: int = logging.WARNING) -> Console:
    """Call after ``django.setup()`` (which configures the handlers). ``expected``: the records the
    benchmark provokes on purpose, counted and not printed. Returns the filter, for its summary."""
    # whitenoise's warning that STATIC_ROOT does not exist: these runs serve no static files
    # (pytest.ini ignores the same warning).
    warnings.filterwarnings("ignore", "No directory at", UserWarning)
    quiet = Console(expected)
    loggers = [logging.getLogger(), *(logger for logger in logging.Logger.manager.loggerDict.values()
                                      if isinstance(logger, logging.Logger))]
    for handler in {handler for logger in loggers for handler in logger.handlers}:
        handler.setLevel(max(handler.level, level))
        handler.addFilter(quiet)
    return quiet
