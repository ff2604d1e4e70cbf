"""The last gate before ``SubmitRegistrationVersion``: the compliance lint, run on what is submitted.

Why here: a submission starts a review of up to 15 business days, and a denial costs a new version.
The lint (``sms_runtime.lint``) is the same one ``sms-estate lint`` runs on the config; the handler
only adapts the resource's values to its input and refuses to submit when it reports errors.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from sms_runtime.handlers.request import HandlerError
from sms_runtime.lint import lint_registration
from sms_runtime.lint.model import AttachmentInfo, RegistrationInput, Suppression
from sms_runtime.registration.field_definitions import FieldValue, RegistrationTypeDefinition

if TYPE_CHECKING:
    from sms_runtime.handlers.registration import RegistrationSpec

_HEAD_BYTES = 64


def require_clean(
    name: str,
    spec: RegistrationSpec,
    definition: RegistrationTypeDefinition,
    files: Mapping[str, bytes],
) -> None:
    """Raise a :class:`HandlerError` listing the lint errors; return when there are none."""
    fields: dict[str, FieldValue] = dict(spec.fields)
    attachments = {}
    for path, ref in spec.attachments.items():
        body = files[path]
        fields[path] = ref.file_name
        attachments[path] = AttachmentInfo(ref.file_name, len(body), body[:_HEAD_BYTES])
    report = lint_registration(
        RegistrationInput(
            name=name,
            registration_type=spec.registration_type,
            fields=fields,
            attachments=attachments,
            number_count=len(spec.phone_number_ids),
            phone_numbers=tuple(spec.phone_number_ids),
        ),
        definition=definition,
        suppressions=[
            Suppression(rule=s.get("Rule", ""), reason=s.get("Reason", ""), field=s.get("Field", ""))
            for s in spec.suppressions
        ],
    )
    if report.has_errors:
        raise HandlerError(f"registration {name} was not submitted: the lint reports errors\n{report.render_text()}")
