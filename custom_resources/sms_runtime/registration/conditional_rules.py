"""A field's ``ConditionalBehavior``, as ``DescribeRegistrationFieldDefinitions`` states it, and its evaluation.

Why: whether a ``CONDITIONAL`` field must be filled, may be filled or must be left empty depends on
other fields (a tax ID for a company but not for a sole proprietor). The API says so itself, per
field, in botocore's ``ConditionalBehavior`` member::

    {"Rules": [{"Conditions": [{"DependsOnFieldPath": "companyInfo.businessType",
                                "Operator": "EQUALS", "Values": ["SOLE_PROPRIETOR"]}],
                "RuleBehavior": "DISALLOWED"},
               {"Conditions": [...], "RuleBehavior": "REQUIRED",
                "ConditionalValidation": {"MinLength": 1, "MaxLength": 20, "Pattern": "...",
                                          "AllowedValues": ["..."]}}],
     "DefaultBehavior": "OPTIONAL"}

Evaluation follows the model's documentation: rules are tried top to bottom; the first rule whose
conditions *all* hold decides the behaviour (REQUIRED, OPTIONAL or DISALLOWED) and its
``ConditionalValidation`` overrides the field's own length, pattern and select options; when no rule
matches, ``DefaultBehavior`` applies with the field's own validation.

Operators, on the dependency field's value (text is one value, a select field its list of choices,
an absent or empty value none): ``EQUALS`` holds when the value is exactly ``Values`` (for a select,
the same set of choices); ``NOT_EQUALS`` is its negation; ``IN`` holds when any choice is one of
``Values``; ``NOT_IN`` is its negation; ``HAS_VALUE`` / ``NO_VALUE`` test presence only. An absent value
equals nothing and is in nothing, so ``NOT_EQUALS`` and ``NOT_IN`` hold for it. An operator this code
does not know evaluates to false (the model says so, for forward compatibility), which skips its rule;
a behaviour it does not know neither requires nor forbids the field.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sms_runtime.registration.field_types import (
    BEHAVIORS,
    DISALLOWED,
    REQUIRED,
    DefinitionFormatError,
    FieldValue,
    is_empty,
)

_Test = Callable[[tuple[str, ...], tuple[str, ...]], bool]


def _equals(choices: tuple[str, ...], values: tuple[str, ...]) -> bool:
    return bool(choices) and set(choices) == set(values)


def _in(choices: tuple[str, ...], values: tuple[str, ...]) -> bool:
    return any(choice in values for choice in choices)


# Operator -> (test on the dependency's choices, how a person reads it).
_OPERATORS: dict[str, tuple[_Test, str]] = {
    "EQUALS": (_equals, "is {values}"),
    "NOT_EQUALS": (lambda c, v: not _equals(c, v), "is not {values}"),
    "IN": (_in, "is one of {values}"),
    "NOT_IN": (lambda c, v: not _in(c, v), "is none of {values}"),
    "HAS_VALUE": (lambda c, _v: bool(c), "is set"),
    "NO_VALUE": (lambda c, _v: not c, "is not set"),
}


@dataclass(frozen=True)
class FieldCondition:
    """botocore's ``FieldCondition``: a test on another field's value."""

    depends_on: str
    operator: str
    values: tuple[str, ...] = ()

    @classmethod
    def from_api(cls, item: Mapping[str, Any], owner: str) -> FieldCondition:
        """Build from one ``Conditions`` member; ``owner`` names the field in errors."""
        if not isinstance(item, Mapping) or "DependsOnFieldPath" not in item or "Operator" not in item:
            raise DefinitionFormatError(f"{owner}: a condition needs DependsOnFieldPath and Operator")
        return cls(
            depends_on=str(item["DependsOnFieldPath"]),
            operator=str(item["Operator"]),
            values=tuple(str(value) for value in _list(item.get("Values", ()), owner, "Values")),
        )

    @property
    def known(self) -> bool:
        """Whether this code knows the operator (an unknown one always evaluates to false)."""
        return self.operator in _OPERATORS

    def holds(self, values: Mapping[str, FieldValue]) -> bool:
        """True when the dependency's current value passes the operator."""
        test = _OPERATORS.get(self.operator)
        return test is not None and test[0](_choices(values.get(self.depends_on)), self.values)

    def describe(self) -> str:
        """How a person reads it, e.g. ``companyInfo.businessType is one of A, B``."""
        listed = ", ".join(self.values) or "(nothing)"
        template = _OPERATORS[self.operator][1] if self.known else f"{self.operator} {{values}} (unknown operator)"
        return f"{self.depends_on} {template.format(values=listed)}"


@dataclass(frozen=True)
class ConditionalValidation:
    """botocore's ``ConditionalValidation``: constraints that replace the field's own when its rule fires.

    ``None`` means "keep the field's own constraint". An empty ``AllowedValues`` list is read as no
    override, because a select field with no allowed choice cannot be what the API means.
    """

    min_length: int | None = None
    max_length: int | None = None
    pattern: str | None = None
    allowed_values: tuple[str, ...] | None = None

    @classmethod
    def from_api(cls, item: Mapping[str, Any], owner: str) -> ConditionalValidation:
        """Build from a ``ConditionalValidation`` member; ``owner`` names the field in errors."""
        if not isinstance(item, Mapping):
            raise DefinitionFormatError(f"{owner}: ConditionalValidation must be an object")
        allowed = tuple(str(value) for value in _list(item.get("AllowedValues", ()), owner, "AllowedValues"))
        try:
            return cls(
                min_length=None if item.get("MinLength") is None else int(item["MinLength"]),
                max_length=None if item.get("MaxLength") is None else int(item["MaxLength"]),
                pattern=str(item["Pattern"]) if item.get("Pattern") else None,
                allowed_values=allowed or None,
            )
        except (TypeError, ValueError):
            raise DefinitionFormatError(f"{owner}: ConditionalValidation lengths must be integers") from None


