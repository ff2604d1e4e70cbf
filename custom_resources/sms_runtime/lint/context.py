"""What a rule sees: one registration's values, its field definitions and derived facts, computed once.

A 10DLC campaign also sees the brand registration it is linked to (``linked_brand``), when the lint
has it: ``lint_estate`` does, the registration Lambda's submission check (one registration alone)
does not, and rules that need the brand then stay silent rather than guess.
"""

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
    linked_brand: RegistrationInput | None = None

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

    @functools.cached_property
    def sender_brand(self) -> Brand | None:
        """The names a campaign's messages may be signed with: the linked brand's legal name and its DBA.

        None when the campaign's brand is unknown (linted alone) or has no name: brand-dependent rules
        skip then, since a missing brand is not the campaign's defect.
        """
        if self.linked_brand is None:
            return None
        fields = self.linked_brand.fields
        names = [fields.get(path, "") for path in (paths.COMPANY_NAME, paths.DLC_BRAND_DBA_NAME)]
        brands = [Brand.from_company_name(name) for name in names if isinstance(name, str) and name.strip()]
        if not brands:
            return None
        forms = tuple(sorted({form for brand in brands for form in brand.forms}))
        return Brand(brands[0].company, forms) if forms else None

    def brand_field(self, path: str) -> str:
        """A field of the linked brand as text ("" when no brand is linked or the field is empty)."""
        value = self.linked_brand.fields.get(path, "") if self.linked_brand is not None else ""
        return value if isinstance(value, str) else ", ".join(value)

    def text_fields(self) -> list[tuple[str, str]]:
        """Every non-empty text-kind value as (path, text), for rules that scan all free text."""
        result = []
        for path, value in self.values.items():
            item = self.definition.fields.get(path)
            if isinstance(value, str) and value.strip() and (item is None or item.field_type == "TEXT"):
                result.append((path, value))
        return result
