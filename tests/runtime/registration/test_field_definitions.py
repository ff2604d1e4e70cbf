"""The shared field-definition validator: the shipped snapshot, its conditional rules and every problem code."""

from __future__ import annotations

import json
import pathlib

import pytest

from sms_runtime.registration.field_definitions import (
    FieldProblem,
    FieldValue,
    RegistrationTypeDefinition,
    UnknownRegistrationTypeError,
    available_registration_types,
    load_snapshot,
    load_snapshot_file,
    normalize_values,
    snapshot_path,
    validate_field_values,
    write_snapshot,
)

TFN = "US_TOLL_FREE_REGISTRATION"

COMPLETE: dict[str, FieldValue] = {
    "companyInfo.companyName": "Harborview Bakery LLC",
    "companyInfo.website": "https://harborviewbakery.example",
    "companyInfo.address1": "12 Pier Road",
    "companyInfo.city": "Portland",
    "companyInfo.state": "ME",
    "companyInfo.zipCode": "04101",
    "companyInfo.isoCountryCode": "US",
    "companyInfo.businessType": "PRIVATE_PROFIT",
    "companyInfo.taxId": "12-3456789",
    "companyInfo.taxIdAuthority": "EIN",
    "companyInfo.taxIdCountry": "US",
    "contactInfo.firstName": "Maren",
    "contactInfo.lastName": "Solvik",
    "contactInfo.supportEmail": "help@harborviewbakery.example",
    "contactInfo.supportPhoneNumber": "+12075550100",
    "messagingUseCase.monthlyMessageVolume": "1,000",
    "messagingUseCase.useCaseCategory": "ACCOUNT_NOTIFICATIONS",
    "messagingUseCase.optInType": "DIGITAL_FORM",
    "messagingUseCase.optInDescription": "Customers tick an unchecked SMS box at checkout.",
    "messagingUseCase.privacyPolicyUrl": "https://harborviewbakery.example/privacy",
    "messagingUseCase.termsAndConditionsUrl": "https://harborviewbakery.example/sms-terms",
    "messageSamples.messageSample1": "Harborview Bakery: your order is ready. Reply STOP to opt out.",
}


def _page(*items: dict[str, object]) -> dict[str, object]:
    return {"RegistrationType": "T", "RegistrationFieldDefinitions": list(items)}


def _text(path: str, requirement: str = "OPTIONAL", **validation: object) -> dict[str, object]:
    item: dict[str, object] = {"FieldPath": path, "FieldType": "TEXT", "FieldRequirement": requirement}
    if validation:
        item["TextValidation"] = validation
    return item


def _codes(problems: list[FieldProblem]) -> set[tuple[str, str]]:
    return {(p.field, p.code) for p in problems}


def test_snapshot_ships_the_toll_free_type_with_2026_required_urls() -> None:
    definition = load_snapshot(TFN)
    assert TFN in available_registration_types()
    assert definition.fields["messagingUseCase.privacyPolicyUrl"].requirement == "REQUIRED"
    assert definition.fields["messagingUseCase.termsAndConditionsUrl"].requirement == "REQUIRED"
    assert definition.fields["messagingUseCase.useCaseDetails"].max_length == 500
    assert definition.fields["messagingUseCase.optInDescription"].max_length == 1500
    assert definition.fields["companyInfo.address2"].requirement == "OPTIONAL"
    assert "reconstructed" in definition.snapshot_info["Source"].lower()


def test_snapshot_volume_options_are_exactly_the_documented_list() -> None:
    volume = load_snapshot(TFN).fields["messagingUseCase.monthlyMessageVolume"]
    assert volume.options == (
        "10", "100", "1,000", "10,000", "100,000", "250,000",
        "500,000", "750,000", "1,000,000", "5,000,000", "10,000,000+",
    )  # fmt: skip


def test_snapshot_file_has_the_api_response_shape() -> None:
    document = json.loads(snapshot_path(TFN).read_text(encoding="utf-8"))
    assert set(document) == {
        "RegistrationType",
        "RegistrationFieldDefinitions",
        "RegistrationTypeDefinition",
        "SnapshotInfo",
    }
    assert set(document["SnapshotInfo"]) == {"Source", "TakenOn", "Note"}
    allowed = {
        "SectionPath", "FieldPath", "FieldType", "FieldRequirement",
        "TextValidation", "SelectValidation", "DisplayHints", "ConditionalBehavior",
    }  # fmt: skip
    for item in document["RegistrationFieldDefinitions"]:
        assert set(item) <= allowed, item["FieldPath"]


