"""A registration type's fields, parsed from ``DescribeRegistrationFieldDefinitions`` pages.

Why one parser: the shipped snapshot *is* a stored API answer, so synth (snapshot) and the Lambda
(live pages) build their definitions with the same :meth:`RegistrationTypeDefinition.from_api_pages`,
conditional rules included, and cannot read the rules differently. Standard library only.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from sms_runtime.registration.conditional_rules import ConditionalBehavior, Resolution
from sms_runtime.registration.field_types import (
    FIELD_TYPES,
    OPTIONAL,
    REQUIRED,
    REQUIREMENTS,
    DefinitionFormatError,
    FieldValue,
)


@dataclass(frozen=True)
class FieldDefinition:
    """One field of a registration type, flattened from the API's nested validation members."""

    path: str
    section: str
    field_type: str
    requirement: str
    min_length: int | None
    max_length: int | None
    pattern: str | None
    min_choices: int | None
    max_choices: int | None
    options: tuple[str, ...]
    title: str
    conditional: ConditionalBehavior | None = None

    @classmethod
    def from_api(cls, item: Mapping[str, Any]) -> FieldDefinition:
        """Build from one ``RegistrationFieldDefinitions`` member as botocore returns it."""
        try:
            path = str(item["FieldPath"])
            field_type = str(item["FieldType"])
            requirement = str(item["FieldRequirement"])
        except KeyError as missing:
            raise DefinitionFormatError(f"field definition lacks {missing.args[0]}: {dict(item)!r}") from None
        if field_type not in FIELD_TYPES:
            raise DefinitionFormatError(f"{path}: unknown FieldType {field_type!r}")
        if requirement not in REQUIREMENTS:
            raise DefinitionFormatError(f"{path}: unknown FieldRequirement {requirement!r}")
        text = item.get("TextValidation") or {}
        select = item.get("SelectValidation") or {}
        hints = item.get("DisplayHints") or {}
        behavior = item.get("ConditionalBehavior")
        return cls(
            path=path,
            section=str(item.get("SectionPath", path.rpartition(".")[0])),
            field_type=field_type,
            requirement=requirement,
            min_length=_optional_int(text.get("MinLength")),
            max_length=_optional_int(text.get("MaxLength")),
            pattern=text.get("Pattern") or None,
            min_choices=_optional_int(select.get("MinChoices")),
            max_choices=_optional_int(select.get("MaxChoices")),
            options=tuple(str(option) for option in select.get("Options", ())),
            title=str(hints.get("Title", path)),
            conditional=None if behavior is None else ConditionalBehavior.from_api(behavior, path),
        )

    def resolve(self, values: Mapping[str, FieldValue]) -> Resolution:
        """REQUIRED, OPTIONAL or DISALLOWED for ``values``, and the rule that decided.

        With a ``ConditionalBehavior`` the API's rules decide (whatever the ``FieldRequirement``). A
        ``CONDITIONAL`` field without one is optional: nothing says when it would be required.
        """
        if self.conditional is not None:
            return self.conditional.resolve(values)
        return Resolution(REQUIRED if self.requirement == REQUIRED else OPTIONAL)


@dataclass(frozen=True)
class RegistrationTypeDefinition:
    """Every field of one registration type (with its conditional rules) and where it came from."""

    registration_type: str
    fields: Mapping[str, FieldDefinition]
    snapshot_info: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def from_api_pages(cls, registration_type: str, pages: Sequence[Mapping[str, Any]]) -> RegistrationTypeDefinition:
        """Merge the pages of ``DescribeRegistrationFieldDefinitions`` (or one snapshot) into one definition."""
        fields: dict[str, FieldDefinition] = {}
        for page in pages:
            page_type = page.get("RegistrationType", registration_type)
            if page_type != registration_type:
                raise DefinitionFormatError(f"page is for {page_type!r}, expected {registration_type!r}")
            for item in page.get("RegistrationFieldDefinitions", ()):
                definition = FieldDefinition.from_api(item)
                fields[definition.path] = definition
        info = pages[0].get("SnapshotInfo", {}) if pages else {}
        return cls(
            registration_type=registration_type,
            fields=MappingProxyType(fields),
            snapshot_info=MappingProxyType({str(k): str(v) for k, v in info.items()}),
        )

    def resolve(self, path: str, values: Mapping[str, FieldValue]) -> Resolution:
        """What applies to the field at ``path`` for ``values`` (see :meth:`FieldDefinition.resolve`)."""
        return self.fields[path].resolve(values)

    def required_fields(self, values: Mapping[str, FieldValue]) -> frozenset[str]:
        """Fields that must be filled for ``values``: REQUIRED ones and those a conditional rule requires."""
        return frozenset(path for path, item in self.fields.items() if item.resolve(values).required)

    def disallowed_fields(self, values: Mapping[str, FieldValue]) -> frozenset[str]:
        """Fields that must be left empty for ``values``, by their conditional rules."""
        return frozenset(path for path, item in self.fields.items() if item.resolve(values).disallowed)

    def dangling_dependencies(self) -> dict[str, frozenset[str]]:
        """Field -> the paths its conditions read that this definition lacks (those read as empty).

        Tolerated rather than refused, so a quirk in the live answer cannot block every deploy; the
        shipped snapshot is tested to have none.
        """
        dangling = {
            path: item.conditional.dependencies() - set(self.fields)
            for path, item in self.fields.items()
            if item.conditional is not None
        }
        return {path: missing for path, missing in dangling.items() if missing}


def _optional_int(value: Any) -> int | None:
    return None if value is None else int(value)
