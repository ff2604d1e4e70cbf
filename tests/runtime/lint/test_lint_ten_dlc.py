"""10DLC and Singapore lint: the brand link, graceful degradation when linted alone, and rule details.

The corpus (test_lint_corpus.py) shows each rule on a whole case; these tests pin the behaviour the
corpus cannot show on its own: the same campaign with and without its brand, links that lead nowhere,
and the rules that read the brand's support number.
"""

from __future__ import annotations

import pytest
from support.lint_corpus import CORPUS, load_case
from support.lint_samples import DLC_SITE, registration, ten_dlc_brand, ten_dlc_campaign

from sms_runtime.lint import (
    RULES,
    LintInputError,
    RegistrationInput,
    lint_estate,
    lint_registration,
    reasons,
    registration_input_from_mapping,
)
from sms_runtime.lint.model import NO_TABLE_ROW
from sms_runtime.lint.rules import TEN_DLC_BRAND, TEN_DLC_CAMPAIGN

BRAND_DEPENDENT = {"DLC-SAMPLE-BRAND", "DLC-EMBEDDED-PHONE-UNDECLARED", "DLC-VERTICAL-MISMATCH", "DLC-CTA-BRAND"}


def _defective_campaign(brand: str = "larkspur-brand") -> RegistrationInput:
    """A campaign whose defects only its brand reveals: unbranded texts, a non-support number, another vertical."""
    return ten_dlc_campaign(
        brand=brand,
        campaignInfo__vertical="ENTERTAINMENT",
        campaignInfo__optInWorkflow=(
            "At checkout customers may tick an optional, unchecked box reading: 'I agree to receive order texts "
            "from us. Msg frequency varies. Msg & data rates may apply. Reply HELP for help, STOP to cancel.'"
        ),
        messageSamples__messageSample1=(
            f"Your order has shipped: {DLC_SITE}/track/1. Questions? Call our warehouse at (208) 555-0199. "
            "Reply STOP to opt out."
        ),
    )


def _rules(report_findings: object) -> set[str]:
    return {finding.rule for finding in report_findings}  # type: ignore[attr-defined]


def test_campaign_with_its_brand_reports_the_brand_dependent_rules() -> None:
    reports = lint_estate([ten_dlc_brand(), _defective_campaign()])
    assert _rules(reports["larkspur-delivery"].findings) == BRAND_DEPENDENT
    assert reports["larkspur-brand"].findings == ()


def test_campaign_linted_alone_skips_what_needs_the_brand_instead_of_guessing() -> None:
    """The registration Lambda's submission check lints one registration: no false positive there."""
    assert lint_registration(_defective_campaign()).findings == ()


def test_lint_registration_given_the_brand_agrees_with_lint_estate() -> None:
    alone = lint_registration(_defective_campaign(), brand=ten_dlc_brand())
    assert alone.findings == lint_estate([ten_dlc_brand(), _defective_campaign()])["larkspur-delivery"].findings


@pytest.mark.parametrize("brand", ["no-such-registration", "toll-free"])
def test_a_link_to_nothing_or_to_another_type_degrades_like_no_link(brand: str) -> None:
    toll_free = RegistrationInput("toll-free", "US_TOLL_FREE_REGISTRATION", {})
    reports = lint_estate([toll_free, ten_dlc_brand(), _defective_campaign(brand)])
    assert reports["larkspur-delivery"].findings == ()


def test_the_brand_link_is_read_from_the_config_entry_and_must_be_a_name() -> None:
    entry = {"name": "c", "type": TEN_DLC_CAMPAIGN, "brand": "larkspur-brand", "fields": {}}
    assert registration_input_from_mapping(entry, name="x").brand == "larkspur-brand"
    with pytest.raises(LintInputError) as caught:
        registration_input_from_mapping({**entry, "brand": ["a", "b"]}, name="x")
    assert caught.value.path == "brand"


def test_numbers_in_the_help_message_or_the_brands_support_line_are_not_embedded_phones() -> None:
    reg = ten_dlc_campaign(
        campaignInfo__helpMessage="Larkspur Outfitters: help at 1-208-555-0111. Reply STOP to cancel.",
        messageSamples__messageSample1="Larkspur Outfitters: shipped. Questions? 208.555.0111 or +12085550147. STOP to opt out.",
        campaignUseCase__embeddedLink="No",
        campaignUseCase__embeddedLinkSample="",
    )
    report = lint_estate([ten_dlc_brand(), reg])["larkspur-delivery"]
    assert "DLC-EMBEDDED-PHONE-UNDECLARED" not in _rules(report.findings)
    other = ten_dlc_campaign(
        messageSamples__messageSample1="Larkspur Outfitters: call 208-555-0199. Reply STOP to opt out."
    )
    report = lint_estate([ten_dlc_brand(), other])["larkspur-delivery"]
    assert "DLC-EMBEDDED-PHONE-UNDECLARED" in _rules(report.findings)


