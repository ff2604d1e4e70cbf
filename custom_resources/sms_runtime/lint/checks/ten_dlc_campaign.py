"""10DLC campaign rules: the call to action, the samples, HELP/STOP, declared links and phone numbers,
age-gated and direct-lending content, and prohibited content.

Drawn from the guide's "10DLC campaign registration form" (what the opt-in workflow must describe,
HELP/STOP responses of at most 160 characters, no public URL shorteners, at least one sample) and its
"10DLC campaign registration rejection reasons" table. Rules that compare the campaign with its brand
(brand name in the messages, vertical, the brand's support number) read ``ctx.sender_brand`` and skip
when the brand is unknown: the registration Lambda lints one registration alone.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from sms_runtime.lint import data, paths
from sms_runtime.lint import reasons as r
from sms_runtime.lint.checks.brand_rules import signature
from sms_runtime.lint.checks.samples import CODE_DIGITS, CONTACT, missing_disclosures
from sms_runtime.lint.context import LintContext
from sms_runtime.lint.rules import TEN_DLC_CAMPAIGN, Hit, Rule, register, rule
from sms_runtime.lint.text import PhraseList, compile_linear, find_urls, host_in, phrase_list, phrases

CAMPAIGN = (TEN_DLC_CAMPAIGN,)
WORKFLOW = paths.DLC_OPT_IN_WORKFLOW
# A phone number as people write it in a message: a digit not preceded by a digit or "+", then at
# least ten digits and separators. Linear for the same reason as samples.CONTACT's phone alternative.
_PHONE = compile_linear(r"(?<![\d+])\+?\d[\d\s().\-]{8,}\d")
_NON_DIGITS = compile_linear(r"\D")


def _settings() -> Mapping[str, Any]:
    return data.load("ten_dlc")


@functools.cache
def _terms(key: str) -> PhraseList:
    return PhraseList(data.words("ten_dlc", key))


def _yes(ctx: LintContext, path: str) -> bool:
    return ctx.choice(path) == "Yes"


def _declared_no(ctx: LintContext, path: str) -> bool:
    return ctx.choice(path) == "No"


def _content_fields(ctx: LintContext) -> list[tuple[str, str]]:
    """What a reviewer reads for content: the description, the opt-in workflow and messages, the samples."""
    fields = (paths.DLC_DESCRIPTION, WORKFLOW, paths.DLC_OPT_IN_MESSAGE)
    return [(field, ctx.text(field)) for field in fields if ctx.has(field)] + ctx.samples


def _workflow_without_brand(ctx: LintContext) -> str:
    """The opt-in workflow without the brand's names (their words are not claims about consent)."""
    text = ctx.text(WORKFLOW)
    return ctx.sender_brand.remove_from(text) if ctx.sender_brand is not None else text


def phone_numbers(text: str) -> list[str]:
    """Phone numbers in ``text`` as digits only (10 or 11 digits for US numbers, up to 15 with a "+")."""
    found = []
    for match in _PHONE.finditer(text):
        digits = _NON_DIGITS.sub("", match.group(0))
        plus = match.group(0).startswith("+")
        if 10 <= len(digits) <= 15 and (plus or len(digits) == 10 or (len(digits) == 11 and digits[0] == "1")):
            found.append(digits)
    return found


def _national(digits: str) -> str:
    """A US number's ten digits, so "+12065550142" and "(206) 555-0142" compare equal."""
    return digits[1:] if len(digits) == 11 and digits.startswith("1") else digits


# The call to action (opt-in workflow) ------------------------------------------------------------