@dataclass(frozen=True)
class ConditionalRule:
    """botocore's ``ConditionalRule``: when every condition holds, ``behavior`` applies."""

    conditions: tuple[FieldCondition, ...]
    behavior: str
    validation: ConditionalValidation | None = None

    @classmethod
    def from_api(cls, item: Mapping[str, Any], owner: str) -> ConditionalRule:
        """Build from one ``Rules`` member; ``owner`` names the field in errors."""
        if not isinstance(item, Mapping) or "RuleBehavior" not in item:
            raise DefinitionFormatError(f"{owner}: a conditional rule needs Conditions and RuleBehavior")
        conditions = tuple(
            FieldCondition.from_api(c, owner) for c in _list(item.get("Conditions"), owner, "Conditions")
        )
        if not conditions:
            raise DefinitionFormatError(f"{owner}: a conditional rule needs at least one condition")
        extra = item.get("ConditionalValidation")
        return cls(
            conditions=conditions,
            behavior=str(item["RuleBehavior"]),
            validation=None if extra is None else ConditionalValidation.from_api(extra, owner),
        )

    def matches(self, values: Mapping[str, FieldValue]) -> bool:
        """True when every condition holds (conditions are combined with AND)."""
        return all(condition.holds(values) for condition in self.conditions)

    def describe(self) -> str:
        """The conditions as a person reads them, joined with "and"."""
        return " and ".join(condition.describe() for condition in self.conditions)


@dataclass(frozen=True)
class Resolution:
    """What applies to one field for the current values, and which rule decided it."""

    behavior: str
    rule: ConditionalRule | None = None
    rule_number: int = 0  # 1-based position in Rules; 0 when no rule matched
    from_conditional: bool = False  # False: no ConditionalBehavior, the plain FieldRequirement applies

    @property
    def required(self) -> bool:
        return self.behavior == REQUIRED

    @property
    def disallowed(self) -> bool:
        return self.behavior == DISALLOWED

    @property
    def validation(self) -> ConditionalValidation | None:
        """The matched rule's overrides, if any."""
        return self.rule.validation if self.rule is not None else None

    def because(self) -> str:
        """Why, for a problem message: the rule that matched, or the default; "" when unconditional."""
        if self.rule is not None:
            return f"when {self.rule.describe()} (conditional rule {self.rule_number})"
        if self.from_conditional:
            return "when no conditional rule matches (DefaultBehavior)"
        return ""


@dataclass(frozen=True)
class ConditionalBehavior:
    """botocore's ``ConditionalBehavior``: ordered rules, first match wins, else ``default``."""

    rules: tuple[ConditionalRule, ...]
    default: str

    @classmethod
    def from_api(cls, item: Mapping[str, Any], owner: str) -> ConditionalBehavior:
        """Build from a ``ConditionalBehavior`` member; ``owner`` names the field in errors."""
        if not isinstance(item, Mapping) or "DefaultBehavior" not in item:
            raise DefinitionFormatError(f"{owner}: ConditionalBehavior needs Rules and DefaultBehavior")
        rules = tuple(ConditionalRule.from_api(rule, owner) for rule in _list(item.get("Rules"), owner, "Rules"))
        return cls(rules=rules, default=str(item["DefaultBehavior"]))

    def resolve(self, values: Mapping[str, FieldValue]) -> Resolution:
        """The behaviour for ``values``: the first rule whose conditions all hold, else the default."""
        for number, rule in enumerate(self.rules, start=1):
            if rule.matches(values):
                return Resolution(rule.behavior, rule, number, from_conditional=True)
        return Resolution(self.default, from_conditional=True)

    def dependencies(self) -> frozenset[str]:
        """Every field path a condition reads."""
        return frozenset(c.depends_on for rule in self.rules for c in rule.conditions)

    def unknown_terms(self) -> tuple[str, ...]:
        """Operators and behaviours this code does not know (they are tolerated, but worth a look)."""
        found = [c.operator for rule in self.rules for c in rule.conditions if not c.known]
        found += [b for b in (*(rule.behavior for rule in self.rules), self.default) if b not in BEHAVIORS]
        return tuple(sorted(set(found)))


def _choices(value: FieldValue | None) -> tuple[str, ...]:
    if value is None or is_empty(value):
        return ()
    return (value,) if isinstance(value, str) else tuple(value)


def _list(value: Any, owner: str, member: str) -> Sequence[Any]:
    if value is None:
        raise DefinitionFormatError(f"{owner}: {member} is missing")
    if isinstance(value, str) or not isinstance(value, Sequence):
        raise DefinitionFormatError(f"{owner}: {member} must be a list")
    return value
