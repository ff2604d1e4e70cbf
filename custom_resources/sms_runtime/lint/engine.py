"""Runs the rules: one registration (``lint_registration``) or a whole estate (``lint_estate``).

Suppressions work like cdk-nag's: a suppressed finding leaves the findings but stays in the report
with its written reason, so reviewers still see what was waived and why.

Bounded work (issue 13): a value longer than ``field_max_chars`` (data/limits.json) is reported as a
``TFN-INPUT-TOO-LONG`` error and the other rules do not run on that registration, so the time a lint
takes is bounded by the limit times the number of fields, in the CLI and in the registration Lambda.
That finding cannot be suppressed: suppressing it would pass a registration no rule has read.
"""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence

from sms_runtime.lint import checks, data
from sms_runtime.lint import reasons as r
from sms_runtime.lint.context import LintContext
from sms_runtime.lint.model import Finding, LintReport, RegistrationInput, Suppression
from sms_runtime.lint.rules import RULES, TEN_DLC_BRAND, Hit, Rule, register
from sms_runtime.registration.field_definitions import RegistrationTypeDefinition, load_snapshot

_ = checks  # importing the package registers the rules
TOO_LONG = register(
    Rule(
        "TFN-INPUT-TOO-LONG",
        "error",
        "A value is longer than the lint reads; the registration was not checked further.",
        (r.AWS_OVERALL,),
        "Shorten the value to the field's API length limit (at most 1,500 characters for toll-free text).",
        all_types=True,
    )
)
UNSUPPRESSIBLE = frozenset({TOO_LONG.id})


def field_max_chars() -> int:
    """The longest value the lint reads (see the module docstring)."""
    return int(data.load("limits")["field_max_chars"])


def oversized(reg: RegistrationInput) -> list[Hit]:
    """One hit per value over the limit, value-free: the length is all it says about the value."""
    limit = field_max_chars()
    hits = []
    for path, value in sorted(reg.fields.items()):
        length = len(value) if isinstance(value, str) else sum(len(choice) + 2 for choice in value)
        if length > limit:
            hits.append(Hit(path, f"the value has {length:,} characters; the lint reads at most {limit:,}"))
    return hits


def applicable_rules(registration_type: str) -> list[Rule]:
    """Per-registration rules for a type: the structure rules, and those that list the type."""
    return [rule for rule in RULES.values() if rule.applies_to(registration_type)]


def suppression_problem(rule: str) -> str | None:
    """Why a suppression of ``rule`` cannot be honoured, or None: for callers that report it on their input.

    Why: the config's ``lint_suppressions`` are user input, and ``sms-estate validate`` must name the
    entry (``file: path: message``) instead of ending in the ``ValueError`` the engine raises below.
    """
    if rule not in RULES:
        close = difflib.get_close_matches(rule, sorted(RULES), n=1)
        hint = f"did you mean {close[0]}?" if close else "name the rule ID a finding shows in brackets"
        return f"{rule!r} is not a lint rule ({hint})"
    if rule in UNSUPPRESSIBLE:
        return f"{rule} cannot be suppressed: it means the lint did not read the registration"
    return None


def _check_suppressions(suppressions: Iterable[Suppression]) -> None:
    problems = sorted({problem for s in suppressions if (problem := suppression_problem(s.rule)) is not None})
    if problems:
        raise ValueError(f"unusable lint suppressions: {'; '.join(problems)}")


def _findings(
    reg: RegistrationInput, definition: RegistrationTypeDefinition, brand: RegistrationInput | None = None
) -> list[Finding]:
    too_long = oversized(reg)
    if too_long:
        return [TOO_LONG.finding(hit, reg.registration_type) for hit in too_long]
    if brand is not None and (brand.registration_type != TEN_DLC_BRAND or oversized(brand)):
        brand = None  # not a brand, or one the lint refuses to read: brand-dependent rules skip
    ctx = LintContext(reg, definition, brand)
    found: list[Finding] = []
    for rule in applicable_rules(reg.registration_type):
        assert rule.check is not None
        found.extend(rule.finding(hit, reg.registration_type) for hit in rule.check(ctx))
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
    brand: RegistrationInput | None = None,
) -> LintReport:
    """Lint one registration (no account-level rules: use ``lint_estate`` for those).

    ``brand``: a 10DLC campaign's brand registration, when the caller has it. Without it (the
    registration Lambda's submission check lints one registration), rules that compare the campaign
    with its brand skip: the verdict may miss a brand mismatch, it never invents one.
    """
    _check_suppressions(suppressions)
    definition = definition or load_snapshot(reg.registration_type)
    return _report(reg.name, _findings(reg, definition, brand), suppressions)


def lint_estate(
    regs: Sequence[RegistrationInput],
    suppressions: Mapping[str, Sequence[Suppression]] | None = None,
) -> dict[str, LintReport]:
    """Lint every registration, plus the account-level rules across them; keyed by registration name.

    A campaign whose ``brand`` names a registration of the estate is linted with that brand's fields
    (cross-registration rules: brand name in the samples, vertical, support number).
    """
    suppressions = suppressions or {}
    names = [reg.name for reg in regs]
    duplicates = sorted(name for name, count in Counter(names).items() if count > 1)
    if duplicates:
        raise ValueError(f"registration names must be unique: {', '.join(duplicates)}")
    for waivers in suppressions.values():
        _check_suppressions(waivers)
    by_name = {reg.name: reg for reg in regs}
    found: dict[str, list[Finding]] = {
        reg.name: _findings(reg, load_snapshot(reg.registration_type), by_name.get(reg.brand) if reg.brand else None)
        for reg in regs
    }
    for rule in RULES.values():
        if rule.estate_check is not None:
            for name, hit in rule.estate_check(regs):
                found[name].append(rule.finding(hit, by_name[name].registration_type))
    return {name: _report(name, found[name], suppressions.get(name, ())) for name in names}