@rule(
    "DLC-CTA-CONSENT",
    "error",
    "The opt-in workflow shows no explicit consent action (agree to receive texts, check a box, text a keyword).",
    [r.DLC_OPT_IN],
    "Describe the deliberate action, e.g. 'users tick an unchecked box reading: I agree to receive texts from Brand'.",
    types=CAMPAIGN,
)
def cta_consent(ctx: LintContext) -> Iterable[Hit]:
    if not ctx.has(WORKFLOW) or phrases("phrases", "consent").affirmed(_workflow_without_brand(ctx)):
        return
    keywords = tuple(word for word in ctx.text(paths.DLC_OPT_IN_KEYWORD).replace(",", " ").split() if word)
    if keywords and phrase_list(keywords).found(ctx.text(WORKFLOW)):
        return  # a keyword opt-in: texting the declared keyword is the consent action
    yield Hit(WORKFLOW, "no explicit consent action (e.g. 'agree to receive texts', 'text JOIN', 'check the box')")


@rule(
    "DLC-CTA-DISCLOSURES",
    "error",
    "The call to action lacks a disclosure the guide requires: frequency, 'Message and data rates may apply', "
    "customer care (HELP or a contact) or opt-out (STOP).",
    [r.DLC_OPT_IN],
    "Quote what users see at opt-in: 'Msg frequency varies. Msg & data rates may apply. Reply HELP for help, "
    "STOP to cancel.'",
    types=CAMPAIGN,
)
def cta_disclosures(ctx: LintContext) -> Iterable[Hit]:
    if not ctx.has(WORKFLOW):
        return
    text = ctx.text(WORKFLOW)
    missing = [item for item in missing_disclosures(text) if item != "HELP instructions" or not CONTACT.search(text)]
    if missing:
        yield Hit(WORKFLOW, "the opt-in workflow does not disclose " + ", ".join(missing))


@rule(
    "DLC-CTA-BRAND",
    "error",
    "The opt-in workflow does not name the brand (program name) users consent to.",
    [r.DLC_OPT_IN],
    "Name the program as users see it on the form or sign, with the brand's legal or DBA name.",
    types=CAMPAIGN,
)
def cta_brand(ctx: LintContext) -> Iterable[Hit]:
    brand = ctx.sender_brand
    if brand is not None and ctx.has(WORKFLOW) and not brand.named_in(ctx.text(WORKFLOW)):
        yield Hit(WORKFLOW, "the opt-in workflow does not name the linked brand (its legal or DBA name)")


@rule(
    "DLC-CTA-POLICY-LINKS",
    "error",
    "No terms and conditions or no privacy policy: neither a link, a file, nor a link in the opt-in workflow.",
    [r.FORM_POLICY_LINKS, r.DLC_OPT_IN],
    "Set campaignInfo.termsAndConditionsLink and campaignInfo.privacyPolicyLink to public https pages.",
    types=CAMPAIGN,
)
def cta_policy_links(ctx: LintContext) -> Iterable[Hit]:
    workflow_paths = [url.path.lower() for url in find_urls(ctx.text(WORKFLOW))]
    for link, file, words, name in (
        (paths.DLC_TERMS_LINK, paths.DLC_TERMS_FILE, ("terms", "conditions"), "terms and conditions"),
        (paths.DLC_PRIVACY_LINK, paths.DLC_PRIVACY_FILE, ("privacy",), "privacy policy"),
    ):
        in_workflow = any(word in path for path in workflow_paths for word in words)
        if not (ctx.has(link) or ctx.has(file) or in_workflow):
            yield Hit(link, f"no {name}: no link, no file and no link to it in the opt-in workflow")


