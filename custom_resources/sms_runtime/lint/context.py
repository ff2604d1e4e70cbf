"""What a rule sees: one registration's values, its field definitions and derived facts, computed once."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from sms_runtime.lint import paths
from sms_runtime.lint.brand import Brand
from sms_runtime.lint.model import RegistrationInput
from sms_runtime.lint.placeholder import placeholder_in
from sms_runtime.registration.field_definitions import (
    FieldProblem,
    FieldValue,
    RegistrationTypeDefinition,
    normalize_values,
    validate_field_values,
)


@dataclass(frozen=True)
class LintContext:
    """One registration prepared for the rules; derived facts are cached so rules stay cheap."""

    reg: RegistrationInput
    definition: RegistrationTypeDefinition

    @functools.cached_property
    def values(self) -> dict[str, FieldValue]:
        return normalize_values(self.reg.fields, self.definition)

    @functools.cached_property
    def field_problems(self) -> list[FieldProblem]:
        """The shared structural validation, run once for all structure rules."""
        return validate_field_values(self.definition, self.reg.fields)

    def text(self, path: str) -> str:
        """A field as text: the value, the choices joined, or "" when absent."""
        value = self.values.get(path)
        if value is None:
            return ""
        return value if isinstance(value, str) else ", ".join(value)

    def choice(self, path: str) -> str:
        """The first choice of a select field (or its text), "" when absent."""
        value = self.values.get(path)
        if isinstance(value, list):
            return value[0] if value else ""
        return value or ""

    def has(self, path: str) -> bool:
        return bool(self.text(path).strip())

    @functools.cached_property
    def samples(self) -> list[tuple[str, str]]:
        """Real message samples as (field path, text), in field order; empty and placeholder ones are
        left to the structure and placeholder rules."""
        names = [path for path in self.definition.fields if path.startswith(paths.SAMPLE_SECTION + ".")]
        names += sorted(p for p in self.values if p.startswith(paths.SAMPLE_SECTION + ".") and p not in names)
        return [
            (path, self.text(path))
            for path in names
            if self.text(path).strip() and placeholder_in(path, self.text(path)) is None
        ]

    @functools.cached_property
    def brand(self) -> Brand:
        return Brand.from_company_name(self.text(paths.COMPANY_NAME))

    def text_fields(self) -> list[tuple[str, str]]:
        """Every non-empty text-kind value as (path, text), for rules that scan all free text."""
        result = []
        for path, value in self.values.items():
            item = self.definition.fields.get(path)
            if isinstance(value, str) and value.strip() and (item is None or item.field_type == "TEXT"):
                result.append((path, value))
        return result
