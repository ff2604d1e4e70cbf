"""The fake the opt-out sync is tested against keeps the rules the sync must survive (botocore shapes)."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError, EndpointConnectionError
from fakes.regions import FakeRegions
from fakes.sms_opt_outs import DELETE_INTERVAL_SECONDS

from sms_runtime.sms_client import single_attempt_config

EAST, WEST = "us-east-1", "us-west-2"


@pytest.fixture
def regions() -> FakeRegions:
    fakes = FakeRegions((EAST, WEST))
    fakes.create_opt_out_list("optouts")
    return fakes


def _sms(regions: FakeRegions, region: str) -> Any:
    """A client without the contract hook: these tests call what the fake serves, not what the code declares."""
    session = regions.session()
    return session.client("pinpoint-sms-voice-v2", region_name=region, config=single_attempt_config())


def _numbers(page: dict[str, Any]) -> list[str]:
    return [entry["OptedOutNumber"] for entry in page["OptedOutNumbers"]]


def test_pages_hold_at_most_100_numbers_at_one_request_a_second_per_region(regions: FakeRegions) -> None:
    for i in range(150):
        regions.api(EAST).put_by_hand("optouts", f"+1206555{i:04d}")
    east, west = _sms(regions, EAST), _sms(regions, WEST)
    first = east.describe_opted_out_numbers(OptOutListName="optouts", MaxResults=100)
    assert len(first["OptedOutNumbers"]) == 100 and "NextToken" in first
    west.describe_opted_out_numbers(OptOutListName="optouts")  # another region: its own quota
    with pytest.raises(ClientError) as throttled:
        east.describe_opted_out_numbers(OptOutListName="optouts", NextToken=first["NextToken"])
    assert throttled.value.response["Error"]["Code"] == "ThrottlingException"
    regions.clock.advance(1.0)
    second = east.describe_opted_out_numbers(OptOutListName="optouts", NextToken=first["NextToken"])
    assert len(second["OptedOutNumbers"]) == 50 and "NextToken" not in second


def test_a_list_changing_during_paging_skips_and_repeats_nothing_that_stayed(regions: FakeRegions) -> None:
    for i in range(0, 200, 2):
        regions.api(EAST).put_by_hand("optouts", f"+1206555{i:04d}")
    east = _sms(regions, EAST)
    first = east.describe_opted_out_numbers(OptOutListName="optouts", MaxResults=10)
    regions.api(EAST).opt_out_lists["optouts"].pop(_numbers(first)[0])  # removed behind the token
    regions.api(EAST).put_by_hand("optouts", "+12065550001")  # added behind the token
    regions.clock.advance(1.0)
    rest = east.describe_opted_out_numbers(OptOutListName="optouts", MaxResults=100, NextToken=first["NextToken"])
    assert _numbers(rest)[0] == "+12065550020" and len(rest["OptedOutNumbers"]) == 90


def test_point_lookups_filter_and_the_end_user_flag(regions: FakeRegions) -> None:
    api = regions.api(EAST)
    api.put_by_hand("optouts", "+12065550100", end_user=True)
    east = _sms(regions, EAST)
    east.put_opted_out_number(OptOutListName="optouts", OptedOutNumber="+12065550101")
    regions.clock.advance(1.0)
    found = east.describe_opted_out_numbers(OptOutListName="optouts", OptedOutNumbers=["+12065550101", "+12065550199"])
    assert [(e["OptedOutNumber"], e["EndUserOptedOut"]) for e in found["OptedOutNumbers"]] == [("+12065550101", False)]
    regions.clock.advance(1.0)
    end_users = east.describe_opted_out_numbers(
        OptOutListName="optouts", Filters=[{"Name": "end-user-opted-out", "Values": ["true"]}]
    )
    assert _numbers(end_users) == ["+12065550100"]
    with pytest.raises(Exception, match="OptedOutNumbers"):  # botocore enforces the model's max of 5
        east.describe_opted_out_numbers(
            OptOutListName="optouts", OptedOutNumbers=[f"+120655501{i:02d}" for i in range(6)]
        )


def test_a_number_leaves_a_list_once_every_30_days(regions: FakeRegions) -> None:
    east = _sms(regions, EAST)
    with pytest.raises(ClientError) as absent:
        east.delete_opted_out_number(OptOutListName="optouts", OptedOutNumber="+12065550100")
    assert absent.value.response["Error"]["Code"] == "ResourceNotFoundException"
    east.put_opted_out_number(OptOutListName="optouts", OptedOutNumber="+12065550100")
    east.delete_opted_out_number(OptOutListName="optouts", OptedOutNumber="+12065550100")
    east.put_opted_out_number(OptOutListName="optouts", OptedOutNumber="+12065550100")
    with pytest.raises(ClientError) as refused:
        east.delete_opted_out_number(OptOutListName="optouts", OptedOutNumber="+12065550100")
    assert refused.value.response["Reason"] == "PHONE_NUMBER_CANNOT_BE_OPTED_IN"
    regions.clock.advance(DELETE_INTERVAL_SECONDS)
    east.delete_opted_out_number(OptOutListName="optouts", OptedOutNumber="+12065550100")
    assert regions.api(EAST).opted_out("optouts") == {}


def test_replies_opt_out_and_in_and_reach_the_two_way_channel(regions: FakeRegions) -> None:
    api = regions.api(EAST)
    east = _sms(regions, EAST)
    bought = east.request_phone_number(
        IsoCountryCode="US",
        MessageType="TRANSACTIONAL",
        NumberCapabilities=["SMS"],
        NumberType="TOLL_FREE",
        OptOutListName="optouts",
    )
    assert api.receive(bought["PhoneNumber"], "+12065550142", "STOP") is None  # no two-way: the list only
    assert api.opted_out("optouts")["+12065550142"].end_user
    topic = "arn:aws:sns:us-east-1:333333333333:inbound"
    east.update_phone_number(PhoneNumberId=bought["PhoneNumberId"], TwoWayEnabled=True, TwoWayChannelArn=topic)
    payload = api.receive(bought["PhoneNumber"], "+12065550142", "start please")
    assert payload is not None and payload["messageKeyword"] == "START"
    assert payload["originationNumber"] == "+12065550142" and payload["destinationNumber"] == bought["PhoneNumber"]
    assert "+12065550142" not in api.opted_out("optouts")
    assert api.inbound_messages[-1].channel_arn == topic
    event = regions.sns_event(payload, topic)
    assert event["Records"][0]["Sns"]["TopicArn"] == topic


def test_an_unreachable_region_answers_nothing_until_it_is_back(regions: FakeRegions) -> None:
    west = _sms(regions, WEST)
    with regions.unreachable(WEST), pytest.raises(EndpointConnectionError):
        west.put_opted_out_number(OptOutListName="optouts", OptedOutNumber="+12065550100")
    west.put_opted_out_number(OptOutListName="optouts", OptedOutNumber="+12065550100")
    assert list(regions.api(WEST).opted_out("optouts")) == ["+12065550100"]


def test_dynamodb_batches_and_reserved_words(regions: FakeRegions) -> None:
    table = regions.session().client("dynamodb", region_name=EAST, config=single_attempt_config())
    item = {"Key": {"S": "w|optouts|us-east-1"}, "Version": {"N": "1"}, "Blob": {"B": b"\x00\x01"}}
    table.batch_write_item(RequestItems={"sync": [{"PutRequest": {"Item": item}}]})
    got = table.batch_get_item(RequestItems={"sync": {"Keys": [{"Key": item["Key"]}, {"Key": {"S": "none"}}]}})
    assert got["Responses"]["sync"] == [item]
    with pytest.raises(ClientError, match="reserved keyword"):
        table.put_item(TableName="sync", Item=item, ConditionExpression="attribute_not_exists(Key)")
    with pytest.raises(ClientError) as stale:
        table.put_item(
            TableName="sync",
            Item=item,
            ConditionExpression="attribute_not_exists(#k) OR #v = :v",
            ExpressionAttributeNames={"#k": "Key", "#v": "Version"},
            ExpressionAttributeValues={":v": {"N": "0"}},
        )
    assert stale.value.response["Error"]["Code"] == "ConditionalCheckFailedException"
