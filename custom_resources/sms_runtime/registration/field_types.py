"""The vocabulary every field-definition module shares: value kinds, enums, errors, the problem record.

Why a module of its own: the conditional rules, the field model, the validator and the snapshot I/O
all need these names, and keeping them here lets each of those import them without import cycles.
Standard library only: this ships in the Lambda asset.
"""

from __future__ import annotations

from dataclasses import dataclass

# A TEXT field takes a str; a SELECT field a list[str] (a bare str means a one-choice list); an
# ATTACHMENT field a reference str (a file path in the config, or an attachment id at runtime).
FieldValue = str | list[str]

# botocore's FieldType and FieldRequirement enums.
FIELD_TYPES = ("TEXT", "SELECT", "ATTACHMENT")
REQUIREMENTS = ("REQUIRED", "CONDITIONAL", "OPTIONAL")

# ConditionalFieldBehavior and ConditionOperator. botocore types both as patterned strings, not enums,
# and documents that an operator it does not list evaluates to false, so new values may appear.
REQUIRED = "REQUIRED"
OPTIONAL = "OPTIONAL"
DISALLOWED = "DISALLOWED"
BEHAVIORS = (REQUIRED, OPTIONAL, DISALLOWED)
OPERATORS = ("EQUALS", "NOT_EQUALS", "IN", "NOT_IN", "HAS_VALUE", "NO_VALUE")


class UnknownRegistrationTypeError(LookupError):
    """No snapshot is shipped for the registration type asked for."""


class DefinitionFormatError(ValueError):
    """A snapshot or an API page does not have the documented shape."""


@dataclass(frozen=True, order=True)
class FieldProblem:
    """One thing wrong with one field value; ``code`` is stable, ``message`` is for people.

    Messages name the field (and the conditional rule that applies, if any) but never quote the value:
    they end up in CloudFormation reasons and Lambda logs, where field values must not appear.
    """

    field: str
    code: str
    message: str


def is_empty(value: FieldValue | None) -> bool:
    """True for an absent value, an empty string or an empty choice list (the API's "no value")."""
    return value is None or value == "" or (isinstance(value, list) and not value)
