"""Structure rules: the registration type's own field definitions, via the one shared validator.

Each ``FieldProblem`` code of ``validate_field_values`` maps to one rule, so synth-time validation,
this lint and the registration Lambda can never disagree about what is required or too long.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from sms_runtime.lint import paths
from sms_runtime.lint import reasons as r
from sms_runtime.lint.context import LintContext
from sms_runtime.lint.rules import Hit, Rule, register

# The rejection a structural problem leads to depends on the field it is in.
FIELD_REASONS: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    ((paths.OPT_IN_DESCRIPTION, paths.OPT_IN_IMAGE), (r.AWS_OPT_IN_MISSING, r.TWILIO_NO_OPT_IN, r.SINCH_NO_OPT_IN)),
    ((paths.SAMPLE_SECTION + ".",), (r.SINCH_SAMPLES_INCOMPLETE,)),
    ((paths.PRIVACY_URL,), (r.SINCH_POLICY_URLS, r.SINCH_PRIVACY_POLICY_REQUIRED)),
    ((paths.TERMS_URL,), (r.SINCH_POLICY_URLS,)),
    (("companyInfo.", "contactInfo."), (r.SINCH_BUSINESS_INFO_INVALID, r.TWILIO_BUSINESS_INFO)),
)


def reasons_for(field: str) -> tuple[str, ...]:
    """The seed rejections a structural problem in ``field`` leads to."""
    for prefixes, field_reasons in FIELD_REASONS:
        if field.startswith(prefixes):
            return (*field_reasons, r.AWS_OVERALL)
    return (r.AWS_OVERALL,)


# (rule ID, FieldProblem codes, what the rule is about, fix): one rule per kind of structural problem.
STRUCTURE_RULES: tuple[tuple[str, tuple[str, ...], str, str], ...] = (
    (
        "TFN-STRUCT-REQUIRED",
        ("missing-required", "disallowed"),
        "A required field, or one a conditional rule requires, is empty; or one a conditional rule disallows is set.",
        "Fill in the field; an empty required field is auto-denied within seconds of submission.",
    ),
    (
        "TFN-STRUCT-UNKNOWN-FIELD",
        ("unknown-field",),
        "A field path the registration type does not have (usually a typo).",
        "Use a field path from DescribeRegistrationFieldDefinitions (see the shipped snapshot).",
    ),
    (
        "TFN-STRUCT-LENGTH",
        ("too-short", "too-long"),
        "A text value is shorter or longer than the API allows.",
        "Shorten or complete the text to fit the field's length limits.",
    ),
    (
        "TFN-STRUCT-PATTERN",
        ("pattern-mismatch",),
        "A text value does not match the API's validation pattern (for example, only whitespace).",
        "Enter a value in the format the field expects.",
    ),
    (
        "TFN-STRUCT-SELECT",
        ("not-an-option", "choice-count"),
        "A select value is not one of the field's options, or has the wrong number of choices.",
        "Pick exactly the allowed number of choices from the field's options (spelled as the API lists them).",
    ),
    (
        "TFN-STRUCT-KIND",
        ("wrong-kind",),
        "A value of the wrong kind: a list for a text or attachment field.",
        "Give text fields a string, select fields a string or list, attachment fields a file path.",
    ),
)


def _problem_check(codes: tuple[str, ...]) -> Callable[[LintContext], Iterable[Hit]]:
    def check(ctx: LintContext) -> Iterable[Hit]:
        for problem in ctx.field_problems:
            if problem.code in codes:
                yield Hit(problem.field, problem.message, reasons_for(problem.field))

    return check


for _id, _codes, _summary, _fix in STRUCTURE_RULES:
    register(Rule(_id, "error", _summary, (r.AWS_OVERALL,), _fix, check=_problem_check(_codes), all_types=True))
