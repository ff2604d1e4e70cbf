"""The Lambda entry points as deployed: settings from the environment, boto3's own clients, EMF gauges.

boto3's default session is the fakes' session, so the handlers build their clients exactly as in
Lambda (``boto3.client(..., region_name=...)``) and reach the fake of each region. Quotas are lifted
(the handlers pace on the real clock here).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from fakes.default_session import RegionalFakes
from fakes.regions import ACCOUNT
from runtime.opt_out_sync.conftest import EAST, LIST, WEST, topic_arn

from sms_runtime.opt_out_sync import handler, status
from sms_runtime.opt_out_sync.settings import METRIC_DRIFT, METRIC_OPTED_OUT, SyncSettings


@pytest.fixture
def fakes(monkeypatch: pytest.MonkeyPatch, settings: SyncSettings) -> Iterator[RegionalFakes]:
    regional = RegionalFakes((EAST, WEST), ACCOUNT)
    for region in (EAST, WEST):
        regional.sms[region].sms.create_opt_out_list(LIST)
    monkeypatch.setattr(boto3, "DEFAULT_SESSION", regional.session())
    for name, value in settings.environment_variables().items():
        monkeypatch.setenv(name, value)
    handler.clients.cache_clear()
    yield regional
    handler.clients.cache_clear()


def _lines(out: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in out.splitlines() if line.startswith("{")]


def test_the_reconciler_copies_and_emits_one_gauge_document_per_list_and_region(
    fakes: RegionalFakes, settings: SyncSettings, capsys: pytest.CaptureFixture[str]
) -> None:
    fakes.sms[WEST].sms.put_by_hand(LIST, "+12065550142", end_user=True)
    summary = handler.reconcile_handler({"source": "aws.events"}, None)
    assert (summary["copies"], summary["settled"], summary["errors"]) == (1, True, [])
    assert "+12065550142" in fakes.sms[EAST].sms.opted_out(LIST)
    out = capsys.readouterr().out
    gauges = [line for line in _lines(out) if "_aws" in line]
    assert sorted((g["OptOutList"], g["Region"], g[METRIC_OPTED_OUT], g[METRIC_DRIFT]) for g in gauges) == [
        (LIST, EAST, 0, 0),  # the east's pass read the list before the copy landed
        (LIST, WEST, 1, 0),
    ]
    assert all(
        g["_aws"]["CloudWatchMetrics"][0]["Dimensions"] == [["Environment", "OptOutList", "Region"]] for g in gauges
    )
    assert "+12065550142" not in out
    rows = status.read(settings, dynamodb=boto3.client("dynamodb", region_name=EAST))
    assert [(r.region, r.count, r.drift, r.pending) for r in rows] == [(EAST, 0, 0, 0), (WEST, 1, 0, 0)]


def test_the_inbound_function_copies_a_stop_from_its_region(
    fakes: RegionalFakes, settings: SyncSettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AWS_REGION", WEST)
    payload = {
        "originationNumber": "+12065550142",
        "destinationNumber": "+18335550001",
        "messageKeyword": "STOP",
        "messageBody": "STOP",
        "inboundMessageId": "west-inbound-1",
    }
    event = {
        "Records": [
            {
                "Sns": {
                    "TopicArn": topic_arn(settings, WEST),
                    "Message": json.dumps(payload),
                    "Timestamp": "2026-12-05T04:30:00.000Z",
                    "MessageId": "sns-1",
                }
            }
        ]
    }
    assert handler.inbound_handler(event, None) == {"outcomes": [{"result": "copied", "list": LIST, "pending": []}]}
    assert "+12065550142" in fakes.sms[EAST].sms.opted_out(LIST)


def test_a_message_on_an_unknown_topic_is_left_alone(
    fakes: RegionalFakes, settings: SyncSettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AWS_REGION", WEST)
    record = {
        "Sns": {"TopicArn": "arn:aws:sns:us-west-2:1:other", "Message": "{}", "Timestamp": "2026-12-05T04:30:00Z"}
    }
    assert handler.inbound_handler({"Records": [record]}, None) == {"outcomes": []}
    assert fakes.sms[EAST].sms.calls == []
