"""The refresh command against a real boto3 client with stubbed responses (botocore Stubber)."""

from __future__ import annotations

import argparse
import json
import pathlib
from typing import Any

import boto3
import pytest
from botocore.stub import Stubber
from fakes.aws import FakeAws

from sms_estate.cli.commands import refresh_field_definitions as command
from sms_estate.cli.main import main
from sms_estate.yaml_app.errors import UserFacingError
from sms_runtime.registration.definition_snapshots import snapshot_associations
from sms_runtime.registration.field_definitions import (
    available_registration_types,
    load_snapshot,
    load_snapshot_file,
    validate_field_values,
)

TFN = "US_TOLL_FREE_REGISTRATION"
TFN_TYPE_DEFINITION: dict[str, Any] = {
    "RegistrationType": TFN,
    "SupportedAssociations": [
        {
            "ResourceType": "TOLL_FREE",
            "IsoCountryCode": "US",
            "AssociationBehavior": "ASSOCIATE_BEFORE_SUBMIT",
            "DisassociationBehavior": "DISASSOCIATE_ALL_CLOSES_REGISTRATION",
        }
    ],
    "DisplayHints": {"Title": "US toll-free number registration"},
}


def _field(path: str, requirement: str) -> dict[str, object]:
    return {
        "SectionPath": path.split(".")[0],
        "FieldPath": path,
        "FieldType": "TEXT",
        "FieldRequirement": requirement,
        "TextValidation": {"MinLength": 1, "MaxLength": 100, "Pattern": "^(?=\\s*\\S)[\\s\\S]+$"},
        "DisplayHints": {"Title": path, "ShortDescription": f"The {path} field"},
    }


def _args(tmp_path: pathlib.Path, registration_type: str = TFN) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    command.configure(parser)
    return parser.parse_args(["--registration-type", registration_type, "--output-dir", str(tmp_path)])


def _stub_type_definition(stub: Stubber, item: dict[str, Any] = TFN_TYPE_DEFINITION) -> None:
    stub.add_response(
        "describe_registration_type_definitions",
        {"RegistrationTypeDefinitions": [item]},
        {"RegistrationTypes": [item["RegistrationType"]]},
    )


def test_refresh_follows_next_token_and_writes_every_page(tmp_path: pathlib.Path) -> None:
    client = boto3.client(
        "pinpoint-sms-voice-v2", region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="y"
    )
    with Stubber(client) as stub:
        stub.add_response(
            "describe_registration_field_definitions",
            {
                "RegistrationType": TFN,
                "RegistrationFieldDefinitions": [_field("companyInfo.companyName", "REQUIRED")],
                "NextToken": "page2",
            },
            {"RegistrationType": TFN},
        )
        stub.add_response(
            "describe_registration_field_definitions",
            {"RegistrationType": TFN, "RegistrationFieldDefinitions": [_field("companyInfo.address2", "OPTIONAL")]},
            {"RegistrationType": TFN, "NextToken": "page2"},
        )
        _stub_type_definition(stub)
        assert command.run(_args(tmp_path), client=client) == 0
        stub.assert_no_pending_responses()
    written = json.loads((tmp_path / f"{TFN}.json").read_text(encoding="utf-8"))
    assert [f["FieldPath"] for f in written["RegistrationFieldDefinitions"]] == [
        "companyInfo.companyName",
        "companyInfo.address2",
    ]
    assert written["SnapshotInfo"]["Source"] == "DescribeRegistrationFieldDefinitions in us-east-1"


def test_refresh_keeps_conditional_behavior_exactly_as_the_api_returns_it(tmp_path: pathlib.Path) -> None:
    behavior = {
        "Rules": [
            {
                "Conditions": [
                    {
                        "DependsOnFieldPath": "companyInfo.businessType",
                        "Operator": "EQUALS",
                        "Values": ["SOLE_PROPRIETOR"],
                    }
                ],
                "RuleBehavior": "DISALLOWED",
            },
            {
                "Conditions": [{"DependsOnFieldPath": "companyInfo.businessType", "Operator": "HAS_VALUE"}],
                "RuleBehavior": "REQUIRED",
                "ConditionalValidation": {"MinLength": 2, "MaxLength": 20, "Pattern": "^[0-9-]+$"},
            },
        ],
        "DefaultBehavior": "OPTIONAL",
    }
    tax_id = {**_field("companyInfo.taxId", "CONDITIONAL"), "ConditionalBehavior": behavior}
    business = {
        **_field("companyInfo.businessType", "REQUIRED"),
        "FieldType": "SELECT",
        "SelectValidation": {"MinChoices": 1, "MaxChoices": 1, "Options": ["SOLE_PROPRIETOR", "PRIVATE_PROFIT"]},
    }
    client = boto3.client(
        "pinpoint-sms-voice-v2", region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="y"
    )
    with Stubber(client) as stub:  # the Stubber validates the response against botocore's output shape
        stub.add_response(
            "describe_registration_field_definitions",
            {"RegistrationType": TFN, "RegistrationFieldDefinitions": [business, tax_id]},
            {"RegistrationType": TFN},
        )
        _stub_type_definition(stub)
        assert command.run(_args(tmp_path), client=client) == 0
    written = json.loads((tmp_path / f"{TFN}.json").read_text(encoding="utf-8"))
    assert written["RegistrationFieldDefinitions"][1]["ConditionalBehavior"] == behavior
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"{TFN}.json"]  # no side file
    assert "ConditionalBehavior" in written["SnapshotInfo"]["Note"]
    assert "RECONSTRUCTED" not in json.dumps(written["SnapshotInfo"])
    definition = load_snapshot_file(tmp_path / f"{TFN}.json")
    assert definition.disallowed_fields({"companyInfo.businessType": "SOLE_PROPRIETOR"}) == {"companyInfo.taxId"}
    problems = validate_field_values(
        definition, {"companyInfo.businessType": "PRIVATE_PROFIT", "companyInfo.taxId": "x"}
    )
    assert [p.code for p in problems] == ["pattern-mismatch", "too-short"]  # rule 2's overrides, not the field's own