def test_unknown_registration_type_names_the_known_ones() -> None:
    with pytest.raises(UnknownRegistrationTypeError, match=TFN):
        load_snapshot("US_TEN_DLC_NOPE")


def test_registration_type_with_path_characters_is_refused() -> None:
    with pytest.raises(UnknownRegistrationTypeError):
        snapshot_path("../secrets")


def test_complete_toll_free_values_have_no_problems() -> None:
    assert validate_field_values(load_snapshot(TFN), COMPLETE) == []


def test_missing_required_field_is_reported() -> None:
    values = {k: v for k, v in COMPLETE.items() if k != "messagingUseCase.privacyPolicyUrl"}
    problems = validate_field_values(load_snapshot(TFN), values)
    assert _codes(problems) == {("messagingUseCase.privacyPolicyUrl", "missing-required")}


def test_empty_string_counts_as_missing() -> None:
    values = {**COMPLETE, "contactInfo.lastName": ""}
    assert _codes(validate_field_values(load_snapshot(TFN), values)) == {("contactInfo.lastName", "missing-required")}


def test_use_case_details_required_only_for_other_category() -> None:
    definition = load_snapshot(TFN)
    assert "messagingUseCase.useCaseDetails" not in definition.required_fields(COMPLETE)
    other = {**COMPLETE, "messagingUseCase.useCaseCategory": ["OTHER"]}
    assert "messagingUseCase.useCaseDetails" in definition.required_fields(other)
    assert _codes(validate_field_values(definition, other)) == {("messagingUseCase.useCaseDetails", "missing-required")}


def test_opt_in_image_required_for_paper_forms() -> None:
    paper = {**COMPLETE, "messagingUseCase.optInType": "PAPER_FORM"}
    assert ("messagingUseCase.optInImage", "missing-required") in _codes(
        validate_field_values(load_snapshot(TFN), paper)
    )


def test_sole_proprietor_needs_no_tax_id() -> None:
    values = {k: v for k, v in COMPLETE.items() if not k.startswith("companyInfo.taxId")}
    assert validate_field_values(load_snapshot(TFN), values) != []
    values["companyInfo.businessType"] = "SOLE_PROPRIETOR"
    assert validate_field_values(load_snapshot(TFN), values) == []


def test_unknown_field_is_reported() -> None:
    values = {**COMPLETE, "companyInfo.dbaName": "Harborview"}
    assert _codes(validate_field_values(load_snapshot(TFN), values)) == {("companyInfo.dbaName", "unknown-field")}


def test_text_over_the_cap_is_too_long() -> None:
    values = {**COMPLETE, "messagingUseCase.optInDescription": "x" * 1501}
    problems = validate_field_values(load_snapshot(TFN), values)
    assert _codes(problems) == {("messagingUseCase.optInDescription", "too-long")}
    assert "1501" in problems[0].message


def test_text_under_the_minimum_is_too_short() -> None:
    values = {**COMPLETE, "companyInfo.isoCountryCode": "U"}
    assert ("companyInfo.isoCountryCode", "too-short") in _codes(validate_field_values(load_snapshot(TFN), values))


def test_whitespace_only_text_fails_the_api_pattern() -> None:
    values = {**COMPLETE, "companyInfo.city": "   "}
    assert _codes(validate_field_values(load_snapshot(TFN), values)) == {("companyInfo.city", "pattern-mismatch")}


def test_select_value_outside_options_is_not_an_option() -> None:
    values = {**COMPLETE, "messagingUseCase.monthlyMessageVolume": "1000"}
    assert _codes(validate_field_values(load_snapshot(TFN), values)) == {
        ("messagingUseCase.monthlyMessageVolume", "not-an-option")
    }


def test_two_choices_for_a_single_choice_select_is_a_choice_count_problem() -> None:
    values = {**COMPLETE, "messagingUseCase.monthlyMessageVolume": ["10", "100"]}
    assert _codes(validate_field_values(load_snapshot(TFN), values)) == {
        ("messagingUseCase.monthlyMessageVolume", "choice-count")
    }


def test_list_for_a_text_field_is_the_wrong_kind() -> None:
    values: dict[str, str | list[str]] = {**COMPLETE, "companyInfo.city": ["Portland"]}
    assert _codes(validate_field_values(load_snapshot(TFN), values)) == {("companyInfo.city", "wrong-kind")}


