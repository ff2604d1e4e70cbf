"""``ConditionalBehavior`` as the API states it: parsing, every operator, first match, default, overrides.

The rules are read from API-shaped pages (the snapshot is one), so each test builds the page a real
``DescribeRegistrationFieldDefinitions`` could return and checks what ``validate_field_values`` makes
of it. The live path is checked through the fake SMS API behind real botocore.
"""

from __future__ import annotations

import gzip
import json
import pathlib
from typing import Any

import aws_cdk as cdk
import botocore
import pytest
from botocore.validate import ParamValidator
from fakes.aws import FakeAws
from fakes.samples import TFN_FIELDS

from sms_estate.registrations import SmsRegistration
from sms_runtime.registration import live_rules
from sms_runtime.registration.field_definitions import (
    BEHAVIORS,
    OPERATORS,
    DefinitionFormatError,
    FieldProblem,
    FieldValue,
    RegistrationTypeDefinition,
    available_registration_types,
    load_snapshot,
    snapshot_path,
    validate_field_values,
)

TFN = "US_TOLL_FREE_REGISTRATION"
DEP = "s.kind"  # the dependency: a select field
TEXT_DEP = "s.note"  # a text dependency
TARGET = "s.target"  # the conditional field under test
SECRET = "do-not-echo-4242"  # a value no problem message may contain


def _condition(operator: str, values: list[str] | None = None, on: str = DEP) -> dict[str, Any]:
    condition: dict[str, Any] = {"DependsOnFieldPath": on, "Operator": operator}
    if values is not None:
        condition["Values"] = values
    return condition


def _rule(behavior: str, *conditions: dict[str, Any], **validation: Any) -> dict[str, Any]:
    rule: dict[str, Any] = {"Conditions": list(conditions), "RuleBehavior": behavior}
    if validation:
        rule["ConditionalValidation"] = validation
    return rule


def _definition(
    rules: list[dict[str, Any]], default: str = "OPTIONAL", *, target_type: str = "TEXT"
) -> RegistrationTypeDefinition:
    target: dict[str, Any] = {
        "SectionPath": "s",
        "FieldPath": TARGET,
        "FieldType": target_type,
        "FieldRequirement": "CONDITIONAL",
        "DisplayHints": {"Title": "Target", "ShortDescription": "the field under test"},
        "ConditionalBehavior": {"Rules": rules, "DefaultBehavior": default},
    }
    if target_type == "TEXT":
        target["TextValidation"] = {"MinLength": 1, "MaxLength": 50, "Pattern": "^[\\s\\S]+$"}
    else:
        target["SelectValidation"] = {"MinChoices": 1, "MaxChoices": 1, "Options": ["A", "B", "C"]}
    kind = {
        "SectionPath": "s",
        "FieldPath": DEP,
        "FieldType": "SELECT",
        "FieldRequirement": "OPTIONAL",
        "SelectValidation": {"MinChoices": 0, "MaxChoices": 2, "Options": ["X", "Y", "Z"]},
        "DisplayHints": {"Title": "Kind", "ShortDescription": "the dependency"},
    }
    note = {
        "SectionPath": "s",
        "FieldPath": TEXT_DEP,
        "FieldType": "TEXT",
        "FieldRequirement": "OPTIONAL",
        "TextValidation": {"MinLength": 1, "MaxLength": 50, "Pattern": "^[\\s\\S]+$"},
        "DisplayHints": {"Title": "Note", "ShortDescription": "a text dependency"},
    }
    page = {"RegistrationType": "T", "RegistrationFieldDefinitions": [kind, note, target]}
    _require_api_shape(page)  # every page these tests use is one the real API could return
    return RegistrationTypeDefinition.from_api_pages("T", [page])


def _codes(problems: list[FieldProblem]) -> set[tuple[str, str]]:
    return {(p.field, p.code) for p in problems}


def _output_shape() -> Any:
    model = botocore.session.get_session().get_service_model("pinpoint-sms-voice-v2")
    return model.operation_model("DescribeRegistrationFieldDefinitions").output_shape


def _require_api_shape(answer: dict[str, Any]) -> None:
    report = ParamValidator().validate(answer, _output_shape())
    assert not report.has_errors(), report.generate_report()


# ----- operators -------------------------------------------------------------------------------