def test_a_keyword_opt_in_is_consent_when_the_workflow_names_the_declared_keyword() -> None:
    workflow = (
        "Posters say: Text GEAR to +12085550147 to join Larkspur Outfitters order alerts. Msg frequency varies. "
        "Msg & data rates may apply. Reply HELP for help, STOP to cancel."
    )
    with_keyword = ten_dlc_campaign(campaignInfo__optInWorkflow=workflow, campaignInfo__optInKeyword="GEAR")
    without = ten_dlc_campaign(campaignInfo__optInWorkflow=workflow)
    assert "DLC-CTA-CONSENT" not in _rules(lint_registration(with_keyword).findings)
    assert "DLC-CTA-CONSENT" in _rules(lint_registration(without).findings)


def test_age_gated_words_in_the_campaign_description_count_too() -> None:
    reg = ten_dlc_campaign(campaignInfo__campaignName="Order updates for our craft beer subscription club members")
    found = {(f.rule, f.field) for f in lint_registration(reg).findings}
    assert ("DLC-AGE-GATED-UNDECLARED", "campaignUseCase.ageGated") in found
    assert ("DLC-AGE-GATE-MISSING", "campaignInfo.optInWorkflow") in found


def test_each_ten_dlc_rule_has_an_id_severity_reason_and_fix_and_reads_its_type() -> None:
    dlc = [rule for rule in RULES.values() if rule.id.startswith("DLC-")]
    assert len(dlc) >= 30
    for rule in dlc:
        assert rule.severity in ("error", "warning") and rule.reasons and len(rule.fix) > 20, rule.id
        assert rule.types in ((TEN_DLC_BRAND,), (TEN_DLC_CAMPAIGN,)) and not rule.all_types, rule.id


def test_toll_free_content_rules_do_not_read_ten_dlc_registrations() -> None:
    reg = ten_dlc_campaign(campaignUseCase__directLending="Yes", campaignInfo__campaignName="Personal loans " * 4)
    assert not {rule for rule in _rules(lint_registration(reg).findings) if rule.startswith("TFN-CONTENT")}


def test_singapore_and_vetting_registrations_lint_without_errors() -> None:
    sg = load_case(CORPUS / "ok-sg-sender-id.yaml")
    assert [report.findings for report in sg.run().values()] == [()]
    vetting = RegistrationInput("vetting", "US_TEN_DLC_BRAND_VETTING", {})
    assert lint_registration(vetting).findings == ()


def test_singapore_reuses_the_contact_rules_where_the_fields_match() -> None:
    case = load_case(CORPUS / "ok-sg-sender-id.yaml")
    (reg,) = case.registrations
    bad = RegistrationInput(reg.name, reg.registration_type, {**reg.fields, "contactInfo.firstName": "Admin"})
    assert {(f.rule, f.field) for f in lint_registration(bad).findings} == {
        ("TFN-CONTACT-NAME", "contactInfo.firstName")
    }


def test_structure_findings_cite_the_rejection_table_of_their_own_type() -> None:
    """A required field left empty is refused by the API whatever the type; the carrier reasons cited with it
    come from the type's own table: toll-free rows for toll-free, the guide's 10DLC rows for 10DLC, none
    for a Singapore sender ID (no carrier table of another program applies)."""

    def structure_reasons(reg: RegistrationInput, field: str) -> str:
        [finding] = [f for f in lint_registration(reg).findings if f.rule == "TFN-STRUCT-REQUIRED" and f.field == field]
        return finding.reason

    assert structure_reasons(ten_dlc_campaign(campaignInfo__optInWorkflow=""), "campaignInfo.optInWorkflow") == (
        reasons.DLC_OPT_IN
    )
    assert structure_reasons(ten_dlc_campaign(campaignInfo__campaignName=""), "campaignInfo.campaignName") == ""
    toll_free = structure_reasons(
        registration(messagingUseCase__optInDescription=""), "messagingUseCase.optInDescription"
    )
    assert reasons.AWS_OPT_IN_MISSING in toll_free and toll_free.endswith(reasons.AWS_OVERALL)
    (sg,) = load_case(CORPUS / "ok-sg-sender-id.yaml").registrations
    empty = RegistrationInput(sg.name, sg.registration_type, {**sg.fields, "messageSamples.messageSample1": ""})
    assert structure_reasons(empty, "messageSamples.messageSample1") == ""


def test_a_toll_free_rule_reading_another_type_cites_no_toll_free_rejection() -> None:
    """The contact rules read a Singapore sender ID's contact fields too; the Sinch row they cite for toll-free
    is not what a Singapore review rejects with, so the finding cites no row and says so when rendered."""
    (sg,) = load_case(CORPUS / "ok-sg-sender-id.yaml").registrations
    bad = RegistrationInput(sg.name, sg.registration_type, {**sg.fields, "contactInfo.firstName": "Admin"})
    report = lint_registration(bad)
    [finding] = report.findings
    assert (finding.rule, finding.reason) == ("TFN-CONTACT-NAME", "")
    assert f"prevents: {NO_TABLE_ROW}" in report.render_text()
    toll_free = lint_registration(registration(contactInfo__firstName="Admin")).findings
    assert [f.reason for f in toll_free if f.rule == "TFN-CONTACT-NAME"] == [reasons.SINCH_CONTACT_NAME]
