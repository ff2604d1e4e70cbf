"""Real boto3 clients whose HTTP layer is the in-process fake.

How it plugs in: botocore emits ``before-send.<service>.<Operation>`` with the fully serialized,
signed request just before it would go on the wire; the first handler that returns an
``AWSResponse`` replaces the network. So parameter validation, serialization, response parsing and
error mapping (``ClientError`` with the modeled ``Reason``) are botocore's own, exactly as against
AWS. Errors are served as real JSON error bodies (``__type``, status code); a lost response is
raised as botocore's ``ReadTimeoutError`` after the fake applied the request.
"""

from __future__ import annotations

import base64
import functools
import json
import random
from collections.abc import Iterator
from typing import Any
from urllib.parse import unquote, urlsplit

import boto3
from botocore.awsrequest import AWSPreparedRequest, AWSResponse
from botocore.config import Config
from botocore.exceptions import ReadTimeoutError

from fakes.api_error import ApiError
from fakes.clock import VirtualClock
from fakes.cloudformation_api import FakeCloudFormation
from fakes.sms_api import FakeSmsApi, LostResponseError
from sms_runtime import api_contract
from sms_runtime.sms_client import Clients, RetryPolicy, single_attempt_config

_BLOB_MEMBERS = ("AttachmentBody",)


class _Body:
    """The raw body botocore reads (``stream()`` for parsed responses, ``read()`` for streams)."""

    def __init__(self, data: bytes) -> None:
        self._data, self._offset = data, 0

    def stream(self, **_: Any) -> Iterator[bytes]:
        yield self._data

    def read(self, amt: int | None = None) -> bytes:
        end = len(self._data) if amt is None else self._offset + amt
        chunk, self._offset = self._data[self._offset : end], min(end, len(self._data))
        return chunk


def json_request(request: AWSPreparedRequest) -> tuple[str, dict[str, Any]]:
    """The action (from ``X-Amz-Target``) and parameters of a JSON-protocol request (SMS, SSM, DynamoDB)."""
    target = request.headers["X-Amz-Target"]
    action = (target.decode() if isinstance(target, bytes) else str(target)).rpartition(".")[2]
    raw = request.body or b"{}"
    params: dict[str, Any] = json.loads(raw.decode() if isinstance(raw, bytes) else raw)
    return action, params


def _response(request: AWSPreparedRequest, status: int, body: bytes, content_type: str) -> AWSResponse:
    headers = {"x-amzn-requestid": "fake", "content-type": content_type, "content-length": str(len(body))}
    return AWSResponse(request.url, status, headers, _Body(body))


class FakeS3:
    """Just enough S3 for handlers that read CDK-asset objects: ``GetObject`` by bucket and key."""

    def __init__(self) -> None:
        self.objects: dict[tuple[str, str], bytes] = {}

    def put(self, bucket: str, key: str, body: bytes) -> None:
        self.objects[(bucket, key)] = body

    def serve(self, request: AWSPreparedRequest, **_: Any) -> AWSResponse:
        bucket, _slash, key = unquote(urlsplit(request.url).path).lstrip("/").partition("/")
        body = self.objects.get((bucket, key))
        if body is None:
            error = f"<Error><Code>NoSuchKey</Code><Message>{key}</Message></Error>".encode()
            return _response(request, 404, error, "application/xml")
        return _response(request, 200, body, "application/octet-stream")


