"""Fake DynamoDB and SNS for the tracking Lambda, plugged in like ``fakes.aws`` plugs in the SMS API.

Same mechanism: a ``before-send`` handler answers the fully serialized request, so botocore still
validates parameters, serializes, parses responses and maps errors (``ConditionalCheckFailedException``
arrives as a real ``ClientError``). DynamoDB supports exactly what the ledgers use: GetItem, PutItem
and DeleteItem with ``attribute_not_exists(k)`` and ``a = :v`` conditions (joined by ``OR``/``AND``),
and Scan (paged at ``scan_page_size`` items, ``LastEvaluatedKey``/``ExclusiveStartKey``) for ``status``.
A table exists once written to or made with ``create_table``; a Scan of any other table is
``ResourceNotFoundException``, as for a table never deployed. ``denied`` actions, and any action on a table
in ``denied_tables`` (a policy allowing some tables and not others), get ``AccessDeniedException``.
SNS supports Publish (query protocol in, XML out) and records every message.
"""

from __future__ import annotations

import json
import re
import uuid
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs
from xml.sax.saxutils import escape

import boto3
from botocore.awsrequest import AWSPreparedRequest, AWSResponse

from fakes.aws import FakeAws, _response, json_request

_DDB_ERROR = "com.amazonaws.dynamodb.v20120810#"


class FakeDynamoDb:
    """Tables of items keyed by their single hash-key attribute (the ledger's shape)."""

    def __init__(self, key: str = "RegistrationId", *, scan_page_size: int = 100) -> None:
        self.key = key
        self.tables: dict[str, dict[str, dict[str, Any]]] = {}
        self.conditional_failures = 0
        self.scan_page_size = scan_page_size
        self.denied: set[str] = set()
        self.denied_tables: set[str] = set()
        self.calls: list[str] = []
        # True: GetItem/PutItem/DeleteItem on a table never created answer ResourceNotFoundException, as AWS does
        # (for "not deployed yet" paths); False (the default): such a table springs into being.
        self.strict_tables = False

    def create_table(self, name: str) -> None:
        self.tables.setdefault(name, {})

    def serve(self, request: AWSPreparedRequest, **_: Any) -> AWSResponse:
        action, params = json_request(request)
        self.calls.append(action)
        try:
            if action in self.denied or params.get("TableName") in self.denied_tables:
                raise _DdbError("AccessDeniedException", _not_authorized(action, params.get("TableName")))
            operations = {
                "GetItem": self._get_item,
                "PutItem": self._put_item,
                "DeleteItem": self._delete_item,
                "Scan": self._scan,
                "BatchGetItem": self._batch_get_item,
                "BatchWriteItem": self._batch_write_item,
            }
            result = operations[action](params)
        except _DdbError as error:
            body = json.dumps({"__type": _DDB_ERROR + error.code, "message": error.message}).encode()
            return _response(request, 400, body, "application/x-amz-json-1.0")
        return _response(request, 200, json.dumps(result).encode(), "application/x-amz-json-1.0")

    def _table(self, params: dict[str, Any]) -> dict[str, dict[str, Any]]:
        if self.strict_tables and params["TableName"] not in self.tables:
            raise _DdbError("ResourceNotFoundException", f"Requested resource not found: Table: {params['TableName']}")
        return self.tables.setdefault(params["TableName"], {})

    def _id(self, item: dict[str, Any]) -> str:
        return json.dumps(item[self.key], sort_keys=True)

    def _get_item(self, params: dict[str, Any]) -> dict[str, Any]:
        item = self._table(params).get(self._id(params["Key"]))
        return {"Item": item} if item is not None else {}

    def _put_item(self, params: dict[str, Any]) -> dict[str, Any]:
        table, item = self._table(params), params["Item"]
        self._check(params, table.get(self._id(item)))
        table[self._id(item)] = item
        return {}

    def _delete_item(self, params: dict[str, Any]) -> dict[str, Any]:
        table = self._table(params)
        self._check(params, table.get(self._id(params["Key"])))
        table.pop(self._id(params["Key"]), None)
        return {}

    def _batch_get_item(self, params: dict[str, Any]) -> dict[str, Any]:
        """Every requested key answered at once (no ``UnprocessedKeys``); at most 100 keys, as the API."""
        requested = params["RequestItems"]
        if sum(len(spec["Keys"]) for spec in requested.values()) > 100:
            raise _DdbError("ValidationException", "Too many items requested for the BatchGetItem call")
        responses: dict[str, list[dict[str, Any]]] = {}
        for name, spec in requested.items():
            table = self.tables.setdefault(name, {})
            found = (table.get(self._id(key)) for key in spec["Keys"])
            responses[name] = [item for item in found if item is not None]
        return {"Responses": responses, "UnprocessedKeys": {}}

    def _batch_write_item(self, params: dict[str, Any]) -> dict[str, Any]:
        """Puts and deletes, unconditional (the API takes no conditions here); at most 25 per call."""
        requested = params["RequestItems"]
        if sum(len(writes) for writes in requested.values()) > 25:
            raise _DdbError("ValidationException", "Too many items requested for the BatchWriteItem call")
        for name, writes in requested.items():
            table = self.tables.setdefault(name, {})
            for write in writes:
                if "PutRequest" in write:
                    table[self._id(write["PutRequest"]["Item"])] = write["PutRequest"]["Item"]
                else:
                    table.pop(self._id(write["DeleteRequest"]["Key"]), None)
        return {"UnprocessedItems": {}}

    def _scan(self, params: dict[str, Any]) -> dict[str, Any]:
        table = self.tables.get(params["TableName"])
        if table is None:
            raise _DdbError("ResourceNotFoundException", f"Requested resource not found: Table: {params['TableName']}")
        ids = list(table)
        start = ids.index(self._id(params["ExclusiveStartKey"])) + 1 if "ExclusiveStartKey" in params else 0
        size = min(int(params.get("Limit", self.scan_page_size)), self.scan_page_size)
        page = [table[i] for i in ids[start : start + size]]
        result: dict[str, Any] = {"Items": page, "Count": len(page), "ScannedCount": len(page)}
        if start + size < len(ids):
            result["LastEvaluatedKey"] = {self.key: page[-1][self.key]}
        return result

    def _check(self, params: dict[str, Any], current: dict[str, Any] | None) -> None:
        expression = params.get("ConditionExpression")
        names = params.get("ExpressionAttributeNames", {})
        if expression and not _holds(expression, current, params.get("ExpressionAttributeValues", {}), names):
            self.conditional_failures += 1
            raise _DdbError("ConditionalCheckFailedException", "The conditional request failed")


