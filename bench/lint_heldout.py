"""Held-out lint measurement: the 10DLC cases in tests/runtime/lint/heldout, written without the rules.

Why a second bench: the corpus of ``bench/lint.py`` was written by the rules' author, so its recall
checks consistency, not coverage. The held-out cases name no rule: a defective case counts as caught
when the registration under test (its last one: a campaign after its brand) gets at least one error,
whatever the rule; a compliant case is a false positive when any of its registrations gets any error
or warning. Printed per registration type, with the findings of every miss and false positive.

A miss is a finding about the lint to report, not a failure of this script: it exits 0 whenever the
cases load. Run from the repository root: ``python bench/lint_heldout.py``. The first run (recall 0.938,
3 false positives in 8) led to rule fixes; see the History in ``tests/runtime/lint/heldout/README.md``.
"""

from __future__ import annotations

import pathlib
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import lint as lint_bench  # bench/lint.py, next to this file: the same case loader as the corpus bench

HELDOUT = lint_bench.ROOT / "tests" / "runtime" / "lint" / "heldout"


@dataclass(frozen=True)
class Outcome:
    """What the lint said about one held-out case."""

    name: str
    kind: str
    compliant: bool
    errors: tuple[str, ...]  # "RULE@field" of the errors on the registration under test
    flagged: tuple[str, ...]  # "severity RULE@field" of every error and warning on any registration

    @property
    def correct(self) -> bool:
        """Defective: at least one error on the registration under test; compliant: nothing flagged."""
        return not self.flagged if self.compliant else bool(self.errors)


def _label(finding: Any) -> str:
    return f"{finding.rule}@{finding.field}"


def outcome(case: Any) -> Outcome:
    """Lint ``case`` (a ``lint_corpus.Case``) and keep what the verdict needs."""
    reports: Mapping[str, Any] = case.run()
    tested = reports[case.registrations[-1].name]
    flagged = tuple(
        f"{finding.severity} {_label(finding)} ({name})"
        for name, report in reports.items()
        for finding in report.findings
        if finding.severity in ("error", "warning")
    )
    return Outcome(
        name=case.name,
        kind=case.kind,
        compliant=case.compliant,
        errors=tuple(_label(finding) for finding in tested.errors),
        flagged=flagged,
    )


def load_heldout(folder: pathlib.Path = HELDOUT) -> list[Any]:
    """Every held-out case, parsed by the corpus loader (``expect`` is absent and so empty)."""
    corpus = lint_bench._corpus_module()
    return [corpus.load_case(path) for path in sorted(folder.glob("*.yaml"))]


def _summary(kind: str, outcomes: list[Outcome]) -> str:
    bad = [item for item in outcomes if not item.compliant]
    good = [item for item in outcomes if item.compliant]
    caught = sum(1 for item in bad if item.correct)
    noisy = sum(1 for item in good if not item.correct)
    recall = caught / len(bad) if bad else 1.0
    rate = noisy / len(good) if good else 0.0
    return f"{kind:<34} {len(bad):>4} {len(good):>5} {caught:>6} {recall:>7.3f} {noisy:>4} {rate:>6.3f}"


def main(argv: list[str]) -> int:
    outcomes = [outcome(case) for case in load_heldout()]
    kinds = sorted({item.kind for item in outcomes})
    print(f"held-out: {len(outcomes)} cases in {HELDOUT.relative_to(lint_bench.ROOT)}")
    print(f"{'type':<34} {'bad':>4} {'good':>5} {'caught':>6} {'recall':>7} {'FP':>4} {'FP%':>6}")
    for kind in kinds:
        print(_summary(kind, [item for item in outcomes if item.kind == kind]))
    print(_summary("all", outcomes))
    verbose = "--cases" in argv
    for item in outcomes:
        if item.correct and not verbose:
            continue
        verdict = "ok" if item.correct else ("FALSE POSITIVE" if item.compliant else "MISSED")
        print(f"{verdict:<15} {item.name}: {', '.join(item.flagged) or 'no error or warning'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
