"""The one validator of field values: synth (config checks), the lint and the handler before any write.

Why one: every wrong put or auto-denied submission costs a registration version, and versions have
a daily cap, so the checks that can be made before a write must be the same everywhere. Per field,
the behaviour comes from :meth:`FieldDefinition.resolve` (the API's ``ConditionalBehavior`` when the
field has one): REQUIRED and empty is ``missing-required``; DISALLOWED and set is ``disallowed``; a
set value is checked against the field's validation, replaced member by member by the matched rule's
``ConditionalValidation``. Messages name the field and the rule, never the value. Standard library only.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Mapping

from sms_runtime.registration.conditional_rules import ConditionalValidation, Resolution
from sms_runtime.registration.field_model import FieldDefinition, RegistrationTypeDefinition
from sms_runtime.registration.field_types import FieldProblem, FieldValue, is_empty


def normalize_values(
    values: Mapping[str, FieldValue], definition: RegistrationTypeDefinition | None = None
) -> dict[str, FieldValue]:
    """Copy ``values``; with a definition, a SELECT field's bare str becomes a one-choice list.

    Nothing else changes: text is never stripped, because the API stores exactly what it is sent
    and a reviewer sees exactly that. Without a definition the kind of a field is unknown, so only
    the copy is made (``validate_field_values`` always passes its definition).
    """
    result: dict[str, FieldValue] = {}
    for path, value in values.items():
        item = definition.fields.get(path) if definition is not None else None
        if isinstance(value, list):
            result[path] = list(value)
        elif item is not None and item.field_type == "SELECT":
            result[path] = [value]
        else:
            result[path] = value
    return result


def validate_field_values(
    definition: RegistrationTypeDefinition, values: Mapping[str, FieldValue]
) -> list[FieldProblem]:
    """Every structural problem of ``values`` against ``definition``, sorted and deterministic."""
    normalized = normalize_values(values, definition)
    problems: list[FieldProblem] = []
    for path, item in definition.fields.items():
        problems.extend(_check_field(item, item.resolve(normalized), normalized.get(path)))
    for path in normalized:
        if path not in definition.fields:
            problems.append(FieldProblem(path, "unknown-field", f"{definition.registration_type} has no field {path}"))
    return sorted(problems)


def _check_field(item: FieldDefinition, resolution: Resolution, value: FieldValue | None) -> list[FieldProblem]:
    because = resolution.because()
    if value is None or is_empty(value):
        if resolution.required:
            return [FieldProblem(item.path, "missing-required", _joined(f"{item.title} is required", because))]
        return []
    if resolution.disallowed:
        return [FieldProblem(item.path, "disallowed", _joined(f"{item.title} must not be set", because))]
    override = resolution.validation
    if override is None:
        return _check_value(item, value)
    found = _check_value(_overridden(item, override), value)
    return [dataclasses.replace(problem, message=_joined(problem.message, because)) for problem in found]


def _overridden(item: FieldDefinition, override: ConditionalValidation) -> FieldDefinition:
    """The field with the matched rule's constraints in place of its own (absent ones are kept)."""
    return dataclasses.replace(
        item,
        min_length=item.min_length if override.min_length is None else override.min_length,
        max_length=item.max_length if override.max_length is None else override.max_length,
        pattern=item.pattern if override.pattern is None else override.pattern,
        options=item.options if override.allowed_values is None else override.allowed_values,
    )


def _check_value(item: FieldDefinition, value: FieldValue) -> list[FieldProblem]:
    if item.field_type == "SELECT":
        return _check_select(item, value)
    if not isinstance(value, str):
        expected = "an attachment reference" if item.field_type == "ATTACHMENT" else "text"
        return [FieldProblem(item.path, "wrong-kind", f"{item.title} takes {expected}, not a list")]
    if item.field_type == "ATTACHMENT":
        return []
    return _check_text(item, value)


def _check_text(item: FieldDefinition, value: str) -> list[FieldProblem]:
    problems = []
    if item.min_length is not None and len(value) < item.min_length:
        problems.append(
            FieldProblem(item.path, "too-short", f"{item.title} needs at least {item.min_length} characters")
        )
    if item.max_length is not None and len(value) > item.max_length:
        problems.append(
            FieldProblem(
                item.path,
                "too-long",
                f"{item.title} has {len(value)} characters; the limit is {item.max_length}",
            )
        )
    compiled = _compile(item.pattern) if item.pattern else None
    if compiled is not None and compiled.search(value) is None:
        problems.append(FieldProblem(item.path, "pattern-mismatch", f"{item.title} does not match {item.pattern}"))
    return problems


def _check_select(item: FieldDefinition, value: FieldValue) -> list[FieldProblem]:
    choices = [value] if isinstance(value, str) else value
    problems = []
    if any(not isinstance(choice, str) for choice in choices):
        return [FieldProblem(item.path, "wrong-kind", f"{item.title} takes a list of option strings")]
    outside = sum(1 for choice in choices if item.options and choice not in item.options)
    if outside:
        allowed = ", ".join(item.options)
        which = "its choice is" if len(choices) == 1 else f"{outside} of its {len(choices)} choices are"
        problems.append(FieldProblem(item.path, "not-an-option", f"{item.title}: {which} not one of: {allowed}"))
    low = item.min_choices if item.min_choices is not None else 0
    high = item.max_choices if item.max_choices is not None else len(choices)
    if not low <= len(choices) <= high:
        problems.append(
            FieldProblem(
                item.path,
                "choice-count",
                f"{item.title} takes {low} to {high} choices, got {len(choices)}",
            )
        )
    return problems


def _joined(message: str, because: str) -> str:
    return f"{message} {because}" if because else message


@functools.lru_cache(maxsize=256)
def _compile(pattern: str) -> re.Pattern[str] | None:
    """Compile an API (JavaScript-style) pattern; None means "cannot check", never a crash."""
    try:
        return re.compile(pattern)
    except re.error:
        return None
