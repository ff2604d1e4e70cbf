"""The last gate before ``SubmitRegistrationVersion``: the compliance lint, run on what is submitted.

Why here: a submission starts a review of up to 15 business days, and a denial costs a new version.
The lint (``sms_runtime.lint``) is the same one ``sms-estate lint`` runs on the config; the handler
only adapts the resource's values to its input and refuses to submit when it reports errors.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from sms_runtime.contract import LintSuppressionKeys
from sms_runtime.handlers.request import HandlerError
from sms_runtime.lint import lint_registration
from sms_runtime.lint.model import AttachmentInfo, RegistrationInput, Suppression
from sms_runtime.registration.field_model import RegistrationTypeDefinition
from sms_runtime.registration.field_types import FieldValue

_HEAD_BYTES = 64


def require_clean(
    name: str,
    definition: RegistrationTypeDefinition,
    *,
    registration_type: str,
    fields: Mapping[str, FieldValue],
    files: Mapping[str, tuple[str, bytes]],
    phone_number_ids: Sequence[str],
    suppressions: Iterable[Mapping[str, str]],
) -> None:
    """Raise a :class:`HandlerError` listing the lint errors; return when there are none.

    Plain values, not the handler's ``RegistrationSpec``: this module is below the handler (the handler
    calls it), so it must not import it back. ``files`` maps each ATTACHMENT field's path to the file's
    name and bytes; the lint reads the name as the field's value and the first bytes to sniff the type.
    """
    values: dict[str, FieldValue] = dict(fields)
    attachments = {}
    for path, (file_name, body) in files.items():
        values[path] = file_name
        attachments[path] = AttachmentInfo(file_name, len(body), body[:_HEAD_BYTES])
    report = lint_registration(
        RegistrationInput(
            name=name,
            registration_type=registration_type,
            fields=values,
            attachments=attachments,
            number_count=len(phone_number_ids),
            phone_numbers=tuple(phone_number_ids),
        ),
        definition=definition,
        suppressions=[
            Suppression(
                rule=s.get(LintSuppressionKeys.RULE, ""),
                reason=s.get(LintSuppressionKeys.REASON, ""),
                field=s.get(LintSuppressionKeys.FIELD, ""),
            )
            for s in suppressions
        ],
    )
    if report.has_errors:
        raise HandlerError(f"registration {name} was not submitted: the lint reports errors\n{report.render_text()}")