# Phrases the workflow must not affirm: the toll-free opt-in lists, read here from optInWorkflow.
# (rule ID, phrase list in data/phrases.json, summary, fix, message)
FORBIDDEN_CTA_RULES: tuple[tuple[str, str, str, str, str], ...] = (
    (
        "DLC-CTA-TERMS-ONLY",
        "terms_only",
        "SMS consent is part of accepting the terms of service, which the guide says it cannot be.",
        "Collect SMS consent with its own unchecked checkbox or keyword, separate from accepting the terms.",
        "SMS consent cannot come from accepting terms",
    ),
    (
        "DLC-CTA-MANDATORY",
        "mandatory",
        "Receiving texts is required to sign up for the service.",
        "Make SMS consent optional and say so: 'Consent is not a condition of purchase.'",
        "receiving texts cannot be required",
    ),
    (
        "DLC-CTA-PRESELECTED",
        "preselected",
        "The consent checkbox is pre-selected, so consent is not explicit.",
        "Leave the SMS checkbox unchecked by default; the user must tick it.",
        "consent must not be pre-selected",
    ),
    (
        "DLC-CTA-THIRD-PARTY",
        "third_party",
        "The workflow shares consent or numbers with third parties, partners or affiliates.",
        "Remove the sharing, and state: 'Mobile opt-in data will not be shared with third parties or affiliates.'",
        "opt-in data must stay with this brand only",
    ),
)


def _forbidden_check(key: str, message: str) -> Callable[[LintContext], Iterable[Hit]]:
    def check(ctx: LintContext) -> Iterable[Hit]:
        hits = phrases("phrases", key).affirmed(_workflow_without_brand(ctx))
        if hits:
            yield Hit(WORKFLOW, message, detail=hits[0])

    return check


for _id, _key, _summary, _fix, _message in FORBIDDEN_CTA_RULES:
    register(
        Rule(_id, "error", _summary, (r.DLC_OPT_IN,), _fix, check=_forbidden_check(_key, _message), types=CAMPAIGN)
    )


# Message samples -------------------------------------------------------------------------------


@rule(
    "DLC-SAMPLE-BRAND",
    "error",
    "A message sample does not name the brand (its legal or DBA name); company and samples look unrelated.",
    [r.DLC_COMPANY_SAMPLES, r.DLC_OPT_IN],
    "Start every sample with the brand, e.g. 'BrightPath Dental: ...'.",
    types=CAMPAIGN,
)
def sample_brand(ctx: LintContext) -> Iterable[Hit]:
    brand = ctx.sender_brand
    if brand is None:
        return
    for field, text in ctx.samples:
        if not brand.named_in(text) and signature(text) is None:
            yield Hit(field, "the sample does not name the linked brand (its legal or DBA name)")


@rule(
    "DLC-SAMPLE-OTHER-BUSINESS",
    "error",
    "A message sample is signed as another business: the campaign would send for a third party (ISV/reseller).",
    [r.DLC_ISV, r.DLC_COMPANY_SAMPLES],
    "Register the business that sends the messages as the brand, and link the campaign to it.",
    types=CAMPAIGN,
)
def sample_other_business(ctx: LintContext) -> Iterable[Hit]:
    brand = ctx.sender_brand
    if brand is None:
        return
    for field, text in ctx.samples:
        label = signature(text)
        if label is not None and not brand.named_in(text):
            yield Hit(field, "the sample is signed as another business, not the linked brand", detail=label)


@rule(
    "DLC-SAMPLE-OPTOUT",
    "error",
    "No message sample carries opt-out language (Reply STOP), though the campaign declares subscriber opt-out.",
    [r.DLC_ATTRIBUTES],
    "Add 'Reply STOP to opt out' to at least the first sample (and to the messages you send).",
    types=CAMPAIGN,
)
def sample_opt_out(ctx: LintContext) -> Iterable[Hit]:
    if ctx.samples and not any(phrases("phrases", "opt_out").found(text) for _f, text in ctx.samples):
        yield Hit(ctx.samples[0][0], "no sample tells recipients how to opt out (e.g. 'Reply STOP to opt out')")


