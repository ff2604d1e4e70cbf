"""Which test runs which line of the mutated module: recorded once, so each mutant runs only those tests.

A mutant on a line no test executes cannot be killed by any test, and a mutant on a line that three tests
execute can only be killed by those three. Running only them is what makes ``./dev mutate`` fit a 2-core
machine. The map is recorded in the unmutated baseline run (a pytest plugin: ``-p mutation_coverage``
with ``MUTATION_MODULE`` and ``MUTATION_COVERAGE`` set) and read by the fork server (``select_tests``).

Conservative by construction, so a score is never inflated:
- only lines executed in a test's *call* phase belong to that test. Lines run at import, collection or in
  any fixture set-up (a session fixture synthesizes once for many tests) count for every test;
- a mutant selects every test that ran any line of the statement it changed (the whole statement, so a
  multi-line expression or a compound statement's body is covered however the tracer reported it);
- a mutant that selects no test runs them all (a line executed only in a forked child or a thread the
  tracer did not see must not be declared a survivor without a run).
"""

from __future__ import annotations

import ast
import difflib
import json
import os
import sys
import threading
from collections.abc import Generator, Iterable, Sequence
from pathlib import Path
from types import FrameType
from typing import Any

import pytest

EVERY_TEST = "*"


class LineRecorder:
    """A tracer that records the lines of one file, per current test (or EVERY_TEST outside a call)."""

    def __init__(self, filename: str) -> None:
        self.filename = filename
        self.current = EVERY_TEST
        self.lines: dict[str, set[int]] = {EVERY_TEST: set()}

    def _local(self, frame: FrameType, event: str, _arg: Any) -> Any:
        if event == "line":
            self.lines.setdefault(self.current, set()).add(frame.f_lineno)
        return self._local

    def trace(self, frame: FrameType, event: str, _arg: Any) -> Any:
        if event == "call" and frame.f_code.co_filename == self.filename:
            self.lines.setdefault(self.current, set()).add(frame.f_lineno)
            return self._local
        return None

    def start(self) -> None:
        sys.settrace(self.trace)
        threading.settrace(self.trace)

    def as_json(self) -> dict[str, list[int]]:
        return {test: sorted(lines) for test, lines in self.lines.items()}


_recorder: LineRecorder | None = None


def pytest_configure(config: pytest.Config) -> None:
    global _recorder
    module = os.environ.get("MUTATION_MODULE")
    if module:
        _recorder = LineRecorder(str(Path(module).resolve()))
        _recorder.start()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Generator[None, object, object]:
    if _recorder is None:
        return (yield)
    _recorder.current = item.nodeid
    sys.settrace(_recorder.trace)  # pytest or a test may have replaced it
    try:
        return (yield)
    finally:
        _recorder.current = EVERY_TEST


def pytest_unconfigure(config: pytest.Config) -> None:
    if _recorder is not None:
        sys.settrace(None)
        threading.settrace(None)
        Path(os.environ["MUTATION_COVERAGE"]).write_text(json.dumps(_recorder.as_json()), encoding="utf-8")


def changed_lines(original: str, mutated: str) -> set[int]:
    """The original's line numbers (1-based) that the mutant replaced or deleted."""
    before, after = original.splitlines(), mutated.splitlines()
    changed: set[int] = set()
    for tag, i1, i2, _j1, _j2 in difflib.SequenceMatcher(a=before, b=after, autojunk=False).get_opcodes():
        if tag != "equal":
            changed.update(range(i1 + 1, max(i2, i1 + 1) + 1))
    return changed


def statement_lines(source: str, lines: Iterable[int]) -> set[int]:
    """Every line of the innermost statements that contain ``lines``."""
    statements = [n for n in ast.walk(ast.parse(source)) if isinstance(n, ast.stmt)]
    covered: set[int] = set()
    for line in lines:
        around = [s for s in statements if s.lineno <= line <= (s.end_lineno or s.lineno)]
        if not around:
            covered.add(line)
            continue
        inner = min(around, key=lambda s: (s.end_lineno or s.lineno) - s.lineno)
        covered.update(range(inner.lineno, (inner.end_lineno or inner.lineno) + 1))
    return covered


def select_tests(coverage: dict[str, list[int]], original: str, mutated: str) -> list[str] | None:
    """The node IDs to run for this mutant, in the order they ran; None means every test."""
    if mutated == original:
        return None
    lines = statement_lines(original, changed_lines(original, mutated))
    if lines & set(coverage.get(EVERY_TEST, ())):
        return None
    chosen = [test for test, ran in coverage.items() if test != EVERY_TEST and lines & set(ran)]
    return chosen or None


def narrowed(args: Sequence[str], tests: Sequence[str], chosen: list[str] | None) -> list[str]:
    """``args`` with the test paths replaced by the chosen node IDs (flags kept)."""
    if chosen is None:
        return list(args)
    flags = [a for a in args if a not in tests]
    return [*flags, *chosen]
