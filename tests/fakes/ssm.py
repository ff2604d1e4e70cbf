"""Fake SSM Parameter Store, plugged in like ``fakes.tracking_services`` plugs in DynamoDB.

Same mechanism: a ``before-send`` handler answers the fully serialized request, so botocore still
validates, serializes, paginates (``NextToken``) and maps errors (``ParameterNotFound`` arrives as a
real ``ClientError``). Supports what ``sms-estate status`` reads: GetParametersByPath (recursive or one
level, paged at ``page_size``, default 10 as in SSM) and GetParameter; and what the registration tracker
writes: PutParameter (``String`` only; ``ParameterAlreadyExists`` without ``Overwrite``; each write bumps
the version). ``denied`` names actions the caller is not allowed, answered with SSM's ``AccessDeniedException``.
"""

from __future__ import annotations

import json
from typing import Any

from botocore.awsrequest import AWSPreparedRequest, AWSResponse

from fakes.aws import _response, json_request

_JSON = "application/x-amz-json-1.1"
_MAX_RESULTS = 10  # GetParametersByPath's documented maximum page size


class FakeSsm:
    """String parameters of one account and region; every request's action is recorded in ``calls``."""

    def __init__(self, region: str = "us-east-1", account: str = "123456789012", *, page_size: int = 10) -> None:
        self.region, self.account, self.page_size = region, account, page_size
        self.parameters: dict[str, str] = {}
        self.versions: dict[str, int] = {}
        self.denied: set[str] = set()
        self.calls: list[str] = []

    def put(self, name: str, value: str) -> None:
        self.parameters[name] = value
        self.versions[name] = self.versions.get(name, 0) + 1

    def serve(self, request: AWSPreparedRequest, **_: Any) -> AWSResponse:
        action, params = json_request(request)
        self.calls.append(action)
        try:
            if action in self.denied:
                raise _SsmError("AccessDeniedException", self._not_authorized(action, params))
            operations = {"GetParametersByPath": self._by_path, "GetParameter": self._get, "PutParameter": self._put}
            result = operations[action](params)
        except _SsmError as error:
            body = json.dumps({"__type": error.code, "message": error.message}).encode()
            return _response(request, 400, body, _JSON)
        return _response(request, 200, json.dumps(result).encode(), _JSON)

    def _describe(self, name: str) -> dict[str, Any]:
        arn = f"arn:aws:ssm:{self.region}:{self.account}:parameter{name}"
        return {
            "Name": name,
            "Type": "String",
            "Value": self.parameters[name],
            "Version": self.versions.get(name, 1),
            "ARN": arn,
        }

    def _by_path(self, params: dict[str, Any]) -> dict[str, Any]:
        prefix = params["Path"].rstrip("/") + "/"
        recursive = bool(params.get("Recursive", False))
        names = sorted(
            name
            for name in self.parameters
            if name.startswith(prefix) and (recursive or "/" not in name.removeprefix(prefix))
        )
        start = int(params.get("NextToken") or 0)
        size = min(int(params.get("MaxResults", _MAX_RESULTS)), self.page_size)
        page = names[start : start + size]
        result: dict[str, Any] = {"Parameters": [self._describe(name) for name in page]}
        if start + size < len(names):
            result["NextToken"] = str(start + size)
        return result

    def _get(self, params: dict[str, Any]) -> dict[str, Any]:
        if params["Name"] not in self.parameters:
            raise _SsmError("ParameterNotFound", "")
        return {"Parameter": self._describe(params["Name"])}

    def _put(self, params: dict[str, Any]) -> dict[str, Any]:
        name = params["Name"]
        if params.get("Type", "String") != "String":
            raise _SsmError("ValidationException", "the fake supports String parameters only")
        if name in self.parameters and not params.get("Overwrite", False):
            raise _SsmError("ParameterAlreadyExists", "The parameter already exists.")
        self.put(name, params["Value"])
        return {"Version": self.versions[name], "Tier": "Standard"}

    def _not_authorized(self, action: str, params: dict[str, Any]) -> str:
        resource = f"arn:aws:ssm:{self.region}:{self.account}:parameter{params.get('Path') or params.get('Name', '')}"
        return (
            f"User: arn:aws:sts::{self.account}:assumed-role/ReadOnly/someone is not authorized to perform: "
            f"ssm:{action} on resource: {resource} because no identity-based policy allows the ssm:{action} action"
        )


class _SsmError(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code, self.message = code, message
