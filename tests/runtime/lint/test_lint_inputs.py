"""registration_input_from_mapping accepts config entries, flat maps and DescribeRegistrationFieldValues."""

from __future__ import annotations

import pathlib

import pytest
from support.lint_samples import BRAND_FIELDS, CAMPAIGN_FIELDS, FIELDS

from sms_runtime.lint import (
    LintInputError,
    lint_registration,
    registration_input_from_mapping,
    suppressions_from_mapping,
)


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


def _gif_and_fields(tmp_path: pathlib.Path) -> dict[str, object]:
    (tmp_path / "shots").mkdir()
    (tmp_path / "shots" / "optin.gif").write_bytes(b"GIF89a" + b"\x00" * 2000)
    fields: dict[str, object] = dict(FIELDS)
    fields["messagingUseCase.optInImage"] = "shots/optin.gif"
    return fields


def test_a_flat_map_naming_a_file_next_to_it_gets_the_config_entrys_verdict(tmp_path: pathlib.Path) -> None:
    """Same registration, two forms: the flat map's attachment file is read and checked too (issue 18)."""
    fields = _gif_and_fields(tmp_path)
    entry = {
        "name": "bp",
        "type": "US_TOLL_FREE_REGISTRATION",
        "fields": {path: value for path, value in fields.items() if path != "messagingUseCase.optInImage"},
        "attachments": {"messagingUseCase.optInImage": "shots/optin.gif"},
    }
    from_entry = lint_registration(registration_input_from_mapping(entry, name="bp", base_dir=tmp_path))
    from_flat = lint_registration(registration_input_from_mapping(fields, name="bp", base_dir=tmp_path))
    assert from_flat.findings == from_entry.findings
    assert {(f.rule, f.field) for f in from_flat.findings} == {("TFN-ATTACH-FORMAT", "messagingUseCase.optInImage")}


def test_a_flat_map_attachment_id_stays_a_reference_and_a_missing_file_is_an_input_error(
    tmp_path: pathlib.Path,
) -> None:
    fields = {**FIELDS, "messagingUseCase.optInImage": "attachment-0a1b2c"}
    report = lint_registration(registration_input_from_mapping(fields, name="bp", base_dir=tmp_path))
    assert [(f.rule, f.severity) for f in report.findings] == [("TFN-ATTACH-UNCHECKED", "info")]
    with pytest.raises(LintInputError) as caught:
        registration_input_from_mapping(
            {**FIELDS, "messagingUseCase.optInImage": "gone.png"}, name="bp", base_dir=tmp_path
        )
    assert caught.value.path == "messagingUseCase.optInImage"
    with pytest.raises(LintInputError, match="outside"):
        registration_input_from_mapping(
            {**FIELDS, "messagingUseCase.optInImage": "../x.png"}, name="bp", base_dir=tmp_path
        )


def test_a_flat_map_takes_the_type_whose_field_paths_it_matches() -> None:
    assert registration_input_from_mapping(CAMPAIGN_FIELDS, name="c").registration_type == (
        "US_TEN_DLC_CAMPAIGN_REGISTRATION"
    )
    assert registration_input_from_mapping(BRAND_FIELDS, name="b").registration_type == "US_TEN_DLC_BRAND_REGISTRATION"
    assert registration_input_from_mapping(FIELDS, name="t").registration_type == "US_TOLL_FREE_REGISTRATION"