class FakeAws:
    """The fake services, the shared virtual clock, and boto3 clients wired to them."""

    def __init__(self, clock: VirtualClock | None = None, **sms_options: Any) -> None:
        self.clock = clock or VirtualClock()
        self.sms = FakeSmsApi(self.clock, **sms_options)
        self.s3 = FakeS3()
        self.cloudformation = FakeCloudFormation(self.clock)  # resource states: the harness writes them
        self._session = _session(self.sms.region)
        self._sms_client: Any = None
        self._s3_client: Any = None
        self._cloudformation_client: Any = None

    def sms_client(self) -> Any:
        client = self._session.client("pinpoint-sms-voice-v2", config=single_attempt_config())
        client.meta.events.register("before-send.pinpoint-sms-voice-v2", self._serve_sms)
        return client

    def s3_client(self) -> Any:
        config = single_attempt_config().merge(Config(s3={"addressing_style": "path"}))
        client = self._session.client("s3", config=config)
        client.meta.events.register("before-send.s3.GetObject", self.s3.serve)
        return client

    def cloudformation_client(self) -> Any:
        client = self._session.client("cloudformation", config=single_attempt_config())
        client.meta.events.register("before-send.cloudformation.DescribeStackResource", self._serve_cloudformation)
        client.meta.events.register("before-send.cloudformation.DescribeStacks", self._serve_cloudformation)
        client.meta.events.register("before-send.cloudformation.ListStacks", self._serve_cloudformation)
        return client

    def clients(self, *, seed: int = 7, policy: RetryPolicy | None = None) -> Clients:
        """What the handlers take: real clients (built once), the virtual clock, seeded jitter."""
        if self._sms_client is None:  # the SMS client last: threads that see it set see all three
            self._s3_client, self._cloudformation_client = self.s3_client(), self.cloudformation_client()
            self._sms_client = self.sms_client()
            for client in (self._s3_client, self._cloudformation_client, self._sms_client):
                client.meta.events.register("provide-client-params", _refuse_undeclared)
        return Clients(
            sms=self._sms_client,
            s3=self._s3_client,
            cloudformation=self._cloudformation_client,
            clock=self.clock,
            policy=policy or RetryPolicy(),
            rng=random.Random(seed),
        )

    def serve_sms(self, request: AWSPreparedRequest, **_: Any) -> AWSResponse:
        """The SMS fake as a ``before-send`` handler, for clients built elsewhere (``fakes.default_session``)."""
        return self._serve_sms(request)

    def _serve_cloudformation(self, request: AWSPreparedRequest, **_: Any) -> AWSResponse:
        raw = request.body or b""
        status, body = self.cloudformation.handle(raw.decode() if isinstance(raw, bytes) else str(raw))
        return _response(request, status, body.encode(), "text/xml")

    def _serve_sms(self, request: AWSPreparedRequest, **_: Any) -> AWSResponse:
        action, params = json_request(request)
        for member in _BLOB_MEMBERS:
            if member in params:
                params[member] = base64.b64decode(params[member])
        try:
            result = self.sms.handle(action, params)
        except ApiError as error:
            return _response(request, error.status, json.dumps(error.body()).encode(), "application/x-amz-json-1.0")
        except LostResponseError:
            raise ReadTimeoutError(endpoint_url=request.url) from None
        return _response(request, 200, json.dumps(result, default=_bytes_safe).encode(), "application/x-amz-json-1.0")


def _refuse_undeclared(params: dict[str, Any], model: Any, **_: Any) -> None:
    """Fail a handler's call that ``sms_runtime.api_contract`` does not declare.

    Every handler test runs its calls through here, so the contract the Lambda checks at cold start
    against the runtime's botocore cannot miss an operation or parameter the handlers use. Hooked on
    ``provide-client-params``: the caller's own parameters, before botocore adds any (S3's ``ChecksumMode``).
    """
    service = model.service_model.service_name
    gaps = api_contract.undeclared(service, model.name, params)
    if gaps:
        raise api_contract.UndeclaredApiCallError(
            f"not declared in sms_runtime/api_contract.py CONTRACT: {'; '.join(gaps)} (add it there)"
        )


@functools.cache
def _session(region: str) -> boto3.session.Session:
    """One session per region for every fake: botocore caches the loaded service models on it."""
    return boto3.session.Session(aws_access_key_id="testing", aws_secret_access_key="testing", region_name=region)


def _bytes_safe(value: Any) -> Any:
    if isinstance(value, bytes):
        return base64.b64encode(value).decode()
    raise TypeError(f"cannot serve {type(value).__name__}")