# (operator, Values, dependency value (None: absent), holds)
OPERATOR_CASES: list[tuple[str, list[str] | None, FieldValue | None, bool]] = [
    ("EQUALS", ["X"], ["X"], True),
    ("EQUALS", ["X"], "X", True),  # a bare string is a one-choice select
    ("EQUALS", ["X"], ["Y"], False),
    ("EQUALS", ["X"], ["X", "Y"], False),  # equal means the same choices, not one of them
    ("EQUALS", ["X"], None, False),
    ("NOT_EQUALS", ["X"], ["Y"], True),
    ("NOT_EQUALS", ["X"], ["X"], False),
    ("NOT_EQUALS", ["X"], None, True),  # an absent value equals nothing
    ("IN", ["X", "Z"], ["Z"], True),
    ("IN", ["X", "Z"], ["Y", "Z"], True),  # any choice in Values
    ("IN", ["X", "Z"], ["Y"], False),
    ("IN", ["X", "Z"], None, False),
    ("NOT_IN", ["X", "Z"], ["Y"], True),
    ("NOT_IN", ["X", "Z"], ["Y", "Z"], False),
    ("NOT_IN", ["X", "Z"], None, True),
    ("HAS_VALUE", None, ["Y"], True),
    ("HAS_VALUE", None, None, False),
    ("HAS_VALUE", None, [], False),  # an empty choice list is no value
    ("NO_VALUE", None, None, True),
    ("NO_VALUE", None, [], True),
    ("NO_VALUE", None, ["X"], False),
]


@pytest.mark.parametrize(("operator", "values", "current", "holds"), OPERATOR_CASES)
def test_every_operator_on_a_select_dependency(
    operator: str, values: list[str] | None, current: FieldValue | None, holds: bool
) -> None:
    definition = _definition([_rule("REQUIRED", _condition(operator, values))])
    given: dict[str, FieldValue] = {} if current is None else {DEP: current}
    assert (TARGET in definition.required_fields(given)) is holds
    expected = {(TARGET, "missing-required")} if holds else set()
    assert _codes(validate_field_values(definition, given)) == expected


def test_the_operators_tested_are_exactly_the_models() -> None:
    assert {case[0] for case in OPERATOR_CASES} == set(OPERATORS)
    documented = _output_shape().members["RegistrationFieldDefinitions"].member.members
    operator_doc = documented["ConditionalBehavior"].members["Rules"].member.members["Conditions"]
    text = operator_doc.member.members["Operator"].documentation
    assert all(f"<b>{op}</b>" in text for op in OPERATORS)


@pytest.mark.parametrize(
    ("operator", "values", "current", "holds"),
    [
        ("EQUALS", ["hello"], "hello", True),
        ("EQUALS", ["hello"], "Hello", False),  # exact, as the API compares
        ("IN", ["a", "b"], "b", True),
        ("NOT_IN", ["a", "b"], "c", True),
        ("HAS_VALUE", None, "", False),  # an empty string is no value
        ("NO_VALUE", None, "", True),
    ],
)
def test_operators_on_a_text_dependency(operator: str, values: list[str] | None, current: str, holds: bool) -> None:
    definition = _definition([_rule("REQUIRED", _condition(operator, values, on=TEXT_DEP))])
    assert (TARGET in definition.required_fields({TEXT_DEP: current})) is holds


def test_unknown_operator_is_false_so_its_rule_is_skipped() -> None:
    # The model: "Operators not in this list are treated as evaluating to false".
    definition = _definition(
        [_rule("DISALLOWED", _condition("STARTS_WITH", ["X"])), _rule("REQUIRED", _condition("HAS_VALUE"))]
    )
    assert definition.resolve(TARGET, {DEP: ["X"]}).rule_number == 2
    behavior = definition.fields[TARGET].conditional
    assert behavior is not None and behavior.unknown_terms() == ("STARTS_WITH",)


def test_unknown_behavior_neither_requires_nor_forbids() -> None:
    definition = _definition([_rule("RECOMMENDED", _condition("HAS_VALUE"))])
    assert validate_field_values(definition, {DEP: ["X"]}) == []
    assert validate_field_values(definition, {DEP: ["X"], TARGET: "text"}) == []


# ----- rule order, AND, default ------------------------------------------------------------------


