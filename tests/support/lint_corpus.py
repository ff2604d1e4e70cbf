"""The lint corpus: invented registrations, each file saying what the lint must find in it.

Shared by the corpus tests and ``bench/lint.py`` so both judge the same cases the same way. A case
file (YAML) holds:

``about``          what the case shows;
``compliant``      true for registrations that must pass with no error and no warning;
``prevents``       the seed-table rows (``"Table: reason"``) a non-compliant case demonstrates;
``expect``         every error or warning the lint must report, as ``{rule, field}``, nothing more;
``registrations``  one or more config entries, linted together (account-level cases need several; a
                   10DLC campaign case lists its brand first, the campaign naming it with ``brand:``);
``attachment_sizes`` optional ``{registration: {field: bytes}}``: a declared size for a small
                   checked-in file, so the over-size case needs no half-megabyte file in the repo.
"""

from __future__ import annotations

import dataclasses
import functools
import pathlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import yaml

from sms_runtime.lint import (
    LintReport,
    RegistrationInput,
    Suppression,
    lint_estate,
    registration_input_from_mapping,
    suppressions_from_mapping,
)

CORPUS = pathlib.Path(__file__).resolve().parents[1] / "runtime" / "lint" / "corpus"
FLAGGED = ("error", "warning")


@dataclass(frozen=True)
class Case:
    """One corpus file, parsed."""

    name: str
    about: str
    compliant: bool
    prevents: tuple[str, ...]
    expect: frozenset[tuple[str, str]]
    registrations: tuple[RegistrationInput, ...]
    suppressions: Mapping[str, tuple[Suppression, ...]]

    @property
    def kind(self) -> str:
        """The registration type the case is about: its last registration's (a campaign after its brand)."""
        return self.registrations[-1].registration_type

    def run(self) -> dict[str, LintReport]:
        """Lint the case's registrations together (fresh each call: the bench times this)."""
        return lint_estate(self.registrations, self.suppressions)

    @functools.cached_property
    def reports(self) -> dict[str, LintReport]:
        """The result of ``run``, computed once for the many tests that read it."""
        return self.run()


def flagged(reports: Mapping[str, LintReport]) -> set[tuple[str, str]]:
    """(rule, field) of every error and warning across the reports."""
    return {(f.rule, f.field) for report in reports.values() for f in report.findings if f.severity in FLAGGED}


def load_case(path: pathlib.Path) -> Case:
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    regs = []
    waivers = {}
    sizes = data.get("attachment_sizes") or {}
    for entry in data["registrations"]:
        reg = registration_input_from_mapping(entry, name=path.stem, base_dir=path.parent)
        for field, size in (sizes.get(reg.name) or {}).items():
            info = dataclasses.replace(reg.attachments[field], size_bytes=int(size))
            reg = dataclasses.replace(reg, attachments={**reg.attachments, field: info})
        regs.append(reg)
        waivers[reg.name] = suppressions_from_mapping(entry)
    return Case(
        name=path.stem,
        about=str(data["about"]),
        compliant=bool(data.get("compliant", False)),
        prevents=tuple(data.get("prevents") or ()),
        expect=frozenset((str(item["rule"]), str(item["field"])) for item in data.get("expect") or ()),
        registrations=tuple(regs),
        suppressions=waivers,
    )


def load_cases() -> list[Case]:
    return [load_case(path) for path in sorted(CORPUS.glob("*.yaml"))]


@dataclass(frozen=True)
class Score:
    """How the lint does on a set of cases: which non-compliant cases it missed, which compliant ones it flagged."""

    bad: int
    good: int
    missed: tuple[str, ...]
    noisy: tuple[str, ...]

    @property
    def recall(self) -> float:
        """Share of non-compliant cases in which every expected finding is reported (1.0 when there are none)."""
        return (self.bad - len(self.missed)) / self.bad if self.bad else 1.0

    @property
    def false_positive_rate(self) -> float:
        """Share of compliant cases with any error or warning (0.0 when there are none)."""
        return len(self.noisy) / self.good if self.good else 0.0


def score(cases: list[Case]) -> Score:
    """Recall and false positives over ``cases`` (each linted afresh)."""
    bad = [case for case in cases if not case.compliant]
    good = [case for case in cases if case.compliant]
    missed = tuple(case.name for case in bad if not set(case.expect) <= flagged(case.run()))
    noisy = tuple(case.name for case in good if flagged(case.run()))
    return Score(len(bad), len(good), missed, noisy)


def scores_by_kind(cases: list[Case]) -> dict[str, Score]:
    """``score`` per registration type the cases are about, sorted by type."""
    kinds = sorted({case.kind for case in cases})
    return {kind: score([case for case in cases if case.kind == kind]) for kind in kinds}
