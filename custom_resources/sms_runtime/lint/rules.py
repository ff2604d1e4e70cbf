"""Rules as small named units, in the spirit of cdk-nag: an ID, a level, why, what it prevents, the fix.

A rule's check yields ``Hit``s (field and message); the rule turns them into ``Finding``s carrying
its ID, severity, the seed-table rejection reasons it prevents and its fix. Per-registration rules
take a ``LintContext``; estate rules see every registration at once (numbers per business).
Rule IDs start with ``TFN-`` for the toll-free rules (some of which, the contact and placeholder ones,
also read other types with the same field paths, listed in ``types``) and ``DLC-`` for the 10DLC
brand and campaign rules; the structure rules (``all_types``) apply to any registration type, driven
by that type's field definitions.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from sms_runtime.lint import paths
from sms_runtime.lint.context import LintContext
from sms_runtime.lint.model import SEVERITIES, Finding, RegistrationInput, excerpt


@dataclass(frozen=True)
class Hit:
    """One place a rule fired. ``reasons`` overrides the rule's own when the field decides the reason
    (``()``: no seed row applies to this registration's type, so none is cited).

    ``message`` never quotes the value; ``detail`` is the part of it that tripped the rule, shown only
    by the CLI (see ``model``), shortened by ``excerpt``.
    """

    field: str
    message: str
    reasons: tuple[str, ...] | None = None
    detail: str = ""


TOLL_FREE = "US_TOLL_FREE_REGISTRATION"
TEN_DLC_BRAND = "US_TEN_DLC_BRAND_REGISTRATION"
TEN_DLC_CAMPAIGN = "US_TEN_DLC_CAMPAIGN_REGISTRATION"
SG_SENDER_ID = "SG_SENDER_ID_REGISTRATION"

# The seed tables by the program whose reviewers reject with them (a row is "Table: reason"): the toll-free
# process's (AWS and its verification partners) and the 10DLC guide's. A finding cites the rows of its
# registration's own program only: a rule that also reads another type (the contact rules read a
# Singapore sender ID's contact fields) does not cite toll-free rejections there. Types without a table
# (a Singapore sender ID) cite none.
_TABLES: tuple[tuple[Callable[[str], bool], frozenset[str]], ...] = (
    (lambda registration_type: registration_type == TOLL_FREE, frozenset({"AWS", "Sinch", "Twilio"})),
    (lambda registration_type: registration_type.startswith("US_TEN_DLC_"), frozenset({"10DLC", "10DLC form"})),
)


def cited(reasons: Iterable[str], registration_type: str) -> tuple[str, ...]:
    """The ``reasons`` that are rows of ``registration_type``'s own seed tables."""
    tables = next((tables for matches, tables in _TABLES if matches(registration_type)), frozenset[str]())
    return tuple(reason for reason in reasons if reason.split(":", 1)[0] in tables)


Check = Callable[[LintContext], Iterable[Hit]]
EstateCheck = Callable[[Sequence[RegistrationInput]], Iterable[tuple[str, Hit]]]


@dataclass(frozen=True)
class Rule:
    """A named lint rule. ``reasons`` name seed-table rows as ``"Table: reason as written"``."""

    id: str
    severity: str
    summary: str
    reasons: tuple[str, ...]
    fix: str
    check: Check | None = None
    estate_check: EstateCheck | None = None
    all_types: bool = False  # structure rules apply to every registration type, the rest to ``types``
    types: tuple[str, ...] = (TOLL_FREE,)

    def applies_to(self, registration_type: str) -> bool:
        """True when this per-registration rule reads registrations of ``registration_type``."""
        return self.check is not None and (self.all_types or registration_type in self.types)

    def finding(self, hit: Hit, registration_type: str) -> Finding:
        """The finding of ``hit`` on a registration of ``registration_type`` (see :func:`cited`)."""
        reasons = cited(self.reasons if hit.reasons is None else hit.reasons, registration_type)
        detail = excerpt(hit.detail) if hit.detail and not paths.is_personal(hit.field) else ""
        return Finding(self.id, self.severity, hit.field, hit.message, "; ".join(reasons), self.fix, detail)


RULES: dict[str, Rule] = {}


def register(rule: Rule) -> Rule:
    """Add ``rule`` to the registry; IDs are unique and severities known, checked at import."""
    if rule.id in RULES:
        raise ValueError(f"duplicate lint rule {rule.id}")
    if rule.severity not in SEVERITIES:
        raise ValueError(f"{rule.id}: unknown severity {rule.severity}")
    RULES[rule.id] = rule
    return rule


def rule(
    id: str,
    severity: str,
    summary: str,
    reasons: Sequence[str],
    fix: str,
    *,
    all_types: bool = False,
    types: Sequence[str] = (TOLL_FREE,),
) -> Callable[[Check], Check]:
    """Decorator: register the function below as the check of a per-registration rule."""

    def wrap(check: Check) -> Check:
        register(Rule(id, severity, summary, tuple(reasons), fix, check=check, all_types=all_types, types=tuple(types)))
        return check

    return wrap


def estate_rule(
    id: str, severity: str, summary: str, reasons: Sequence[str], fix: str
) -> Callable[[EstateCheck], EstateCheck]:
    """Decorator: register an account-level rule that sees every registration at once."""

    def wrap(check: EstateCheck) -> EstateCheck:
        register(Rule(id, severity, summary, tuple(reasons), fix, estate_check=check))
        return check

    return wrap
