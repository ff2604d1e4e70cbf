"""Runs the rules: one registration (``lint_registration``) or a whole estate (``lint_estate``).

Suppressions work like cdk-nag's: a suppressed finding leaves the findings but stays in the report
with its written reason, so reviewers still see what was waived and why.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from sms_runtime.lint import checks
from sms_runtime.lint.context import LintContext
from sms_runtime.lint.model import Finding, LintReport, RegistrationInput, Suppression
from sms_runtime.lint.rules import RULES, Rule
from sms_runtime.registration.field_definitions import RegistrationTypeDefinition, load_snapshot

TOLL_FREE_TYPE = "US_TOLL_FREE_REGISTRATION"
_ = checks  # importing the package registers the rules


def applicable_rules(registration_type: str) -> list[Rule]:
    """Per-registration rules for a type: everything for toll-free, structure rules for the rest."""
    return [
        rule
        for rule in RULES.values()
        if rule.check is not None and (rule.all_types or registration_type == TOLL_FREE_TYPE)
    ]


def _check_suppressions(suppressions: Iterable[Suppression]) -> None:
    unknown = sorted({s.rule for s in suppressions} - set(RULES))
    if unknown:
        raise ValueError(f"suppressions name unknown lint rules: {', '.join(unknown)}")


def _findings(reg: RegistrationInput, definition: RegistrationTypeDefinition) -> list[Finding]:
    ctx = LintContext(reg, definition)
    found: list[Finding] = []
    for rule in applicable_rules(reg.registration_type):
        assert rule.check is not None
        found.extend(rule.finding(hit) for hit in rule.check(ctx))
    return found


def _report(name: str, findings: Iterable[Finding], suppressions: Sequence[Suppression]) -> LintReport:
    kept: list[Finding] = []
    waived: list[tuple[Finding, Suppression]] = []
    for finding in sorted(set(findings), key=Finding.sort_key):
        suppression = next((s for s in suppressions if s.matches(finding)), None)
        if suppression is None:
            kept.append(finding)
        else:
            waived.append((finding, suppression))
    return LintReport(tuple(kept), tuple(waived), name)


def lint_registration(
    reg: RegistrationInput,
    *,
    definition: RegistrationTypeDefinition | None = None,
    suppressions: Sequence[Suppression] = (),
) -> LintReport:
    """Lint one registration (no account-level rules: use ``lint_estate`` for those)."""
    _check_suppressions(suppressions)
    definition = definition or load_snapshot(reg.registration_type)
    return _report(reg.name, _findings(reg, definition), suppressions)


def lint_estate(
    regs: Sequence[RegistrationInput],
    suppressions: Mapping[str, Sequence[Suppression]] | None = None,
) -> dict[str, LintReport]:
    """Lint every registration, plus the account-level rules across them; keyed by registration name."""
    suppressions = suppressions or {}
    names = [reg.name for reg in regs]
    duplicates = sorted({name for name in names if names.count(name) > 1})
    if duplicates:
        raise ValueError(f"registration names must be unique: {', '.join(duplicates)}")
    for waivers in suppressions.values():
        _check_suppressions(waivers)
    found: dict[str, list[Finding]] = {reg.name: _findings(reg, load_snapshot(reg.registration_type)) for reg in regs}
    for rule in RULES.values():
        if rule.estate_check is not None:
            for name, hit in rule.estate_check(regs):
                found[name].append(rule.finding(hit))
    return {name: _report(name, found[name], suppressions.get(name, ())) for name in names}
