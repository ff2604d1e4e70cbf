"""Age-gated and direct-lending content, and prohibited content (one rule per category).

Part of the 10DLC campaign rules (see ``sms_runtime.lint.checks.ten_dlc``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from sms_runtime.lint import data, paths
from sms_runtime.lint import reasons as r
from sms_runtime.lint.checks.ten_dlc.common import (
    CAMPAIGN,
    WORKFLOW,
    content_fields,
    declared_no,
    ten_dlc_settings,
    terms,
    yes,
)
from sms_runtime.lint.context import LintContext
from sms_runtime.lint.rules import Hit, Rule, register, rule
from sms_runtime.lint.text import PhraseList

# Age-gated and direct-lending content ------------------------------------------------------------


def _first_term(ctx: LintContext, key: str) -> tuple[str, str] | None:
    """The first field and term of the list ``key`` found in the campaign's content, or None."""
    for field, text in content_fields(ctx):
        found = terms(key).first(text)
        if found:
            return field, found
    return None


@rule(
    "DLC-AGE-GATED-UNDECLARED",
    "error",
    "Alcohol, tobacco or vape content, but the campaign does not declare age-gated content.",
    [r.DLC_ALCOHOL_AGE_GATE, r.DLC_TOBACCO_AGE_GATE, r.DLC_ATTRIBUTES],
    "Set campaignUseCase.ageGated to Yes and describe the age gate (date of birth) in the opt-in workflow.",
    types=CAMPAIGN,
)
def age_gated_undeclared(ctx: LintContext) -> Iterable[Hit]:
    found = _first_term(ctx, "age_gated_terms")
    if found and declared_no(ctx, paths.DLC_AGE_GATED):
        yield Hit(paths.DLC_AGE_GATED, "age-gated content but ageGated is No", detail=found[1])


@rule(
    "DLC-AGE-GATE-MISSING",
    "error",
    "Age-gated content (declared or found) without an age gate described in the opt-in workflow.",
    [r.DLC_ALCOHOL_AGE_GATE, r.DLC_TOBACCO_AGE_GATE, r.DLC_SHAFT],
    "Verify the date of birth (MM/DD/YYYY) before opt-in and say so in the opt-in workflow.",
    types=CAMPAIGN,
)
def age_gate_missing(ctx: LintContext) -> Iterable[Hit]:
    gated = yes(ctx, paths.DLC_AGE_GATED) or _first_term(ctx, "age_gated_terms") is not None
    if gated and ctx.has(WORKFLOW) and not terms("age_gate_terms").found(ctx.text(WORKFLOW)):
        yield Hit(WORKFLOW, "age-gated content but the opt-in workflow describes no age verification")


@rule(
    "DLC-DIRECT-LENDING-UNDECLARED",
    "error",
    "Lending or loan content, but the campaign does not declare a direct lending arrangement.",
    [r.DLC_DIRECT_LENDING],
    "Set campaignUseCase.directLending to Yes (the guide's fix for this rejection) and resubmit.",
    types=CAMPAIGN,
)
def direct_lending(ctx: LintContext) -> Iterable[Hit]:
    found = _first_term(ctx, "direct_lending_terms")
    if found and declared_no(ctx, paths.DLC_DIRECT_LENDING):
        yield Hit(paths.DLC_DIRECT_LENDING, "lending content but directLending is No", detail=found[1])


# Prohibited content: one rule per category of data/ten_dlc.json, reusing the toll-free term lists. ---


def _category_check(matcher: PhraseList, label: str) -> Callable[[LintContext], Iterable[Hit]]:
    def check(ctx: LintContext) -> Iterable[Hit]:
        for field, text in content_fields(ctx):
            found = matcher.first(text)
            if found:
                yield Hit(field, f"wording of {label}, which carriers do not allow on 10DLC", detail=found)

    return check


def _register_categories() -> None:
    toll_free = {str(item["rule"]): item for item in data.load("restricted_content")["categories"]}
    for category in ten_dlc_settings()["content_categories"]:
        terms = tuple(term for source in category["terms_from"] for term in toll_free[source]["terms"])
        label = str(category["label"])
        register(
            Rule(
                id=str(category["rule"]),
                severity="error",
                summary=f"Content carriers prohibit on 10DLC: {label}.",
                reasons=tuple(getattr(r, name) for name in category["reasons"]),
                fix="Remove the content; if it is the business itself, it cannot send it over 10DLC.",
                check=_category_check(PhraseList(terms), label),
                types=CAMPAIGN,
            )
        )


_register_categories()
