"""Rule behaviour the corpus does not pin on its own: word boundaries, negation, suppressions, scope."""

from __future__ import annotations

import dataclasses

import pytest
from support.lint_samples import registration, with_fields

from sms_runtime.lint import (
    AttachmentInfo,
    Finding,
    RegistrationInput,
    Suppression,
    lint_estate,
    lint_registration,
)
from sms_runtime.lint.brand import Brand
from sms_runtime.lint.sniff import detect_format, image_size
from sms_runtime.lint.text import PhraseList, find_urls
from sms_runtime.registration.field_definitions import RegistrationTypeDefinition, validate_field_values

OPT_IN = "messagingUseCase.optInDescription"
SAMPLE = "messageSamples.messageSample1"


def _rules(reg: RegistrationInput) -> set[str]:
    return {f.rule for f in lint_registration(reg).findings if f.severity != "info"}


def test_the_base_registration_is_clean() -> None:
    assert _rules(registration()) == set()


@pytest.mark.parametrize(
    "text",
    [
        "BrightPath Dental: our Stockton office moved. Reply STOP to opt out.",
        "BrightPath Dental: Alphabet soup day at the kids' corner. Reply STOP to opt out.",
        "BrightPath Dental: whitening kits back in stock. Reply STOP to opt out.",
        "BrightPath Dental: we bettered our hours. Reply STOP to opt out.",
    ],
)
def test_words_that_contain_restricted_terms_are_not_restricted(text: str) -> None:
    assert not {r for r in _rules(registration(messageSamples__messageSample1=text)) if "CONTENT" in r}


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        ("BrightPath Dental: place a bet on the big game. Reply STOP to opt out.", "TFN-CONTENT-GAMBLING"),
        ("BrightPath Dental: today's stock alerts inside. Reply STOP to opt out.", "TFN-CONTENT-STOCK-ALERTS"),
    ],
)
def test_whole_restricted_words_are_found(text: str, rule: str) -> None:
    assert rule in _rules(registration(messageSamples__messageSample1=text))


def test_phrases_match_across_hyphens_and_spaces() -> None:
    matcher = PhraseList(("pre checked",))
    assert matcher.found("a pre-checked box") and matcher.found("a pre  checked box")
    assert not matcher.found("an unprechecked box")


def test_negated_sharing_is_compliant_and_affirmed_sharing_is_not() -> None:
    base = registration().fields[OPT_IN]
    assert isinstance(base, str)
    assert "TFN-OPTIN-THIRD-PARTY" not in _rules(registration())
    shared = base + " We share your number with our partners."
    assert "TFN-OPTIN-THIRD-PARTY" in _rules(registration(messagingUseCase__optInDescription=shared))


def test_not_a_condition_of_purchase_is_not_mandatory_consent() -> None:
    base = registration().fields[OPT_IN]
    assert isinstance(base, str)
    optional = base + " Consent is not a condition of purchase."
    assert "TFN-OPTIN-MANDATORY" not in _rules(registration(messagingUseCase__optInDescription=optional))
    required = base + " Consent is a condition of purchase."
    assert "TFN-OPTIN-MANDATORY" in _rules(registration(messagingUseCase__optInDescription=required))


def test_brand_forms_drop_legal_suffix_and_generic_words() -> None:
    brand = Brand.from_company_name("BrightPath Dental Group LLC")
    assert brand.named_in("BRIGHTPATH DENTAL: hi")
    assert brand.named_in("Bright Path Dental: hi")
    assert brand.named_in("BrightPath: hi")
    assert not brand.named_in("See https://www.brightpathdental.example/book or email hi@brightpath.example")


def test_subdomain_support_email_matches_the_website() -> None:
    reg = registration(contactInfo__supportEmail="help@care.brightpathdental.example")
    assert "TFN-CONTACT-EMAIL-DOMAIN" not in _rules(reg)


def test_links_are_found_with_and_without_scheme_but_not_in_emails() -> None:
    urls = find_urls("Go to example.com/x or https://a.example/y; mail me@b.example. Thanks.See you")
    assert [(u.text, u.scheme) for u in urls] == [("example.com/x", ""), ("https://a.example/y", "https")]


def test_two_numbers_carry_ten_million_a_month() -> None:
    reg = registration(messagingUseCase__monthlyMessageVolume="10,000,000+")
    assert "TFN-VOLUME-IMPLAUSIBLE" in _rules(reg)
    assert "TFN-VOLUME-IMPLAUSIBLE" not in _rules(dataclasses.replace(reg, number_count=2))


def test_structure_rules_report_exactly_the_shared_validators_problems() -> None:
    reg = registration(companyInfo__city=["a"], messagingUseCase__monthlyMessageVolume="7", extra__field="x")
    reg = with_fields(reg, **{"messagingUseCase__privacyPolicyUrl": ""})
    report = lint_registration(reg)
    from_lint = {(f.field, f.message) for f in report.findings if f.rule.startswith("TFN-STRUCT-")}
    from sms_runtime.registration.field_definitions import load_snapshot

    shared = {(p.field, p.message) for p in validate_field_values(load_snapshot(reg.registration_type), reg.fields)}
    assert from_lint == shared and len(shared) == 4