def test_first_matching_rule_decides_even_when_a_later_one_also_matches() -> None:
    definition = _definition(
        [_rule("OPTIONAL", _condition("EQUALS", ["X"])), _rule("REQUIRED", _condition("HAS_VALUE"))]
    )
    assert validate_field_values(definition, {DEP: ["X"]}) == []  # rule 1 (optional) wins
    problems = validate_field_values(definition, {DEP: ["Y"]})  # rule 1 skipped, rule 2 requires
    assert _codes(problems) == {(TARGET, "missing-required")}
    assert "(conditional rule 2)" in problems[0].message
    assert "s.kind is set" in problems[0].message


def test_conditions_of_one_rule_are_all_required() -> None:
    both = _rule("REQUIRED", _condition("IN", ["X", "Y"]), _condition("HAS_VALUE", on=TEXT_DEP))
    definition = _definition([both])
    assert TARGET not in definition.required_fields({DEP: ["X"]})
    assert TARGET not in definition.required_fields({TEXT_DEP: "note"})
    assert TARGET in definition.required_fields({DEP: ["X"], TEXT_DEP: "note"})
    [problem] = validate_field_values(definition, {DEP: ["X"], TEXT_DEP: "note"})
    assert "when s.kind is one of X, Y and s.note is set (conditional rule 1)" in problem.message


@pytest.mark.parametrize(
    ("default", "value", "expected"),
    [
        ("REQUIRED", None, {(TARGET, "missing-required")}),
        ("REQUIRED", "filled", set()),
        ("OPTIONAL", None, set()),
        ("OPTIONAL", "filled", set()),
        ("DISALLOWED", None, set()),
        ("DISALLOWED", "filled", {(TARGET, "disallowed")}),
    ],
)
def test_default_behavior_applies_when_no_rule_matches(
    default: str, value: str | None, expected: set[tuple[str, str]]
) -> None:
    definition = _definition([_rule("OPTIONAL", _condition("EQUALS", ["Z"]))], default)
    values: dict[str, FieldValue] = {DEP: ["X"]} | ({TARGET: value} if value else {})
    problems = validate_field_values(definition, values)
    assert _codes(problems) == expected
    assert all("no conditional rule matches (DefaultBehavior)" in p.message for p in problems)


def test_every_behavior_of_the_model_is_handled() -> None:
    shapes = _output_shape().members["RegistrationFieldDefinitions"].member.members
    text = shapes["ConditionalBehavior"].members["DefaultBehavior"].documentation
    assert all(f"<b>{behavior}</b>" in text for behavior in BEHAVIORS)


# ----- DISALLOWED ----------------------------------------------------------------------------------


def test_disallowed_value_is_a_problem_that_names_field_and_rule_but_not_the_value() -> None:
    definition = _definition([_rule("DISALLOWED", _condition("EQUALS", ["Y"]))], "REQUIRED")
    [problem] = validate_field_values(definition, {DEP: "Y", TARGET: SECRET})
    assert (problem.field, problem.code) == (TARGET, "disallowed")
    assert problem.message == "Target must not be set when s.kind is Y (conditional rule 1)"
    assert definition.disallowed_fields({DEP: "Y"}) == {TARGET}
    assert validate_field_values(definition, {DEP: "Y"}) == []  # leaving it empty is right
    assert validate_field_values(definition, {DEP: "X", TARGET: SECRET}) == []  # the default allows it


def test_disallowed_value_is_not_also_checked_for_length() -> None:
    definition = _definition([_rule("DISALLOWED", _condition("HAS_VALUE"))])
    assert _codes(validate_field_values(definition, {DEP: "X", TARGET: "x" * 80})) == {(TARGET, "disallowed")}


# ----- ConditionalValidation -------------------------------------------------------------------------


