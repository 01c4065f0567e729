"""Exit statuses, shared by the command line and the run it drives."""

from __future__ import annotations

import enum


class ExitStatus(enum.IntEnum):
    OK = 0
    FAILED = 1
    """Some inputs of a batch failed, or no input held a table (table formats)."""
    ERROR = 2
    """Usage error, a single input that cannot be read, an output that cannot be written."""
    INTERRUPTED = 130
    BROKEN_PIPE = 141
    TERMINATED = 143