def test_other_registration_types_get_only_structure_rules() -> None:
    page = {
        "RegistrationType": "US_TEN_DLC_BRAND_REGISTRATION",
        "RegistrationFieldDefinitions": [
            {"FieldPath": "brandInfo.name", "FieldType": "TEXT", "FieldRequirement": "REQUIRED"},
        ],
    }
    definition = RegistrationTypeDefinition.from_api_pages("US_TEN_DLC_BRAND_REGISTRATION", [page])
    reg = RegistrationInput("brand", "US_TEN_DLC_BRAND_REGISTRATION", {"brandInfo.website": "http://bit.ly/x"})
    report = lint_registration(reg, definition=definition)
    assert {f.rule for f in report.findings} == {"TFN-STRUCT-REQUIRED", "TFN-STRUCT-UNKNOWN-FIELD"}


def test_opt_in_image_recommended_is_only_a_note() -> None:
    report = lint_registration(registration())
    (note,) = report.findings
    assert (note.rule, note.severity) == ("TFN-OPTIN-IMAGE-RECOMMENDED", "info")
    attached = dataclasses.replace(
        with_fields(registration(), messagingUseCase__optInImage="optin.png"),
        attachments={"messagingUseCase.optInImage": AttachmentInfo("optin.png", 900, _png(800, 600))},
    )
    assert lint_registration(attached).findings == ()


def test_attachment_given_only_as_an_id_is_noted_as_unchecked() -> None:
    reg = with_fields(registration(), messagingUseCase__optInImage="attachment-0123")
    assert [(f.rule, f.severity) for f in lint_registration(reg).findings] == [("TFN-ATTACH-UNCHECKED", "info")]


def _png(width: int, height: int) -> bytes:
    return b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + width.to_bytes(4, "big") + height.to_bytes(4, "big") + b"\x08\x00"


def test_sniffing_reads_formats_and_pixel_sizes() -> None:
    jpeg = b"\xff\xd8\xff\xe0\x00\x04JF\xff\xc0\x00\x0b\x08\x02\x58\x03\x20\x01\x01\x11\x00"
    assert (detect_format(_png(1, 2)), image_size(_png(640, 480))) == ("PNG", (640, 480))
    assert (detect_format(jpeg), image_size(jpeg)) == ("JPEG", (800, 600))
    assert (detect_format(b"%PDF-1.7"), image_size(b"%PDF-1.7")) == ("PDF", None)
    assert detect_format(b"hello") == ""


def test_suppression_needs_a_written_reason() -> None:
    with pytest.raises(ValueError, match="reason"):
        Suppression("TFN-CONTACT-FREEMAIL", "ok")
    with pytest.raises(ValueError, match="rule"):
        Suppression(" ", "a perfectly good reason")


def test_suppression_of_an_unknown_rule_is_refused() -> None:
    with pytest.raises(ValueError, match="TFN-NOPE"):
        lint_registration(registration(), suppressions=[Suppression("TFN-NOPE", "typo in the rule ID here")])


def test_field_scoped_suppression_waives_only_that_field() -> None:
    reg = registration(contactInfo__firstName="Admin", contactInfo__lastName="Support")
    waiver = Suppression("TFN-CONTACT-NAME", "Shared mailbox owner confirmed by carrier", field="contactInfo.lastName")
    report = lint_registration(reg, suppressions=[waiver])
    assert [(f.rule, f.field) for f in report.errors] == [("TFN-CONTACT-NAME", "contactInfo.firstName")]
    assert [(f.field, s) for f, s in report.suppressed] == [("contactInfo.lastName", waiver)]


def test_report_exposes_errors_warnings_json_and_text() -> None:
    reg = registration(contactInfo__supportEmail="brightpath@gmail.com", companyInfo__website="https://x.example")
    report = lint_registration(reg)
    assert report.has_errors and [f.rule for f in report.errors] == ["TFN-CONTACT-FREEMAIL"]
    assert report.warnings == ()
    (item,) = [i for i in report.to_json_dict()["findings"] if i["severity"] == "error"]
    assert set(item) == {"rule", "severity", "field", "message", "reason", "fix"}
    assert "Sinch: Business Information Issues - Business Email Address Must Use an Official Domain" in item["reason"]
    text = report.render_text()
    assert "ERROR   TFN-CONTACT-FREEMAIL  contactInfo.supportEmail" in text and "fix: " in text


def test_findings_sort_errors_first() -> None:
    reg = registration(contactInfo__supportEmail="bp@gmail.com", companyInfo__website="https://www.facebook.com/bp")
    severities = [f.severity for f in lint_registration(reg).findings]
    assert severities == sorted(severities, key=("error", "warning", "info").index)
    assert isinstance(lint_registration(reg).findings[0], Finding)


def test_estate_rejects_duplicate_names() -> None:
    with pytest.raises(ValueError, match="unique"):
        lint_estate([registration("a"), registration("a")])


def test_estate_groups_numbers_by_business_across_registrations() -> None:
    first = dataclasses.replace(registration("a"), number_count=3)
    second = dataclasses.replace(registration("b"), number_count=3)
    reports = lint_estate([first, second])
    assert all("TFN-ACCOUNT-NUMBERS" in {f.rule for f in r.errors} for r in reports.values())
    reason = "Six dispatch desks at one address, one number for each desk."
    justified = [dataclasses.replace(reg, justification=reason) for reg in (first, second)]
    assert not any(r.has_errors for r in lint_estate(justified).values())
