"""Pre-submission compliance lint for registrations (issue 4).

A rejected toll-free registration costs days to weeks; most rejections in the AWS, Sinch and Twilio
tables are visible in the data before submission. Rules are small named units (``rules.RULES``) with
an ID, a severity, the seed-table rejection reasons they prevent and a fix; word and domain lists
are data under ``data/``. Standard library only: the registration Lambda runs the same lint before
it submits.

Issue 18 adds the 10DLC brand and campaign rules (``DLC-``, checks/ten_dlc_*.py, from the SMS user
guide's 10DLC forms and rejection table); a campaign's ``brand`` link gives its rules the brand's
fields in ``lint_estate``, and they skip when it is linted alone. Singapore sender ID registrations
reuse the contact, URL and placeholder rules whose field paths they share.
"""

from sms_runtime.lint.engine import lint_estate, lint_registration
from sms_runtime.lint.inputs import (
    LintInputError,
    read_attachment,
    registration_input_from_mapping,
    suppressions_from_mapping,
)
from sms_runtime.lint.model import AttachmentInfo, Finding, LintReport, RegistrationInput, Suppression
from sms_runtime.lint.rules import RULES, Rule

__all__ = [
    "RULES",
    "AttachmentInfo",
    "Finding",
    "LintInputError",
    "LintReport",
    "RegistrationInput",
    "Rule",
    "Suppression",
    "lint_estate",
    "lint_registration",
    "read_attachment",
    "registration_input_from_mapping",
    "suppressions_from_mapping",
]
