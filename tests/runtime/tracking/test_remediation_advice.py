"""Denial reasons -> seed-table row, the lint's fixes, and the fields those rules flag (real lint, real data)."""

from __future__ import annotations

from fakes.samples import TFN_FIELDS

from sms_runtime.tracking.config_keys import ConfigEntry, ConfigIndex
from sms_runtime.tracking.remediation import advice_for
from sms_runtime.tracking.snapshot import DeniedReason

TFN = "US_TOLL_FREE_REGISTRATION"


def test_aws_short_description_matches_its_row_and_names_the_flagged_field() -> None:
    fields = {**TFN_FIELDS, "messagingUseCase.optInDescription": TFN_FIELDS["messagingUseCase.optInDescription"]
              + " We may share your number with our marketing partners."}  # fmt: skip
    advice = advice_for(DeniedReason("X", "Non Compliant Opt In Third Party"), TFN, fields)
    assert advice.seed_row == "AWS: Non Compliant Opt In Third Party"
    assert [rule for rule, _ in advice.fixes] == ["TFN-OPTIN-THIRD-PARTY"]
    assert advice.fields == ("messagingUseCase.optInDescription",)


def test_a_tail_of_a_sinch_row_matches_but_a_short_word_does_not() -> None:
    assert (
        advice_for(DeniedReason("Public URL Shortener"), TFN, None).seed_row
        == "Sinch: High Risk - Public URL Shortener"
    )
    assert advice_for(DeniedReason("Shortener"), TFN, None).seed_row == ""


def test_rows_the_lint_cannot_check_say_why() -> None:
    advice = advice_for(DeniedReason("Known Spam Campaign"), TFN, None)
    assert advice.seed_row == "Twilio: Known Spam Campaign" and advice.fixes == ()


def test_unknown_reasons_give_no_invented_advice() -> None:
    advice = advice_for(DeniedReason("SOMETHING_NEW", "A reason no table lists"), TFN, TFN_FIELDS)
    assert (advice.seed_row, advice.fixes, advice.fields) == ("", (), ())


def test_attachment_fields_map_to_the_attachments_section_of_the_config() -> None:
    entry = ConfigEntry("east", 3, frozenset({"messagingUseCase.optInImage"}))
    assert entry.key_for("messagingUseCase.optInImage") == "registrations[3].attachments.messagingUseCase.optInImage"
    assert entry.key_for("contactInfo.supportEmail") == "registrations[3].fields.contactInfo.supportEmail"


def test_registration_found_by_logical_id_tag_prefers_the_longest_config_name() -> None:
    index = ConfigIndex.from_json("config/prod.yaml", '{"east": {"index": 0}, "harborline-east": {"index": 1}}')
    entry = index.entry("registration-1", {"sms-estate:logical-id": "RegistrationharborlineeastB026B0AA"})
    assert entry is not None and entry.name == "harborline-east"
    assert index.entry("registration-2", {"Name": "Unrelated"}) is None
