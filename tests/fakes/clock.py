"""A virtual clock that threads can share: time moves only when every worker is asleep.

Why: the SMS API allows about one request per second per action, so realistic runs take virtual
hours. Sleeping for real would make tests slow and timing-dependent; a clock that jumps to the next
wake-up as soon as all registered threads sleep makes them fast and deterministic, while the code
under test still just calls ``clock.sleep``. CPU time spent between sleeps costs no virtual time.
"""

from __future__ import annotations

import heapq
import itertools
import threading
from collections.abc import Callable, Sequence
from typing import TypeVar

T = TypeVar("T")

EPOCH_OFFSET = 1_700_000_000.0


class VirtualClock:
    """``now``/``sleep`` on virtual seconds; one registered (active) thread at start: the creator."""

    def __init__(self, start: float = 0.0, *, epoch_offset: float = EPOCH_OFFSET) -> None:
        self._now = start
        self._epoch_offset = epoch_offset
        self._cond = threading.Condition()
        self._active = 1
        self._sleepers: list[tuple[float, int]] = []
        self._released: set[int] = set()
        self._seq = itertools.count()

    def now(self) -> float:
        with self._cond:
            return self._now

    def epoch(self) -> float:
        """The same virtual time on the epoch scale: ``now()`` plus a fixed offset (late 2023 by default).

        The offset is what makes a test fail when code mixes the two scales, e.g. a deadline carried
        between invocations computed from ``now()`` and compared with ``epoch()``, as a real monotonic
        clock (whose zero differs per Lambda instance) would make it fail in production.
        """
        with self._cond:
            return self._now + self._epoch_offset

    def sleep(self, seconds: float) -> None:
        with self._cond:
            ticket = next(self._seq)
            heapq.heappush(self._sleepers, (self._now + max(0.0, seconds), ticket))
            self._active -= 1
            self._advance()
            while ticket not in self._released:
                self._cond.wait()
            self._released.discard(ticket)

    def advance(self, seconds: float) -> None:
        """Let ``seconds`` of virtual time pass (for tests that wait on the fake, e.g. uploads)."""
        self.sleep(seconds)

    def run_parallel(self, tasks: Sequence[Callable[[], T]]) -> list[T | BaseException]:
        """Run ``tasks`` on their own threads under this clock; results (or exceptions) in order."""
        results: list[T | BaseException] = [RuntimeError("not run")] * len(tasks)

        def runner(index: int, task: Callable[[], T]) -> None:
            try:
                results[index] = task()
            except BaseException as error:  # reported to the caller, never lost
                results[index] = error
            finally:
                with self._cond:
                    self._active -= 1
                    self._advance()

        threads = [threading.Thread(target=runner, args=(i, t), daemon=True) for i, t in enumerate(tasks)]
        with self._cond:
            self._active += len(threads) - 1  # the workers start active; the caller goes idle
        for thread in threads:
            thread.start()
        with self._cond:
            self._advance()
        for thread in threads:
            thread.join()
        with self._cond:
            self._active += 1
        return results

    def _advance(self) -> None:
        while self._active == 0 and self._sleepers:
            self._now = max(self._now, self._sleepers[0][0])
            while self._sleepers and self._sleepers[0][0] <= self._now:
                _, ticket = heapq.heappop(self._sleepers)
                self._released.add(ticket)
                self._active += 1
        self._cond.notify_all()
