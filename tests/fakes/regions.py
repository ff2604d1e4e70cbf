"""Several regions of one account on one virtual clock: what the opt-out sync is tested against.

:class:`FakeRegions` is :class:`fakes.default_session.RegionalFakes` with a shared
:class:`~fakes.clock.VirtualClock`, so each region's SMS quotas (1 read/s, 10 writes/s for opt-out
numbers) hold while the code under test sleeps on that clock, and each region is an independent quota,
as in AWS. Clients are real boto3 clients with one attempt each (the code's own retries are what is
tested), routed by their SigV4 region, refusing any call ``sms_runtime.api_contract`` does not declare.
``down`` makes a region's endpoints unreachable (``EndpointConnectionError``) for SMS and DynamoDB alike.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from fakes.aws import _refuse_undeclared
from fakes.clock import VirtualClock
from fakes.default_session import RegionalFakes
from sms_runtime.sms_client import single_attempt_config

ACCOUNT = "333333333333"


class FakeRegions(RegionalFakes):
    """The SMS and DynamoDB fakes of ``regions`` on one clock, with the helpers sync tests need."""

    def __init__(
        self, regions: Sequence[str], *, clock: VirtualClock | None = None, account: str = ACCOUNT, **sms: Any
    ) -> None:
        self.clock = clock or VirtualClock()
        self.regions = tuple(regions)
        super().__init__(regions, account, clock=self.clock, **sms)
        self._session = self.session()
        self._clients: dict[tuple[str, str], Any] = {}

    def client(self, service: str, region: str) -> Any:
        """One real client per service and region (built once), single attempt, contract-checked."""
        key = (service, region)
        if key not in self._clients:
            client = self._session.client(service, region_name=region, config=single_attempt_config())
            client.meta.events.register("provide-client-params", _refuse_undeclared)
            self._clients[key] = client
        return self._clients[key]

    def sms_clients(self) -> dict[str, Any]:
        return {region: self.client("pinpoint-sms-voice-v2", region) for region in self.regions}

    def api(self, region: str) -> Any:
        """The SMS fake of ``region`` (its state, calls and test hooks)."""
        return self.sms[region].sms

    def create_opt_out_list(self, name: str) -> None:
        """The list in every region, as each region's stack creates it."""
        for region in self.regions:
            self.api(region).create_opt_out_list(name)

    def two_way_number(self, region: str, opt_out_list: str, topic_arn: str) -> str:
        """A toll-free number bought in ``region`` on ``opt_out_list``, its replies going to ``topic_arn``
        (as the stacks set the numbers of a synced list); its phone number."""
        api = self.api(region)
        bought = api.handle(
            "RequestPhoneNumber",
            {
                "NumberType": "TOLL_FREE",
                "IsoCountryCode": "US",
                "MessageType": "TRANSACTIONAL",
                "NumberCapabilities": ["SMS"],
                "OptOutListName": opt_out_list,
            },
        )
        api.numbers[bought["PhoneNumberId"]].update(TwoWayEnabled=True, TwoWayChannelArn=topic_arn)
        return str(bought["PhoneNumber"])

    @contextmanager
    def unreachable(self, region: str) -> Iterator[None]:
        """``region`` does not answer inside the block."""
        self.down.add(region)
        try:
            yield
        finally:
            self.down.discard(region)

    def sns_event(self, payload: Mapping[str, str], topic_arn: str, *, message_id: str | None = None) -> dict[str, Any]:
        """The Lambda event SNS delivers for one two-way message published on ``topic_arn``."""
        stamp = datetime.fromtimestamp(self.clock.epoch(), tz=UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"
        record = {
            "EventSource": "aws:sns",
            "EventVersion": "1.0",
            "EventSubscriptionArn": f"{topic_arn}:subscription",
            "Sns": {
                "Type": "Notification",
                "MessageId": message_id or f"sns-{payload['inboundMessageId']}",
                "TopicArn": topic_arn,
                "Subject": None,
                "Message": json.dumps(dict(payload)),
                "Timestamp": stamp,
                "MessageAttributes": {},
            },
        }
        return {"Records": [record]}
