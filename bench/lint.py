"""Lint benchmark over the corpus in tests/runtime/lint/corpus: recall, false positives, throughput.

Recall: share of non-compliant cases in which every expected finding is reported on the right field.
False-positive rate: share of compliant cases with any error or warning. Both are printed for the
whole corpus and per registration type (a case is about its last registration's type: a 10DLC
campaign case lists its brand first). Throughput: registrations linted per second (whole cases,
account-level rules included). Exits 1 when a target is missed overall or for any type.

Run from the repository root: ``python bench/lint.py``.
"""

from __future__ import annotations

import importlib.util
import pathlib
import sys
import time
from types import ModuleType
from typing import Any

ROOT = pathlib.Path(__file__).resolve().parent.parent
RECALL_TARGET = 0.95
FALSE_POSITIVE_TARGET = 0.0
MIN_SECONDS = 1.0


def _corpus_module() -> ModuleType:
    # Loaded by path: this file is itself named lint.py, so "import lint..." would find it instead.
    path = ROOT / "tests" / "support" / "lint_corpus.py"
    spec = importlib.util.spec_from_file_location("lint_corpus", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["lint_corpus"] = module
    spec.loader.exec_module(module)
    return module


def _row(label: str, result: Any) -> str:
    line = (
        f"{label:<34} {result.bad:>4} {result.good:>5} {result.recall:>7.3f} {len(result.noisy):>4}"
        f" {result.false_positive_rate:>6.3f}"
    )
    if result.missed:
        line += "  missed: " + ", ".join(result.missed)
    if result.noisy:
        line += "  noisy: " + ", ".join(result.noisy)
    return line


def _meets(result: Any) -> bool:
    return bool(result.recall >= RECALL_TARGET and result.false_positive_rate <= FALSE_POSITIVE_TARGET)


def main() -> int:
    corpus = _corpus_module()
    cases = corpus.load_cases()
    overall = corpus.score(cases)
    by_kind = corpus.scores_by_kind(cases)

    registrations = 0
    started = time.perf_counter()
    while time.perf_counter() - started < MIN_SECONDS:
        for case in cases:
            case.run()
            registrations += len(case.registrations)
    throughput = registrations / (time.perf_counter() - started)

    print(f"corpus: {len(cases)} cases ({overall.good} compliant, {overall.bad} non-compliant)")
    print(f"targets: recall >= {RECALL_TARGET}, false positives {FALSE_POSITIVE_TARGET:g}")
    print(f"{'type':<34} {'bad':>4} {'good':>5} {'recall':>7} {'FP':>4} {'FP%':>6}")
    for kind, result in by_kind.items():
        print(_row(kind, result))
    print(_row("all", overall))
    print(f"throughput: {throughput:,.0f} registrations/second")
    return 0 if _meets(overall) and all(_meets(result) for result in by_kind.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