def test_list_for_an_attachment_field_is_the_wrong_kind() -> None:
    values: dict[str, str | list[str]] = {**COMPLETE, "messagingUseCase.optInImage": ["a.png"]}
    assert _codes(validate_field_values(load_snapshot(TFN), values)) == {("messagingUseCase.optInImage", "wrong-kind")}


def test_normalize_turns_a_bare_select_string_into_a_list_and_strips_nothing() -> None:
    definition = load_snapshot(TFN)
    values = {"messagingUseCase.monthlyMessageVolume": "10", "companyInfo.city": " Portland "}
    assert normalize_values(values, definition) == {
        "messagingUseCase.monthlyMessageVolume": ["10"],
        "companyInfo.city": " Portland ",
    }
    assert normalize_values(values) == values


def test_uncompilable_pattern_is_skipped_not_a_crash() -> None:
    definition = RegistrationTypeDefinition.from_api_pages("T", [_page(_text("a.b", Pattern="(?<name"))])
    assert validate_field_values(definition, {"a.b": "anything"}) == []


def test_javascript_style_pattern_is_searched_like_regexp_test() -> None:
    definition = RegistrationTypeDefinition.from_api_pages("T", [_page(_text("a.b", Pattern=r"\d{3}"))])
    assert validate_field_values(definition, {"a.b": "code 123 here"}) == []
    assert _codes(validate_field_values(definition, {"a.b": "none"})) == {("a.b", "pattern-mismatch")}


def test_pages_are_merged_in_order() -> None:
    definition = RegistrationTypeDefinition.from_api_pages(
        "T", [_page(_text("a.one", "REQUIRED")), _page(_text("a.two"))]
    )
    assert list(definition.fields) == ["a.one", "a.two"]
    assert definition.required_fields({}) == {"a.one"}


def test_condition_on_a_field_the_definition_lacks_reads_it_as_empty_and_is_reported() -> None:
    behavior = {
        "Rules": [
            {"Conditions": [{"DependsOnFieldPath": "a.missing", "Operator": "NO_VALUE"}], "RuleBehavior": "REQUIRED"}
        ],
        "DefaultBehavior": "OPTIONAL",
    }
    definition = RegistrationTypeDefinition.from_api_pages(
        "T", [_page({**_text("a.b", "CONDITIONAL"), "ConditionalBehavior": behavior})]
    )
    assert definition.dangling_dependencies() == {"a.b": {"a.missing"}}
    assert definition.required_fields({}) == {"a.b"}


def test_problems_are_sorted_by_field_then_code() -> None:
    problems = validate_field_values(load_snapshot(TFN), {"zzz.unknown": "1", "aaa.unknown": "2"})
    assert problems == sorted(problems)
    assert problems[0].field == "aaa.unknown"


def test_write_snapshot_round_trips_conditional_behavior_as_the_api_returned_it(tmp_path: pathlib.Path) -> None:
    behavior = {
        "Rules": [
            {
                "Conditions": [{"DependsOnFieldPath": "a.c", "Operator": "IN", "Values": ["Y"]}],
                "RuleBehavior": "REQUIRED",
                "ConditionalValidation": {"MaxLength": 5},
            }
        ],
        "DefaultBehavior": "DISALLOWED",
    }
    conditional = {**_text("a.b", "CONDITIONAL"), "ConditionalBehavior": behavior}
    pages = [_page(conditional), _page({**_text("a.c"), "FieldType": "SELECT"})]
    path = write_snapshot("T", pages, taken_on="2026-11-25", source="test", directory=tmp_path)
    assert path == tmp_path / "T.json"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["T.json"]
    written = json.loads(path.read_text(encoding="utf-8"))
    assert written["RegistrationFieldDefinitions"][0]["ConditionalBehavior"] == behavior
    loaded = load_snapshot_file(path)
    assert loaded.snapshot_info["TakenOn"] == "2026-11-25"
    assert "ConditionalBehavior" in loaded.snapshot_info["Note"]
    assert loaded.required_fields({"a.c": ["Y"]}) == {"a.b"}
    assert loaded.disallowed_fields({"a.c": ["N"]}) == {"a.b"}


def test_write_snapshot_refuses_a_malformed_page(tmp_path: pathlib.Path) -> None:
    with pytest.raises(ValueError, match="FieldType"):
        write_snapshot("T", [_page({"FieldPath": "a.b"})], taken_on="x", source="y", directory=tmp_path)
    assert not (tmp_path / "T.json").exists()