def test_conditional_validation_overrides_lengths_and_pattern_only_when_its_rule_fires() -> None:
    definition = _definition(
        [_rule("REQUIRED", _condition("EQUALS", ["X"]), MinLength=5, MaxLength=8, Pattern="^[0-9]+$")]
    )
    fired = {DEP: ["X"]}
    assert validate_field_values(definition, {**fired, TARGET: "12345"}) == []
    assert _codes(validate_field_values(definition, {**fired, TARGET: "1234"})) == {(TARGET, "too-short")}
    assert _codes(validate_field_values(definition, {**fired, TARGET: "123456789"})) == {(TARGET, "too-long")}
    problems = validate_field_values(definition, {**fired, TARGET: "12a45"})
    assert _codes(problems) == {(TARGET, "pattern-mismatch")}
    assert problems[0].message.endswith("when s.kind is X (conditional rule 1)")
    # Not fired: the field's own validation (1..50 characters, any text) applies.
    assert validate_field_values(definition, {DEP: ["Y"], TARGET: "abc"}) == []
    assert _codes(validate_field_values(definition, {DEP: ["Y"], TARGET: "x" * 51})) == {(TARGET, "too-long")}


def test_conditional_validation_keeps_the_members_it_does_not_state() -> None:
    definition = _definition([_rule("OPTIONAL", _condition("HAS_VALUE"), MaxLength=3)])
    assert _codes(validate_field_values(definition, {DEP: "X", TARGET: "abcd"})) == {(TARGET, "too-long")}
    assert _codes(validate_field_values(definition, {DEP: "X", TARGET: "\n"})) == set()  # own pattern kept


def test_conditional_allowed_values_narrow_a_select_without_quoting_the_choice() -> None:
    definition = _definition(
        [_rule("REQUIRED", _condition("EQUALS", ["X"]), AllowedValues=["A"])], target_type="SELECT"
    )
    assert validate_field_values(definition, {DEP: "X", TARGET: "A"}) == []
    [problem] = validate_field_values(definition, {DEP: "X", TARGET: "B"})
    assert (problem.field, problem.code) == (TARGET, "not-an-option")
    assert problem.message == "Target: its choice is not one of: A when s.kind is X (conditional rule 1)"
    assert validate_field_values(definition, {DEP: "Y", TARGET: "B"}) == []  # full option list again


def test_no_problem_message_quotes_a_value() -> None:
    definition = _definition(
        [_rule("REQUIRED", _condition("EQUALS", ["X"]), MaxLength=3, Pattern="^[0-9]+$")],
    )
    problems = validate_field_values(definition, {DEP: "X", TARGET: SECRET})
    assert {p.code for p in problems} == {"too-long", "pattern-mismatch"}
    assert all(SECRET not in p.message for p in problems)


# ----- parsing ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("behavior", "message"),
    [
        ({"Rules": []}, "DefaultBehavior"),
        ({"Rules": "nope", "DefaultBehavior": "OPTIONAL"}, "Rules must be a list"),
        ({"Rules": [{"RuleBehavior": "REQUIRED"}], "DefaultBehavior": "OPTIONAL"}, "Conditions is missing"),
        ({"Rules": [{"Conditions": [], "RuleBehavior": "REQUIRED"}], "DefaultBehavior": "OPTIONAL"}, "at least one"),
        (
            {
                "Rules": [{"Conditions": [{"DependsOnFieldPath": DEP}], "RuleBehavior": "REQUIRED"}],
                "DefaultBehavior": "R",
            },
            "Operator",
        ),
        (
            {
                "Rules": [
                    {
                        "Conditions": [_condition("HAS_VALUE")],
                        "RuleBehavior": "REQUIRED",
                        "ConditionalValidation": {"MaxLength": "ten"},
                    }
                ],
                "DefaultBehavior": "OPTIONAL",
            },
            "integers",
        ),
    ],
)
def test_malformed_conditional_behavior_is_refused_naming_the_field(behavior: dict[str, Any], message: str) -> None:
    item = {
        "FieldPath": TARGET,
        "FieldType": "TEXT",
        "FieldRequirement": "CONDITIONAL",
        "ConditionalBehavior": behavior,
    }
    with pytest.raises(DefinitionFormatError, match=message) as raised:
        RegistrationTypeDefinition.from_api_pages("T", [{"RegistrationFieldDefinitions": [item]}])
    assert TARGET in str(raised.value)


def test_a_conditional_field_without_conditional_behavior_is_optional() -> None:
    item = {"FieldPath": TARGET, "FieldType": "TEXT", "FieldRequirement": "CONDITIONAL"}
    definition = RegistrationTypeDefinition.from_api_pages("T", [{"RegistrationFieldDefinitions": [item]}])
    assert definition.required_fields({}) == frozenset()
    assert validate_field_values(definition, {TARGET: "x"}) == []


