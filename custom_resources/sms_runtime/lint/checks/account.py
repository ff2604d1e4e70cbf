"""Account-level rules: they need every registration at once, so they run in ``lint_estate``.

One business may have up to 5 toll-free numbers without explanation; a number serves one business.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

from sms_runtime.lint import data, paths
from sms_runtime.lint import reasons as r
from sms_runtime.lint.brand import Brand
from sms_runtime.lint.model import RegistrationInput
from sms_runtime.lint.rules import Hit, estate_rule
from sms_runtime.lint.text import normalized_words


def business_key(reg: RegistrationInput) -> str:
    """Same business = same brand name at the same street address and zip code."""

    def value(path: str) -> str:
        raw = reg.fields.get(path, "")
        return raw if isinstance(raw, str) else " ".join(raw)

    brand = Brand.from_company_name(value(paths.COMPANY_NAME))
    name = max(brand.forms, key=len) if brand.forms else ""
    return "|".join((name, normalized_words(value(paths.ADDRESS1)).strip(), value(paths.ZIP_CODE).strip()))


@estate_rule(
    "TFN-ACCOUNT-NUMBERS",
    "error",
    "More than 5 toll-free numbers for one business without a written justification.",
    [r.SINCH_MORE_THAN_5_NUMBERS, r.TWILIO_MORE_THAN_5_NUMBERS],
    "Set 'justification' explaining why (agents, departments, or locations with their addresses).",
)
def numbers_per_business(regs: Sequence[RegistrationInput]) -> Iterable[tuple[str, Hit]]:
    limits = data.load("limits")
    allowed = int(limits["numbers_per_business_without_justification"])
    minimum_words = int(limits["justification_min_words"])
    groups: dict[str, list[RegistrationInput]] = defaultdict(list)
    for reg in regs:
        if reg.number_type == "TOLL_FREE":
            groups[business_key(reg)].append(reg)
    for group in groups.values():
        total = sum(max(1, reg.number_count) for reg in group)
        if total <= allowed:
            continue
        for reg in group:
            if len(reg.justification.split()) < minimum_words:
                message = f"{total} toll-free numbers for this business (more than {allowed}) and no justification"
                yield reg.name, Hit(paths.COMPANY_NAME, message)


@estate_rule(
    "TFN-ACCOUNT-SHARED-NUMBER",
    "error",
    "One phone number is in registrations of different businesses.",
    [r.AWS_MULTI_NUMBERS, r.SINCH_NUMBER_SHARED, r.TWILIO_NUMBER_SHARED],
    "Give each business its own toll-free number.",
)
def shared_number(regs: Sequence[RegistrationInput]) -> Iterable[tuple[str, Hit]]:
    owners: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for reg in regs:
        for number in reg.phone_numbers:
            owners[number][business_key(reg)].append(reg.name)
    for number, businesses in sorted(owners.items()):
        if len(businesses) < 2:
            continue
        names = sorted(name for regs_of in businesses.values() for name in regs_of)
        for name in names:
            yield name, Hit(paths.COMPANY_NAME, f"a phone number is shared by {', '.join(names)}", detail=number)
