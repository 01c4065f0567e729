"""What a run did, for the person running it: the counts, a progress bar while a batch runs (on a terminal
only; rich is imported only then) and a summary at the end, on stderr."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from typing import Any, TextIO

SHOWN_FAILURES = 10


class Stats:
    """The counts (documents: inputs, or records, cleaned or failed), and the bar if one is shown. (A plain
    class: a dataclass costs a plain run half a millisecond of start-up to build.)"""

    def __init__(self) -> None:
        self.documents = self.nbytes = self.tables = self.failed = self.skipped = 0
        self.found = False
        self.corpus = False
        """A corpus was cleaned: its output is records, whether or not they held tables."""
        self.fixes: Counter[str] = Counter()
        self.failures: list[str] = []
        self.started = time.perf_counter()
        self.bar: Any = None
        """A rich progress bar (documents, MB/s, ETA) redrawn by the main loop: no thread, so that worker
        processes can still be forked safely."""
        self.total_docs: int | None = None
        self.drawn = 0.0

    def show_bar(self, stream: TextIO, totals: Callable[[], tuple[int | None, int | None]]) -> None:
        """A bar on `stream` if it is a terminal (nothing on a pipe or a file); `totals`: bytes and documents."""
        if not getattr(stream, "isatty", lambda: False)():
            return
        from rich.console import Console
        from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn, TransferSpeedColumn

        total_bytes, self.total_docs = totals()
        self.bar = Progress(TextColumn("{task.description}"), BarColumn(), TransferSpeedColumn(),
                            TimeRemainingColumn(), console=Console(file=stream), auto_refresh=False, transient=True)
        self.bar.add_task(self._described(), total=total_bytes)
        self.bar.start()

    def _described(self) -> str:
        return f"{self.documents}/{self.total_docs} documents" if self.total_docs else f"{self.documents} documents"

    def add(self, result: Any) -> None:
        """Count a jobs.Result."""
        self.documents += result.documents
        self.nbytes += result.nbytes
        self.tables += result.tables
        self.found = self.found or result.found
        self.corpus = self.corpus or result.corpus
        self.fixes.update(result.fixes)
        self.failed += len(result.errors)
        self.failures += result.errors[:SHOWN_FAILURES - len(self.failures)]
        if self.bar is not None:
            self.bar.update(self.bar.task_ids[0], advance=result.nbytes, description=self._described())
            if time.monotonic() - self.drawn > 0.1:
                self.drawn = time.monotonic()
                self.bar.refresh()

    def error(self, message: str, stderr: TextIO) -> None:
        """`tablefix: error: ...` on stderr (above the bar, if one is shown)."""
        if self.bar is not None:
            self.bar.console.print(f"tablefix: error: {message}", markup=False, highlight=False, soft_wrap=True)
        else:
            stderr.write(f"tablefix: error: {message}\n")
            stderr.flush()

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()

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
