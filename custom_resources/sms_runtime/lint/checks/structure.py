"""Structure rules: the registration type's own field definitions, via the one shared validator.

Each ``FieldProblem`` code of ``validate_field_values`` maps to one rule, so synth-time validation,
this lint and the registration Lambda can never disagree about what is required or too long.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from sms_runtime.lint import paths
from sms_runtime.lint import reasons as r
from sms_runtime.lint.context import LintContext
from sms_runtime.lint.rules import TOLL_FREE, Hit, Rule, register

TEN_DLC_PREFIX = "US_TEN_DLC_"  # brand, vetting and campaign

# The rejection a structural problem leads to depends on the field it is in, and on the rejection table of
# the registration's type: the toll-free reviewers' (AWS, Sinch, Twilio) ...
FIELD_REASONS: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    ((paths.OPT_IN_DESCRIPTION, paths.OPT_IN_IMAGE), (r.AWS_OPT_IN_MISSING, r.TWILIO_NO_OPT_IN, r.SINCH_NO_OPT_IN)),
    ((paths.SAMPLE_SECTION + ".",), (r.SINCH_SAMPLES_INCOMPLETE,)),
    ((paths.PRIVACY_URL,), (r.SINCH_POLICY_URLS, r.SINCH_PRIVACY_POLICY_REQUIRED)),
    ((paths.TERMS_URL,), (r.SINCH_POLICY_URLS,)),
    (("companyInfo.", "contactInfo."), (r.SINCH_BUSINESS_INFO_INVALID, r.TWILIO_BUSINESS_INFO)),
)


# ... or the guide's 10DLC campaign rejection table and form requirements, for the fields they are about.
TEN_DLC_FIELD_REASONS: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    ((paths.SAMPLE_SECTION + ".",), (r.DLC_COMPANY_SAMPLES,)),
    ((paths.DLC_OPT_IN_WORKFLOW, paths.DLC_OPT_IN_KEYWORD, paths.DLC_OPT_IN_MESSAGE), (r.DLC_OPT_IN,)),
    ((paths.DLC_BRAND_WEBSITE,), (r.DLC_WEBSITE,)),
    ((paths.DLC_TERMS_LINK, paths.DLC_PRIVACY_LINK), (r.FORM_POLICY_LINKS,)),
)


def reasons_for(field: str, registration_type: str) -> tuple[str, ...]:
    """The seed rejections a structural problem in ``field`` of a ``registration_type`` leads to.

    Toll-free: the field's rows, and "AWS: Invalid Overall" always. 10DLC: the rows of the guide's 10DLC
    table about that field, if any. Otherwise none: the API itself refuses the value (the type's field
    definitions), and no carrier table of another program applies, so none is cited.
    """
    if registration_type == TOLL_FREE:
        return (*_matching(FIELD_REASONS, field), r.AWS_OVERALL)
    if registration_type.startswith(TEN_DLC_PREFIX):
        return _matching(TEN_DLC_FIELD_REASONS, field)
    return ()


def _matching(table: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...], field: str) -> tuple[str, ...]:
    return next((field_reasons for prefixes, field_reasons in table if field.startswith(prefixes)), ())


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
                yield Hit(problem.field, problem.message, reasons_for(problem.field, ctx.reg.registration_type))

    return check


for _id, _codes, _summary, _fix in STRUCTURE_RULES:
    register(Rule(_id, "error", _summary, (r.AWS_OVERALL,), _fix, check=_problem_check(_codes), all_types=True))
