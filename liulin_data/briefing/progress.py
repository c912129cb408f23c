"""Progress lines of a long run: one line per briefing, with the time used so far and an estimate of the rest."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any


def duration_text(seconds: float) -> str:
    """A duration as people say it: 8 秒, 1 分 05 秒, 2 小时 03 分."""
    s = max(0, round(seconds))
    if s < 60:
        return f"{s} 秒"
    if s < 3600:
        return f"{s // 60} 分 {s % 60:02d} 秒"
    return f"{s // 3600} 小时 {s % 3600 // 60:02d} 分"


class BatchProgress:
    """Says one line per finished briefing: ``[3/12] YYYY-03 monthly … 9.8 秒 完成 · 已用 31 秒 · 预计还需 1 分 02 秒``.

    The estimate is the mean time per finished briefing so far times the briefings left (briefings run
    side by side, so this is wall time, not the sum of their durations). Thread-safe.
    """

    def __init__(self, total: int, say: Callable[[str], Any] | None) -> None:
        self.total = total
        self.say = say or (lambda _line: None)
        self.done = 0
        self.t0 = time.perf_counter()
        self._lock = threading.Lock()

    def finished(self, label: str, seconds: float, outcome: str = "完成") -> None:
        """Report one briefing: ``outcome`` is 完成, or 失败：reason."""
        with self._lock:
            self.done += 1
            elapsed = time.perf_counter() - self.t0
            left = self.total - self.done
            eta = f" · 预计还需 {duration_text(elapsed / self.done * left)}" if left else ""
            self.say(
                f"[{self.done}/{self.total}] {label} … {seconds:.1f} 秒 {outcome} · 已用 {duration_text(elapsed)}{eta}"
            )


__all__ = ["BatchProgress", "duration_text"]