# ----- the shipped snapshot --------------------------------------------------------------------------


def _snapshot_document() -> dict[str, Any]:
    document: dict[str, Any] = json.loads(snapshot_path(TFN).read_text(encoding="utf-8"))
    return document


@pytest.mark.parametrize("registration_type", available_registration_types())
def test_shipped_snapshot_validates_as_describe_answers_of_the_locked_botocore(registration_type: str) -> None:
    """Both parts of every snapshot are answers the real API could give: the field definitions
    (``DescribeRegistrationFieldDefinitions``) and the type definition with its ``SupportedAssociations``
    (``DescribeRegistrationTypeDefinitions``), enums included."""
    document: dict[str, Any] = json.loads(snapshot_path(registration_type).read_text(encoding="utf-8"))
    type_definition = document["RegistrationTypeDefinition"]
    answer = {k: v for k, v in document.items() if k not in ("SnapshotInfo", "RegistrationTypeDefinition")}
    _require_api_shape(answer)
    model = botocore.session.get_session().get_service_model("pinpoint-sms-voice-v2")
    shape = model.operation_model("DescribeRegistrationTypeDefinitions").output_shape
    report = ParamValidator().validate({"RegistrationTypeDefinitions": [type_definition]}, shape)
    assert not report.has_errors(), report.generate_report()
    assert type_definition["RegistrationType"] == registration_type
    enums = {
        "AssociationBehavior": model.shape_for("RegistrationAssociationBehavior").enum,
        "DisassociationBehavior": model.shape_for("RegistrationDisassociationBehavior").enum,
    }
    for entry in type_definition["SupportedAssociations"]:
        assert all(entry[key] in allowed for key, allowed in enums.items()), entry
    info = document["SnapshotInfo"]
    assert set(info) == {"Source", "TakenOn", "Note"}
    assert "RECONSTRUCTED" in info["Source"] or "refresh-field-definitions" in info["Note"]


def test_the_model_file_itself_has_conditional_behavior() -> None:
    folder = pathlib.Path(botocore.__file__).parent / "data" / "pinpoint-sms-voice-v2"
    [model_file] = folder.glob("*/service-2.json.gz")
    shapes = json.loads(gzip.decompress(model_file.read_bytes()))["shapes"]
    assert shapes["ConditionalBehavior"]["required"] == ["Rules", "DefaultBehavior"]
    assert set(shapes["FieldCondition"]["members"]) == {"DependsOnFieldPath", "Operator", "Values"}


def test_shipped_rules_are_labelled_as_a_reconstruction_and_name_real_fields() -> None:
    definition = load_snapshot(TFN)
    note = definition.snapshot_info["Note"]
    assert "ConditionalBehavior" in note and "RECONSTRUCTED" in note and "not read from an account" in note
    conditional = {path for path, item in definition.fields.items() if item.requirement == "CONDITIONAL"}
    assert {path for path, item in definition.fields.items() if item.conditional is not None} == conditional
    assert definition.dangling_dependencies() == {}
    for item in definition.fields.values():
        assert item.conditional is None or item.conditional.unknown_terms() == (), item.path


def test_no_side_file_of_conditions_is_shipped() -> None:
    shipped = sorted(p.name for p in snapshot_path(TFN).parent.iterdir() if p.is_file())
    assert shipped == sorted(f"{kind}.json" for kind in available_registration_types())


def test_shipped_rules_forbid_tax_fields_for_a_sole_proprietor_and_require_them_otherwise() -> None:
    definition = load_snapshot(TFN)
    tax = {"companyInfo.taxId", "companyInfo.taxIdAuthority", "companyInfo.taxIdCountry"}
    assert definition.disallowed_fields({"companyInfo.businessType": "SOLE_PROPRIETOR"}) == tax
    assert tax <= definition.required_fields({"companyInfo.businessType": "NON_PROFIT"})
    assert not tax & (definition.required_fields({}) | definition.disallowed_fields({}))
    values = {"companyInfo.businessType": "SOLE_PROPRIETOR", "companyInfo.taxId": SECRET}
    problems = [p for p in validate_field_values(definition, values) if p.field == "companyInfo.taxId"]
    assert [p.code for p in problems] == ["disallowed"]
    assert "companyInfo.businessType is SOLE_PROPRIETOR" in problems[0].message
    assert SECRET not in problems[0].message


