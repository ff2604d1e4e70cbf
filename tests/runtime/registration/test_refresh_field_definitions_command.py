"""The refresh command against a real boto3 client with stubbed responses (botocore Stubber)."""

from __future__ import annotations

import argparse
import json
import pathlib

import boto3
import pytest
from botocore.stub import Stubber

from sms_estate.cli.commands import refresh_field_definitions as command
from sms_estate.cli.main import main
from sms_estate.yaml_app.errors import UserFacingError
from sms_runtime.registration.field_definitions import load_snapshot_file, validate_field_values

TFN = "US_TOLL_FREE_REGISTRATION"


def _field(path: str, requirement: str) -> dict[str, object]:
    return {
        "SectionPath": path.split(".")[0],
        "FieldPath": path,
        "FieldType": "TEXT",
        "FieldRequirement": requirement,
        "TextValidation": {"MinLength": 1, "MaxLength": 100, "Pattern": "^(?=\\s*\\S)[\\s\\S]+$"},
        "DisplayHints": {"Title": path, "ShortDescription": f"The {path} field"},
    }


def _args(tmp_path: pathlib.Path) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    command.configure(parser)
    return parser.parse_args(["--registration-type", TFN, "--output-dir", str(tmp_path)])


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
