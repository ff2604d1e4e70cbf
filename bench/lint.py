"""Lint benchmark over the corpus in tests/runtime/lint/corpus: recall, false positives, throughput.

Recall: share of non-compliant cases in which every expected finding is reported on the right field.
False-positive rate: share of compliant cases with any error or warning. Throughput: registrations
linted per second (whole cases, account-level rules included). Exits 1 when a target is missed.

Run from the repository root: ``python bench/lint.py``.
"""

from __future__ import annotations

import importlib.util
import pathlib
import sys
import time
from types import ModuleType

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


def main() -> int:
    corpus = _corpus_module()
    cases = corpus.load_cases()
    bad = [case for case in cases if not case.compliant]
    good = [case for case in cases if case.compliant]
    missed = [case.name for case in bad if not set(case.expect) <= corpus.flagged(case.run())]
    noisy = [case.name for case in good if corpus.flagged(case.run())]
    recall = (len(bad) - len(missed)) / len(bad)
    false_positive_rate = len(noisy) / len(good)

    registrations = 0
    started = time.perf_counter()
    while time.perf_counter() - started < MIN_SECONDS:
        for case in cases:
            case.run()
            registrations += len(case.registrations)
    throughput = registrations / (time.perf_counter() - started)

    print(f"corpus: {len(cases)} cases ({len(good)} compliant, {len(bad)} non-compliant)")
    print(f"recall: {recall:.3f} (target >= {RECALL_TARGET}){'  missed: ' + ', '.join(missed) if missed else ''}")
    print(
        f"false-positive rate: {false_positive_rate:.3f} (target {FALSE_POSITIVE_TARGET})"
        + (f"  noisy: {', '.join(noisy)}" if noisy else "")
    )
    print(f"throughput: {throughput:,.0f} registrations/second")
    return 0 if recall >= RECALL_TARGET and false_positive_rate <= FALSE_POSITIVE_TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