@rule(
    "DLC-USECASE-MISMATCH",
    "warning",
    "The samples do not fit the selected use case (no code for 2FA, promotional wording outside marketing).",
    [r.DLC_USE_CASE_SAMPLES],
    "Pick the use case the samples show (MARKETING or MIXED for promotions), or rewrite the samples.",
    types=CAMPAIGN,
)
def use_case_mismatch(ctx: LintContext) -> Iterable[Hit]:
    use_case = ctx.choice(paths.DLC_USE_CASE)
    if not use_case or not ctx.samples:
        return
    settings = _settings()
    if use_case in settings["code_use_cases"]:
        markers = phrases("phrases", "code_markers")
        if not any(markers.found(text) and CODE_DIGITS.search(text) for _f, text in ctx.samples):
            yield Hit(ctx.samples[0][0], f"no sample shows a code, yet the use case is {use_case}")
    sub_use_cases = ctx.values.get(paths.DLC_SUB_USE_CASES) or []
    promotional = set(settings["promotional_use_cases"])
    if use_case not in promotional and not promotional & set(sub_use_cases):
        for field, text in ctx.samples:
            found = phrases("phrases", "promo_markers").first(text)
            if found:
                yield Hit(field, f"promotional wording in a {use_case} campaign", detail=found)


@rule(
    "DLC-ISV-ON-BEHALF",
    "error",
    "The campaign describes sending on behalf of other businesses (ISV or reseller).",
    [r.DLC_ISV],
    "Register each end business as its own brand, with its own campaign.",
    types=CAMPAIGN,
)
def isv(ctx: LintContext) -> Iterable[Hit]:
    for field in (paths.DLC_DESCRIPTION, WORKFLOW):
        found = phrases("phrases", "isv").first(ctx.text(field))
        if found:
            yield Hit(field, "ISV wording: a campaign serves its own brand, not an ISV's customers", detail=found)


@rule(
    "DLC-VERTICAL-MISMATCH",
    "warning",
    "The campaign's vertical differs from its brand's: campaign attributes and company look unrelated.",
    [r.DLC_ATTRIBUTES],
    "Choose the same vertical as the brand registration (the one that best represents the company).",
    types=CAMPAIGN,
)
def vertical_mismatch(ctx: LintContext) -> Iterable[Hit]:
    brand_vertical = ctx.brand_field(paths.DLC_BRAND_VERTICAL)
    vertical = ctx.choice(paths.DLC_VERTICAL)
    if brand_vertical and vertical and brand_vertical != vertical:
        yield Hit(paths.DLC_VERTICAL, "the campaign's vertical is not the linked brand's vertical")


# HELP, STOP and the opt-in confirmation ------------------------------------------------------------


@rule(
    "DLC-HELP-MESSAGE",
    "error",
    "The HELP response lacks the brand name or a way to reach customer care.",
    [r.DLC_ATTRIBUTES],
    "Reply like the guide's example: 'Brand Alerts: For help call 1-888-555-0142 or go to brand.example. "
    "Msg&data rates may apply. Text STOP to cancel.'",
    types=CAMPAIGN,
)
def help_message(ctx: LintContext) -> Iterable[Hit]:
    text = ctx.text(paths.DLC_HELP_MESSAGE)
    if not text.strip():
        return
    lacks = [] if ctx.sender_brand is None or ctx.sender_brand.named_in(text) else ["the brand name"]
    lacks += [] if CONTACT.search(text) else ["a phone number, email or link"]
    if lacks:
        yield Hit(paths.DLC_HELP_MESSAGE, "the HELP response lacks " + " and ".join(lacks))


@rule(
    "DLC-STOP-MESSAGE",
    "error",
    "The STOP response does not name the brand or does not confirm that no more messages will be sent.",
    [r.DLC_ATTRIBUTES],
    "Reply like the guide's example: 'You are unsubscribed from Brand Alerts. No more messages will be sent.'",
    types=CAMPAIGN,
)
def stop_message(ctx: LintContext) -> Iterable[Hit]:
    text = ctx.text(paths.DLC_STOP_MESSAGE)
    if not text.strip():
        return
    lacks = [] if ctx.sender_brand is None or ctx.sender_brand.named_in(text) else ["the brand name"]
    lacks += [] if _terms("stop_confirmation_terms").found(text) else ["a confirmation of the opt-out"]
    if lacks:
        yield Hit(paths.DLC_STOP_MESSAGE, "the STOP response lacks " + " and ".join(lacks))