def _not_authorized(action: str, table: str | None) -> str:
    resource = f" on resource: table/{table}" if table else ""
    return f"not authorized to perform: dynamodb:{action}{resource}"


class _DdbError(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code, self.message = code, message


_TERM = re.compile(r"^\s*(?:attribute_not_exists\((#?\w+)\)|(#?\w+)\s*=\s*(:\w+))\s*$")
# DynamoDB refuses these (and several hundred more) as bare names in an expression: use ``#name``.
_RESERVED = frozenset({"KEY", "VALUE", "STATUS", "NAME", "COUNT", "DATA", "TIMESTAMP", "NUMBER", "HASH", "TABLE"})


def _holds(
    expression: str, item: dict[str, Any] | None, values: dict[str, Any], names: dict[str, str] | None = None
) -> bool:
    """Evaluate the condition forms the ledgers use; anything else is a test failure, loudly."""
    for disjunct in re.split(r"\s+OR\s+", expression):
        results = []
        for term in re.split(r"\s+AND\s+", disjunct):
            match = _TERM.match(term)
            if match is None:
                raise AssertionError(f"the fake does not understand condition {term!r}")
            missing, name, placeholder = (_attribute(g, names or {}) for g in match.groups())
            if missing:
                results.append(item is None or missing not in item)
            else:
                results.append(item is not None and item.get(str(name)) == values[str(placeholder)])
        if all(results):
            return True
    return False


def _attribute(token: str | None, names: dict[str, str]) -> str | None:
    """A name as written in the expression, resolved through ``ExpressionAttributeNames``."""
    if token is None or token.startswith(":"):
        return token
    if token.startswith("#"):
        return names[token]
    if token.upper() in _RESERVED:
        raise _DdbError("ValidationException", f"Attribute name is a reserved keyword; reserved keyword: {token}")
    return token


@dataclass(frozen=True)
class Published:
    topic_arn: str
    subject: str
    message: str


class FakeSns:
    """Records every ``Publish``; nothing is delivered anywhere."""

    def __init__(self) -> None:
        self.published: list[Published] = []
        self.fail_next = 0

    def serve(self, request: AWSPreparedRequest, **_: Any) -> AWSResponse:
        raw = request.body or b""
        form = {k: v[0] for k, v in parse_qs(raw.decode() if isinstance(raw, bytes) else raw).items()}
        if self.fail_next:
            self.fail_next -= 1
            # A non-retryable failure seen in practice: the topic's KMS key refuses the publisher.
            error = "<ErrorResponse><Error><Type>Sender</Type><Code>KMSAccessDenied</Code>"
            error += "<Message>injected</Message></Error><RequestId>fake</RequestId></ErrorResponse>"
            return _response(request, 400, error.encode(), "text/xml")
        self.published.append(Published(form["TopicArn"], form.get("Subject", ""), form["Message"]))
        body = (
            '<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult>'
            f"<MessageId>{escape(str(uuid.uuid4()))}</MessageId></PublishResult>"
            "<ResponseMetadata><RequestId>fake</RequestId></ResponseMetadata></PublishResponse>"
        )
        return _response(request, 200, body.encode(), "text/xml")


class TrackingServices:
    """The SMS fake of ``aws`` plus DynamoDB and SNS fakes, and real clients wired to them."""

    def __init__(self, aws: FakeAws) -> None:
        self.aws = aws
        self.dynamodb = FakeDynamoDb()
        self.sns = FakeSns()
        session = boto3.session.Session(
            aws_access_key_id="testing", aws_secret_access_key="testing", region_name=aws.sms.region
        )
        self.dynamodb_client = session.client("dynamodb")
        self.dynamodb_client.meta.events.register("before-send.dynamodb", self.dynamodb.serve)
        self.sns_client = session.client("sns")
        self.sns_client.meta.events.register("before-send.sns", self.sns.serve)
