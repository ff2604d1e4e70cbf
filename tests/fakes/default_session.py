"""One account's SMS, SSM and DynamoDB fakes, per region, behind a boto3 session.

Why a session and not clients: CLI commands build their own clients with ``boto3.client(...)`` (the
caller's credentials, one client per region). Installing this session as boto3's default session
sends those very clients to the fakes, so a test runs the real command, real botocore
(validation, serialization, pagination, error mapping) and no replaced function of ours. Each request
goes to the fake of the region in its SigV4 credential scope, as it would reach that region's endpoint.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

import boto3
from botocore.awsrequest import AWSPreparedRequest, AWSResponse
from botocore.exceptions import EndpointConnectionError

from fakes.aws import FakeAws
from fakes.clock import VirtualClock
from fakes.ssm import FakeSsm
from fakes.tracking_services import FakeDynamoDb

_SCOPE = re.compile(r"Credential=[^/]+/\d{8}/([a-z0-9-]+)/")


class RegionalFakes:
    """``sms``, ``ssm`` and ``dynamodb`` fakes keyed by region; ``session()`` wires real clients to them."""

    def __init__(
        self,
        regions: Sequence[str],
        account: str,
        *,
        ssm_page_size: int = 10,
        scan_page_size: int = 100,
        clock: VirtualClock | None = None,
        **sms_options: Any,
    ) -> None:
        # Without ``clock``, the command paces and retries on the real clock while each SMS fake's quotas
        # count virtual time, which nothing moves: quotas are lifted so a second command is not throttled.
        # With one shared ``clock``, code that sleeps on it meets the real quotas of every region.
        options = {"rate_scale": 1e6, **sms_options} if clock is None else sms_options
        self.sms = {region: FakeAws(clock, region=region, account=account, **options) for region in regions}
        self.down: set[str] = set()  # regions whose endpoints do not answer (``unreachable``)
        self.ssm = {region: FakeSsm(region, account, page_size=ssm_page_size) for region in regions}
        self.dynamodb = {region: FakeDynamoDb(key="Key", scan_page_size=scan_page_size) for region in regions}

    def session(self) -> boto3.session.Session:
        """A session with test credentials whose clients, in any of the regions, reach these fakes."""
        session = boto3.session.Session(aws_access_key_id="testing", aws_secret_access_key="testing")
        session.events.register("before-send.pinpoint-sms-voice-v2", self._route(lambda r: self.sms[r].serve_sms))
        session.events.register("before-send.ssm", self._route(lambda r: self.ssm[r].serve))
        session.events.register("before-send.dynamodb", self._route(lambda r: self.dynamodb[r].serve))
        return session

    def client(self, service: str, region: str) -> Any:
        """A real client of ``service`` in ``region`` served by the fakes (for seeding them)."""
        return self.session().client(service, region_name=region)

    def _route(self, handler_for: Callable[[str], Callable[..., AWSResponse]]) -> Callable[..., AWSResponse]:
        def serve(request: AWSPreparedRequest, **kwargs: Any) -> AWSResponse:
            region = _region(request)
            if region in self.down:
                raise EndpointConnectionError(endpoint_url=request.url)
            return handler_for(region)(request, **kwargs)

        return serve


def _region(request: AWSPreparedRequest) -> str:
    header = request.headers["Authorization"]
    match = _SCOPE.search(header.decode() if isinstance(header, bytes) else str(header))
    if match is None:
        raise AssertionError(f"request without a SigV4 credential scope: {header!r}")
    return match.group(1)
