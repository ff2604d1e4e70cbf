"""``status`` shows each declared verified destination number, and which still wait for their code (issue 19, item 5).

The fake account stands in for both sides no test can drive through the API: CloudFormation creating a
number ``PENDING`` (``create_verified_destination_number``) and the person reading the code back
(``verify_destination``). ``status`` reads the rest through boto3 against the fake. Numbers appear by
their last 4 digits only, in the table and in the JSON.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from botocore.exceptions import ClientError
from fakes.aws import FakeAws
from fakes.sms_api import _require_output_shape
from support.status_scenario import FakeEstate, status_report

from sms_estate.yaml_app.config import load_environment

EAST, WEST = "us-east-1", "us-west-2"
FIRST, SECOND = "+12065550100", "+12065550142"


@pytest.fixture
def estate(tmp_path: Path) -> FakeEstate:
    doc = {"environment": "sandbox", "account": "111111111111", "regions": [EAST, WEST]}
    path = tmp_path / "sandbox.yaml"
    path.write_text(yaml.safe_dump(doc | {"verified_destination_numbers": [FIRST, SECOND]}), encoding="utf-8")
    estate = FakeEstate(load_environment(path))
    for number in (FIRST, SECOND):  # the east stack is deployed; the west one is not yet
        estate.regions[EAST].sms.create_verified_destination_number(number)
    return estate


def test_pending_numbers_are_listed_as_waiting_for_the_code_masked(estate: FakeEstate) -> None:
    estate.regions[EAST].sms.verify_destination(FIRST)
    table, document = status_report(estate)
    east, west = table.split(f"== {WEST} ==")
    assert "Verified destination numbers (1 waiting for the code)" in east
    assert [line.split()[:2] for line in east.splitlines() if line.strip().startswith("…")] == [
        ["…0100", "VERIFIED"],
        ["…0142", "PENDING"],
    ]
    assert "…0142   PENDING   waits for the code (README: verified destination numbers)" in east
    assert "Verified destination numbers (0 waiting for the code)" in west
    assert west.count("NOT CREATED") == 2
    [east_json, west_json] = document["regions"]
    assert east_json["verified_destination_numbers"] == [
        {"number": "…0100", "status": "VERIFIED", "waiting_for_code": False},
        {"number": "…0142", "status": "PENDING", "waiting_for_code": True},
    ]
    assert {n["status"] for n in west_json["verified_destination_numbers"]} == {"NOT CREATED"}
    for text in (table, json.dumps(document)):
        assert "2065550100" not in text and "2065550142" not in text


def test_once_verified_nothing_waits(estate: FakeEstate) -> None:
    for number in (FIRST, SECOND):
        estate.regions[EAST].sms.verify_destination(number)
    table, _ = status_report(estate)
    assert "(0 waiting for the code)" in table.split(f"== {WEST} ==")[0]
    assert "waits for the code (README" not in table


def test_an_environment_without_numbers_has_no_section(tmp_path: Path) -> None:
    path = tmp_path / "plain.yaml"
    path.write_text(yaml.safe_dump({"environment": "plain", "account": "111111111111", "regions": [EAST]}))
    table, document = status_report(FakeEstate(load_environment(path)))
    assert "Verified destination numbers" not in table
    assert "verified_destination_numbers" not in document["regions"][0]


# ----- the fake's rules ------------------------------------------------------------------------


def test_the_fake_answers_botocore_s_shape_pages_and_filters() -> None:
    aws = FakeAws(rate_scale=100.0)  # several reads in one virtual second: the 1/s quota is not under test
    numbers = [f"+1206555010{i}" for i in range(7)]
    created = [aws.sms.create_verified_destination_number(n) for n in numbers]
    aws.sms.verify_destination(numbers[3])
    client = aws.sms_client()
    first = client.describe_verified_destination_numbers(MaxResults=4)
    _require_output_shape(
        "DescribeVerifiedDestinationNumbers", {k: v for k, v in first.items() if k != "ResponseMetadata"}
    )
    rest = client.describe_verified_destination_numbers(MaxResults=4, NextToken=first["NextToken"])
    assert "NextToken" not in rest
    listed = first["VerifiedDestinationNumbers"] + rest["VerifiedDestinationNumbers"]
    assert [n["DestinationPhoneNumber"] for n in listed] == numbers
    verified = client.describe_verified_destination_numbers(Filters=[{"Name": "status", "Values": ["VERIFIED"]}])
    assert [n["DestinationPhoneNumber"] for n in verified["VerifiedDestinationNumbers"]] == [numbers[3]]
    by_id = client.describe_verified_destination_numbers(
        VerifiedDestinationNumberIds=[created[0]["VerifiedDestinationNumberId"]]
    )
    assert [n["Status"] for n in by_id["VerifiedDestinationNumbers"]] == ["PENDING"]
    unknown = client.describe_verified_destination_numbers(DestinationPhoneNumbers=["+12065550199"])
    assert unknown["VerifiedDestinationNumbers"] == []


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({"DestinationPhoneNumbers": [f"+1206555010{i}" for i in range(6)]}, "ValidationException"),
        ({"VerifiedDestinationNumberIds": ["verifieddestinationnumber-missing"]}, "ResourceNotFoundException"),
    ],
)
def test_the_fake_refuses_what_the_api_refuses(params: dict[str, Any], code: str) -> None:
    with pytest.raises(ClientError) as raised:
        FakeAws().sms_client().describe_verified_destination_numbers(**params)
    assert raised.value.response["Error"]["Code"] == code
