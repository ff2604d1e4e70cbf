"""registration_input_from_mapping accepts config entries, flat maps and DescribeRegistrationFieldValues."""

from __future__ import annotations

import pathlib

import pytest

from sms_runtime.lint import LintInputError, registration_input_from_mapping, suppressions_from_mapping


def test_flat_map_becomes_fields_with_the_default_type() -> None:
    reg = registration_input_from_mapping({"companyInfo.city": "Stockton", "x.vol": 1000}, name="flat")
    assert (reg.name, reg.registration_type) == ("flat", "US_TOLL_FREE_REGISTRATION")
    assert reg.fields == {"companyInfo.city": "Stockton", "x.vol": "1000"}


def test_describe_registration_field_values_export_is_read_by_value_kind() -> None:
    export = {
        "RegistrationId": "registration-0a1b",
        "RegistrationFieldValues": [
            {"FieldPath": "companyInfo.city", "TextValue": "Stockton"},
            {"FieldPath": "messagingUseCase.monthlyMessageVolume", "SelectChoices": ["1,000"]},
            {"FieldPath": "messagingUseCase.optInImage", "RegistrationAttachmentId": "attachment-9"},
        ],
    }
    reg = registration_input_from_mapping(export, name="ignored")
    assert reg.name == "registration-0a1b"
    assert reg.fields == {
        "companyInfo.city": "Stockton",
        "messagingUseCase.monthlyMessageVolume": ["1,000"],
        "messagingUseCase.optInImage": "attachment-9",
    }
    assert reg.attachments == {}


def test_config_entry_reads_attachment_size_and_head(tmp_path: pathlib.Path) -> None:
    (tmp_path / "att").mkdir()
    (tmp_path / "att" / "optin.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 100_000)
    entry = {
        "name": "bp",
        "type": "US_TOLL_FREE_REGISTRATION",
        "phone_numbers": ["n1", "n2"],
        "justification": "two desks",
        "fields": {"companyInfo.city": "Stockton"},
        "attachments": {"messagingUseCase.optInImage": "att/optin.png"},
    }
    reg = registration_input_from_mapping(entry, name="file", base_dir=tmp_path)
    info = reg.attachments["messagingUseCase.optInImage"]
    assert (info.file_name, info.size_bytes, len(info.head)) == ("optin.png", 100_008, 65536)
    assert reg.fields["messagingUseCase.optInImage"] == "att/optin.png"
    assert (reg.name, reg.number_count, reg.phone_numbers, reg.justification) == ("bp", 2, ("n1", "n2"), "two desks")


def test_missing_attachment_file_is_an_input_error_naming_the_field(tmp_path: pathlib.Path) -> None:
    entry = {"fields": {}, "attachments": {"messagingUseCase.optInImage": "nope.png"}}
    with pytest.raises(LintInputError) as caught:
        registration_input_from_mapping(entry, name="x", base_dir=tmp_path)
    assert caught.value.path == "attachments.messagingUseCase.optInImage"


@pytest.mark.parametrize("value", [True, None, {"a": 1}, [["nested"]]])
def test_values_that_are_neither_text_nor_choices_are_input_errors(value: object) -> None:
    with pytest.raises(LintInputError, match=r"companyInfo\.city"):
        registration_input_from_mapping({"fields": {"companyInfo.city": value}}, name="x")


def test_suppressions_are_read_and_short_reasons_rejected() -> None:
    ok = {
        "lint_suppressions": [{"rule": "TFN-VOLUME-IMPLAUSIBLE", "reason": "Confirmed with the carrier, ticket 1234"}]
    }
    assert [s.rule for s in suppressions_from_mapping(ok)] == ["TFN-VOLUME-IMPLAUSIBLE"]
    with pytest.raises(LintInputError, match=r"lint_suppressions\[0\]"):
        suppressions_from_mapping({"lint_suppressions": [{"rule": "TFN-VOLUME-IMPLAUSIBLE", "reason": "ok"}]})