def test_refresh_turns_an_api_error_into_one_user_facing_line(tmp_path: pathlib.Path) -> None:
    client = boto3.client(
        "pinpoint-sms-voice-v2", region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="y"
    )
    with Stubber(client) as stub, pytest.raises(UserFacingError, match="AccessDenied"):
        stub.add_client_error("describe_registration_field_definitions", "AccessDeniedException", "AccessDenied")
        command.run(_args(tmp_path), client=client)
    assert not (tmp_path / f"{TFN}.json").exists()


@pytest.mark.usefixtures("no_aws_credentials")
def test_refresh_without_credentials_prints_one_line_and_exits_2(
    tmp_path: pathlib.Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["refresh-field-definitions", "--output-dir", str(tmp_path)])
    err = capsys.readouterr().err
    assert code == 2
    assert err.strip().splitlines() == [
        "error: aws: credentials: no AWS credentials found; configure a profile or environment credentials and retry"
    ]
    assert "Traceback" not in err


def test_refresh_writes_the_type_definition_the_api_returns(tmp_path: pathlib.Path) -> None:
    client = boto3.client(
        "pinpoint-sms-voice-v2", region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="y"
    )
    changed = {**TFN_TYPE_DEFINITION, "DisplayHints": {"Title": "Toll-free, as the account says"}}
    with Stubber(client) as stub:
        stub.add_response(
            "describe_registration_field_definitions",
            {"RegistrationType": TFN, "RegistrationFieldDefinitions": [_field("companyInfo.companyName", "REQUIRED")]},
            {"RegistrationType": TFN},
        )
        _stub_type_definition(stub, changed)
        assert command.run(_args(tmp_path), client=client) == 0
        stub.assert_no_pending_responses()
    written = json.loads((tmp_path / f"{TFN}.json").read_text(encoding="utf-8"))
    assert written["RegistrationTypeDefinition"] == changed


def test_a_type_the_api_does_not_list_is_one_user_facing_line_and_nothing_is_written(tmp_path: pathlib.Path) -> None:
    client = boto3.client(
        "pinpoint-sms-voice-v2", region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="y"
    )
    with Stubber(client) as stub, pytest.raises(UserFacingError, match="does not list US_TOLL_FREE_REGISTRATION"):
        stub.add_response(
            "describe_registration_field_definitions",
            {"RegistrationType": TFN, "RegistrationFieldDefinitions": [_field("companyInfo.companyName", "REQUIRED")]},
            {"RegistrationType": TFN},
        )
        stub.add_response("describe_registration_type_definitions", {"RegistrationTypeDefinitions": []})
        command.run(_args(tmp_path), client=client)
    assert not (tmp_path / f"{TFN}.json").exists()


@pytest.mark.parametrize("registration_type", available_registration_types())
def test_refresh_works_for_every_shipped_type_against_the_fake_api(
    tmp_path: pathlib.Path, registration_type: str
) -> None:
    """The fake answers both calls as the real API would (from the shipped snapshot), behind real boto3."""
    aws = FakeAws(rate_scale=1000.0)
    assert command.run(_args(tmp_path, registration_type), client=aws.sms_client()) == 0
    written = json.loads((tmp_path / f"{registration_type}.json").read_text(encoding="utf-8"))
    entries = tuple(written["RegistrationTypeDefinition"]["SupportedAssociations"])
    assert entries == snapshot_associations(registration_type)
    assert written["RegistrationTypeDefinition"]["RegistrationType"] == registration_type
    refreshed = load_snapshot_file(tmp_path / f"{registration_type}.json")
    assert set(refreshed.fields) == set(load_snapshot(registration_type).fields)
    assert written["SnapshotInfo"]["Source"] == "DescribeRegistrationFieldDefinitions in us-east-1"
    called = [call.action for call in aws.sms.calls]
    assert called.count("DescribeRegistrationTypeDefinitions") == 1
