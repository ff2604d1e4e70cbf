"""Registration field definitions and the one validator every caller shares (the public entry point).

Why this module exists: the API (``DescribeRegistrationFieldDefinitions``) is the authority on which
fields a registration type has, which are required, their length caps, patterns and select options,
and, per ``CONDITIONAL`` field, the ``ConditionalBehavior`` rules that make it required, optional or
disallowed depending on other fields. Those rules change over time (privacy-policy and terms URLs
became required for toll-free in 2026), so they are kept as data, a snapshot of the API's own answer,
and read by synth-time validation, the compliance lint and the registration custom resource alike
(the resource also re-reads them live before any write). One implementation, one set of rules.

Files, per registration type, in the ``definitions/`` folder next to this package: ``<TYPE>.json``,
the ``DescribeRegistrationFieldDefinitions`` response, pages merged: ``RegistrationType`` and
``RegistrationFieldDefinitions`` exactly as botocore returns them (``ConditionalBehavior`` included),
plus one extra key ``SnapshotInfo`` ``{"Source", "TakenOn", "Note"}`` saying where and when it was
taken. The ``refresh-field-definitions`` command rewrites it from a real account. There is no side
file: conditional rules live in the snapshot, on their field, in the API's own shape. (The shipped
toll-free snapshot was reconstructed from the documentation, its rules too; its ``SnapshotInfo`` says so.)

The code is split by concern, one module each, and this module holds no code of its own:

* the model: :mod:`.field_types` (``FieldValue``, the enums, the errors, ``FieldProblem``),
  :mod:`.conditional_rules` (``ConditionalBehavior``, its rules, conditions and evaluation) and
  :mod:`.field_model` (``FieldDefinition`` and ``RegistrationTypeDefinition``, the one page parser);
* snapshot I/O: :mod:`.definition_snapshots` (loading and writing the snapshots);
* validation: :mod:`.field_validation` (``validate_field_values`` and ``normalize_values``).

Why keep this module: it is the public entry point for every caller *outside* this package (the
lint, the handlers, the constructs, the CLI, the tests and fakes), one import that stays put when
the concerns move between modules. Modules *inside* the package import the module that owns the
concern instead, so the facade sits on top of them and never in an import cycle;
``tests/test_architecture.py`` checks both (no code here, no import of it from inside the package).

Values (``FieldValue``): a TEXT field takes a ``str``; a SELECT field a ``list[str]`` (a bare ``str``
means a one-choice list); an ATTACHMENT field a reference ``str`` (a file path in the config, or an
attachment id at runtime). Standard library only: this package ships in the Lambda asset.
"""

from __future__ import annotations

from sms_runtime.registration.conditional_rules import (
    ConditionalBehavior,
    ConditionalRule,
    ConditionalValidation,
    FieldCondition,
    Resolution,
)
from sms_runtime.registration.definition_snapshots import (
    available_registration_types,
    load_snapshot,
    load_snapshot_file,
    snapshot_associations,
    snapshot_path,
    write_snapshot,
)
from sms_runtime.registration.field_model import FieldDefinition, RegistrationTypeDefinition
from sms_runtime.registration.field_types import (
    BEHAVIORS,
    FIELD_TYPES,
    OPERATORS,
    REQUIREMENTS,
    DefinitionFormatError,
    FieldProblem,
    FieldValue,
    UnknownRegistrationTypeError,
)
from sms_runtime.registration.field_validation import normalize_values, validate_field_values

__all__ = [
    "BEHAVIORS",
    "FIELD_TYPES",
    "OPERATORS",
    "REQUIREMENTS",
    "ConditionalBehavior",
    "ConditionalRule",
    "ConditionalValidation",
    "DefinitionFormatError",
    "FieldCondition",
    "FieldDefinition",
    "FieldProblem",
    "FieldValue",
    "RegistrationTypeDefinition",
    "Resolution",
    "UnknownRegistrationTypeError",
    "available_registration_types",
    "load_snapshot",
    "load_snapshot_file",
    "normalize_values",
    "snapshot_associations",
    "snapshot_path",
    "validate_field_values",
    "write_snapshot",
]
