"""What a batch did, for the person running it: a progress bar while it runs (on a terminal only) and a
summary at the end on stderr. rich is imported only when the bar is shown."""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, TextIO

SHOWN_FAILURES = 10


@dataclass(slots=True)
class Stats:
    documents: int = 0
    """Documents (files, or records of a corpus) cleaned or failed."""
    nbytes: int = 0
    tables: int = 0
    found: bool = False
    fixes: Counter[str] = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)
    failed: int = 0
    skipped: int = 0
    started: float = field(default_factory=time.perf_counter)

    def add(self, result: Any) -> None:
        """Count a jobs.Result."""
        self.documents += result.documents
        self.nbytes += result.nbytes
        self.tables += result.tables
        self.found = self.found or result.found
        self.fixes.update(result.fixes)
        self.failed += len(result.errors)
        self.failures += result.errors[:SHOWN_FAILURES - len(self.failures)]

    def summary(self) -> str:
        seconds = max(time.perf_counter() - self.started, 1e-9)
        mb = self.nbytes / 1e6
        head = f"tablefix: {_n(self.documents, 'document')}, {_n(self.tables, 'table')}, {self.failed} failed"
        if self.skipped:
            head += f", {_n(self.skipped, 'input')} skipped (done before; --resume)"
        lines = [f"{head}; {mb:.1f} MB in {seconds:.1f} s ({mb / seconds:.1f} MB/s)"]
        if self.fixes:
            lines.append("  fixes: " + ", ".join(f"{code} {n}" for code, n in self.fixes.most_common()))
        if self.failed:
            lines.append(f"  failed ({self.failed}):")
            lines += [f"    {reason}" for reason in self.failures]
            if self.failed > len(self.failures):
                lines.append(f"    ... and {self.failed - len(self.failures)} more (listed above)")
        return "\n".join(lines) + "\n"


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


class Progress:
    """A rich progress bar (documents, MB/s, ETA) on stderr, redrawn by the main loop: no thread, so worker
    processes can still be forked safely."""

    def __init__(self, stream: TextIO, total_bytes: int | None, total_docs: int | None) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, TextColumn, TimeRemainingColumn, TransferSpeedColumn
        from rich.progress import Progress as RichProgress

        self.console = Console(file=stream)
        self.total_docs = total_docs
        self.bar = RichProgress(TextColumn("{task.description}"), BarColumn(), TransferSpeedColumn(),
                                TimeRemainingColumn(), console=self.console, auto_refresh=False, transient=True)
        self.task = self.bar.add_task(self._describe(0), total=total_bytes)
        self.docs = 0
        self.drawn = 0.0
        self.bar.start()

    def _describe(self, docs: int) -> str:
        return f"{docs}/{self.total_docs} documents" if self.total_docs else f"{docs} documents"

    def advance(self, result: Any) -> None:
        self.docs += result.documents
        self.bar.update(self.task, advance=result.nbytes, description=self._describe(self.docs))
        now = time.monotonic()
        if now - self.drawn > 0.1:
            self.drawn = now
            self.bar.refresh()

    def print(self, text: str) -> None:
        """A message above the bar."""
        self.console.print(text, markup=False, highlight=False, soft_wrap=True)

    def close(self) -> None:
        self.bar.stop()


def make_progress(stream: TextIO, enabled: bool, totals: Any = None) -> Progress | None:
    """A bar only for a batch on a terminal: nothing on a pipe or a file."""
    isatty = getattr(stream, "isatty", None)
    if not enabled or isatty is None or not isatty():
        return None
    total_bytes, total_docs = totals() if totals is not None else (None, None)
    return Progress(stream, total_bytes, total_docs)