# ----- the live answer, through real botocore ------------------------------------------------------


def test_live_pages_through_botocore_parse_to_the_snapshot_rules() -> None:
    aws = FakeAws(max_page_size=4)  # several pages: ConditionalBehavior must survive paging and parsing
    api = aws.clients().api(600.0)  # real boto3 client: botocore parses each page by the output shape
    items = api.pages("DescribeRegistrationFieldDefinitions", "RegistrationFieldDefinitions", RegistrationType=TFN)
    assert len(aws.sms.calls_to("DescribeRegistrationFieldDefinitions")) > 1
    live = RegistrationTypeDefinition.from_api_pages(TFN, [{"RegistrationFieldDefinitions": items}])
    shipped = load_snapshot(TFN)
    assert dict(live.fields) == dict(shipped.fields)
    assert live.fields["companyInfo.taxId"].conditional is not None
    assert [rule.behavior for rule in live.fields["companyInfo.taxId"].conditional.rules] == ["DISALLOWED", "REQUIRED"]


def test_live_definition_uses_what_the_api_returns_not_the_snapshot() -> None:
    aws = FakeAws()
    items = [dict(item) for item in _snapshot_document()["RegistrationFieldDefinitions"]]
    details = next(item for item in items if item["FieldPath"] == "messagingUseCase.useCaseDetails")
    details["ConditionalBehavior"] = {
        "Rules": [
            _rule(
                "REQUIRED",
                _condition("EQUALS", ["ACCOUNT_NOTIFICATIONS"], on="messagingUseCase.useCaseCategory"),
                MinLength=40,
            )
        ],
        "DefaultBehavior": "DISALLOWED",
    }
    aws.sms.put_field_definitions(TFN, items)
    live = live_rules.live_definition(aws.clients().api(60.0), TFN)
    category: dict[str, FieldValue] = {"messagingUseCase.useCaseCategory": ["ACCOUNT_NOTIFICATIONS"]}
    assert "messagingUseCase.useCaseDetails" in live.required_fields(category)
    assert "messagingUseCase.useCaseDetails" not in load_snapshot(TFN).required_fields(category)
    short: dict[str, FieldValue] = {**category, "messagingUseCase.useCaseDetails": "too short"}
    assert ("messagingUseCase.useCaseDetails", "too-short") in _codes(validate_field_values(live, short))
    other: dict[str, FieldValue] = {
        "messagingUseCase.useCaseCategory": ["OTHER"],
        "messagingUseCase.useCaseDetails": "x",
    }
    assert ("messagingUseCase.useCaseDetails", "disallowed") in _codes(validate_field_values(live, other))


def test_the_fake_refuses_field_definitions_the_real_api_could_not_return() -> None:
    aws = FakeAws()
    broken = {
        "SectionPath": "s",
        "FieldPath": TARGET,
        "FieldType": "TEXT",
        "FieldRequirement": "CONDITIONAL",
        "DisplayHints": {"Title": "T", "ShortDescription": "t"},
        "ConditionalBehavior": {"Rules": [{"Conditions": [{"Operator": "EQUALS"}], "RuleBehavior": "REQUIRED"}]},
    }
    with pytest.raises(ValueError, match="DefaultBehavior"):
        aws.sms.put_field_definitions(TFN, [broken])


# ----- synth ---------------------------------------------------------------------------------------------


def test_synth_refuses_a_value_the_snapshot_rules_disallow() -> None:
    fields = {**TFN_FIELDS, "companyInfo.businessType": ["SOLE_PROPRIETOR"]}
    with pytest.raises(ValueError, match=r"companyInfo\.taxId: Tax ID must not be set when") as raised:
        SmsRegistration(cdk.Stack(cdk.App(), "Checks"), "R", registration_type=TFN, fields=fields)
    assert str(TFN_FIELDS["companyInfo.taxId"]) not in str(raised.value)
    without_tax = {k: v for k, v in fields.items() if not k.startswith("companyInfo.taxId")}
    SmsRegistration(cdk.Stack(cdk.App(), "Checks"), "R", registration_type=TFN, fields=without_tax)