@rule(
    "DLC-OPTIN-MESSAGE",
    "error",
    "The opt-in confirmation message lacks the brand or a disclosure (frequency, rates, HELP, STOP).",
    [r.DLC_ATTRIBUTES, r.DLC_OPT_IN],
    "Write it like: 'Brand: you're subscribed to order alerts. Msg frequency varies. Msg & data rates may "
    "apply. Reply HELP for help, STOP to cancel.'",
    types=CAMPAIGN,
)
def opt_in_message(ctx: LintContext) -> Iterable[Hit]:
    text = ctx.text(paths.DLC_OPT_IN_MESSAGE)
    if not text.strip():
        return
    lacks = [] if ctx.sender_brand is None or ctx.sender_brand.named_in(text) else ["the brand name"]
    lacks += missing_disclosures(text)
    if lacks:
        yield Hit(paths.DLC_OPT_IN_MESSAGE, "the opt-in confirmation lacks " + ", ".join(lacks))


@rule(
    "DLC-KEYWORD-LENGTH",
    "error",
    "A HELP or STOP response is longer than 160 characters.",
    [r.FORM_KEYWORD_LENGTH, r.DLC_ATTRIBUTES],
    "Shorten the response to at most 160 characters (one SMS part).",
    types=CAMPAIGN,
)
def keyword_length(ctx: LintContext) -> Iterable[Hit]:
    limit = int(_settings()["keyword_response_max_chars"])
    for field in (paths.DLC_HELP_MESSAGE, paths.DLC_STOP_MESSAGE):
        length = len(ctx.text(field).strip())
        if length > limit:
            yield Hit(field, f"the response has {length} characters; the carriers allow at most {limit}")


# Embedded links and phone numbers --------------------------------------------------------------------


@rule(
    "DLC-EMBEDDED-LINK-UNDECLARED",
    "error",
    "A sample contains a link, but the campaign declares no embedded link.",
    [r.DLC_ATTRIBUTES],
    "Set campaignUseCase.embeddedLink to Yes and give campaignUseCase.embeddedLinkSample, or drop the link.",
    types=CAMPAIGN,
)
def link_undeclared(ctx: LintContext) -> Iterable[Hit]:
    if not _declared_no(ctx, paths.DLC_EMBEDDED_LINK):
        return
    for field, text in ctx.samples:
        urls = find_urls(text)
        if urls:
            yield Hit(field, "the sample has a link but embeddedLink is No", detail=urls[0].text)


@rule(
    "DLC-EMBEDDED-LINK-UNUSED",
    "warning",
    "The campaign declares embedded links, but no sample shows one.",
    [r.DLC_ATTRIBUTES],
    "Show the link in a sample as it will be sent, or set campaignUseCase.embeddedLink to No.",
    types=CAMPAIGN,
)
def link_unused(ctx: LintContext) -> Iterable[Hit]:
    if _yes(ctx, paths.DLC_EMBEDDED_LINK) and ctx.samples and not any(find_urls(t) for _f, t in ctx.samples):
        yield Hit(paths.DLC_EMBEDDED_LINK, "embeddedLink is Yes but no sample contains a link")


@rule(
    "DLC-URL-SHORTENER",
    "error",
    "A link uses a public URL shortener, which the guide says is not allowed.",
    [r.FORM_SHORTENER, r.DLC_ATTRIBUTES],
    "Use the full link on your own domain, or a shortener on a custom domain you own.",
    types=CAMPAIGN,
)
def shortener(ctx: LintContext) -> Iterable[Hit]:
    shorteners = data.words("domains", "url_shorteners")
    fields = (paths.DLC_EMBEDDED_LINK_SAMPLE, WORKFLOW, paths.DLC_OPT_IN_MESSAGE, paths.DLC_HELP_MESSAGE)
    texts = [(field, ctx.text(field)) for field in fields if ctx.has(field)] + ctx.samples
    for field, text in texts:
        for url in find_urls(text):
            found = host_in(url.host, shorteners)
            if found:
                yield Hit(field, f"a link uses the public shortener {found}", detail=url.text)


