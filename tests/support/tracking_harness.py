"""Builds the tracker under test from real boto3 clients wired to the fakes (no mocks of our code)."""

from __future__ import annotations

import json

from fakes.aws import FakeAws
from fakes.samples import OPT_IN_FIELD
from fakes.tracking_services import TrackingServices

from sms_runtime.tracking.config_keys import ConfigIndex
from sms_runtime.tracking.handler import Tracker

TOPIC_ARN = "arn:aws:sns:us-east-1:111122223333:SmsEstate-prod-registration-status"
TABLE = "SmsEstate-prod-us-east-1-ledger"
CONFIG_NAME = "harborline-refills-east"


def make_tracker(
    aws: FakeAws, services: TrackingServices, emitted: list[str], ids: dict[str, str] | None = None
) -> Tracker:
    """A prod/us-east-1 tracker; ``ids`` maps registration IDs to config names (the construct's env var)."""
    config = ConfigIndex.from_json(
        "config/prod.yaml",
        json.dumps({CONFIG_NAME: {"index": 0, "attachments": [OPT_IN_FIELD]}}),
        json.dumps(ids or {}),
    )
    return Tracker(
        environment="prod",
        region="us-east-1",
        clients=aws.clients(),
        dynamodb=services.dynamodb_client,
        sns=services.sns_client,
        table_name=TABLE,
        topic_arn=TOPIC_ARN,
        config=config,
        wall_clock=aws.clock.now,
        emit=emitted.append,
    )