def _support_numbers(ctx: LintContext) -> set[str]:
    """Numbers that are customer care: the brand's support phone and those in the HELP/STOP responses."""
    texts = [ctx.brand_field(paths.DLC_BRAND_SUPPORT_PHONE), ctx.text(paths.DLC_HELP_MESSAGE)]
    texts.append(ctx.text(paths.DLC_STOP_MESSAGE))
    return {_national(number) for text in texts for number in phone_numbers(text)}


@rule(
    "DLC-EMBEDDED-PHONE-UNDECLARED",
    "error",
    "A sample contains a phone number that is not the support number, but the campaign declares none.",
    [r.DLC_ATTRIBUTES],
    "Set campaignUseCase.embeddedPhone to Yes, or use only the brand's support number in messages.",
    types=CAMPAIGN,
)
def phone_undeclared(ctx: LintContext) -> Iterable[Hit]:
    if ctx.sender_brand is None or not _declared_no(ctx, paths.DLC_EMBEDDED_PHONE):
        return  # without the brand its support number is unknown: any number might be it
    support = _support_numbers(ctx)
    for field, text in ctx.samples:
        if any(_national(number) not in support for number in phone_numbers(text)):
            yield Hit(field, "the sample has a phone number other than the support number but embeddedPhone is No")


@rule(
    "DLC-EMBEDDED-PHONE-UNUSED",
    "warning",
    "The campaign declares an embedded phone number, but no sample shows one.",
    [r.DLC_ATTRIBUTES],
    "Show the number in a sample as it will be sent, or set campaignUseCase.embeddedPhone to No.",
    types=CAMPAIGN,
)
def phone_unused(ctx: LintContext) -> Iterable[Hit]:
    if _yes(ctx, paths.DLC_EMBEDDED_PHONE) and ctx.samples and not any(phone_numbers(t) for _f, t in ctx.samples):
        yield Hit(paths.DLC_EMBEDDED_PHONE, "embeddedPhone is Yes but no sample contains a phone number")


# Age-gated and direct-lending content ------------------------------------------------------------


def _first_term(ctx: LintContext, key: str) -> tuple[str, str] | None:
    """The first field and term of the list ``key`` found in the campaign's content, or None."""
    for field, text in _content_fields(ctx):
        found = _terms(key).first(text)
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
    if found and _declared_no(ctx, paths.DLC_AGE_GATED):
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
    gated = _yes(ctx, paths.DLC_AGE_GATED) or _first_term(ctx, "age_gated_terms") is not None
    if gated and ctx.has(WORKFLOW) and not _terms("age_gate_terms").found(ctx.text(WORKFLOW)):
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
    if found and _declared_no(ctx, paths.DLC_DIRECT_LENDING):
        yield Hit(paths.DLC_DIRECT_LENDING, "lending content but directLending is No", detail=found[1])


# Prohibited content: one rule per category of data/ten_dlc.json, reusing the toll-free term lists. ---


def _category_check(matcher: PhraseList, label: str) -> Callable[[LintContext], Iterable[Hit]]:
    def check(ctx: LintContext) -> Iterable[Hit]:
        for field, text in _content_fields(ctx):
            found = matcher.first(text)
            if found:
                yield Hit(field, f"wording of {label}, which carriers do not allow on 10DLC", detail=found)

    return check


def _register_categories() -> None:
    toll_free = {str(item["rule"]): item for item in data.load("restricted_content")["categories"]}
    for category in _settings()["content_categories"]:
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
