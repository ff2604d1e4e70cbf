"""The API contract: complete, satisfied by the locked botocore, and refused clearly by an older one.

The doctored-model tests run the real cold-start path (``default_clients``) on a botocore whose data
path holds a copy of the SMS service model with members removed, as an old Lambda runtime would have.
"""

from __future__ import annotations

import ast
import copy
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import botocore
import botocore.loaders
import pytest
from fakes.aws import FakeAws
from fakes.estate import Estate

from sms_runtime import api_contract, sms_client
from sms_runtime.api_contract import CONTRACT, SMS, UndeclaredApiCallError, UnsupportedRuntimeError

ROOT = Path(__file__).resolve().parents[3]
RUNTIME = ROOT / "custom_resources" / "sms_runtime"
# Api methods that take an action name first: the SMS client's, or CloudFormation's for stack_call.
_API_METHODS = {"call": SMS, "pages": SMS, "stack_call": "cloudformation"}


def _literal_calls() -> Iterator[tuple[str, str, str, set[str]]]:
    """(file, service, operation, literal keyword names) of every ``Api`` call in the runtime code."""
    for path in sorted(RUNTIME.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
                continue
            if isinstance(node.func.value, ast.Attribute) and node.func.value.attr == "_ddb":  # a table's client
                camel = "".join(part.title() for part in node.func.attr.split("_"))
                yield path.name, "dynamodb", camel, {k.arg for k in node.keywords if k.arg is not None}
                continue
            service = _API_METHODS.get(node.func.attr)
            first = node.args[0] if node.args else None
            if service is None or not (isinstance(first, ast.Constant) and isinstance(first.value, str)):
                continue
            keywords = {k.arg for k in node.keywords if k.arg is not None}
            if node.func.attr == "pages":
                keywords |= {"MaxResults", "NextToken"}
            yield path.name, service, first.value, keywords


@pytest.fixture
def lambda_environment(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """What a Lambda cold start sees: a fresh default boto3 session, a region, no cached clients."""
    monkeypatch.setattr(boto3, "DEFAULT_SESSION", None)
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    sms_client.default_clients.cache_clear()
    yield
    sms_client.default_clients.cache_clear()


def _old_runtime(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, remove: dict[str, list[str]]) -> None:
    """Install an SMS service model without the members in ``remove`` (shape name: members)."""
    loader = botocore.loaders.Loader()
    version = loader.determine_latest_version(SMS, "service-2")
    model: dict[str, Any] = copy.deepcopy(loader.load_service_model(SMS, "service-2", version))
    for shape, members in remove.items():
        for member in members:
            if shape == "operations":
                del model["operations"][member]
            else:
                del model["shapes"][shape]["members"][member]
    target = tmp_path / SMS / version
    target.mkdir(parents=True)
    (target / "service-2.json").write_text(json.dumps(model))
    monkeypatch.setenv("AWS_DATA_PATH", str(tmp_path))


def test_the_locked_botocore_knows_everything_the_handlers_use(lambda_environment: None) -> None:
    clients = sms_client.default_clients()
    models = {
        SMS: clients.sms.meta.service_model,
        "s3": clients.s3.meta.service_model,
        "cloudformation": clients.cloudformation.meta.service_model,
        # The opt-out sync's entry points check their DynamoDB client too (sms_runtime.opt_out_sync.handler).
        "dynamodb": boto3.client("dynamodb").meta.service_model,
    }
    assert api_contract.missing(models) == []
    assert set(models) == set(CONTRACT)  # the cold-start check covers every service of the contract


def test_a_runtime_without_aws_review_fails_at_cold_start_naming_version_and_gaps(
    lambda_environment: None, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    _old_runtime(
        monkeypatch,
        tmp_path,
        {
            "SubmitRegistrationVersionRequest": ["AwsReview"],
            "RegistrationFieldDefinition": ["ConditionalBehavior"],
            "operations": ["CreateRegistrationAssociation"],
        },
    )
    with pytest.raises(UnsupportedRuntimeError) as raised:
        sms_client.default_clients()
    message = str(raised.value)
    assert f"botocore {botocore.__version__} lacks" in message
    assert f"tested with botocore {api_contract.TESTED_BOTOCORE}" in message
    assert "pinpoint-sms-voice-v2 SubmitRegistrationVersion parameter AwsReview" in message
    assert "pinpoint-sms-voice-v2 operation CreateRegistrationAssociation" in message
    assert (
        "DescribeRegistrationFieldDefinitions response member RegistrationFieldDefinitions.ConditionalBehavior"
        in message
    )
    assert message.count(";") == 2  # one error listing all three gaps, nothing else


def test_tested_botocore_is_the_locked_and_installed_one() -> None:
    lock = (ROOT / "requirements.lock").read_text()
    locked = re.search(r"^botocore==(\S+)", lock, re.MULTILINE)
    assert locked is not None
    assert api_contract.TESTED_BOTOCORE == locked.group(1) == botocore.__version__


def test_every_literal_call_in_the_runtime_is_declared_and_every_declared_operation_is_used() -> None:
    found = list(_literal_calls())
    gaps = [
        f"{file}: {gap}"
        for file, service, operation, keywords in found
        for gap in api_contract.undeclared(service, operation, dict.fromkeys(keywords))
    ]
    assert gaps == []
    used = {(service, operation) for _file, service, operation, _kw in found} | {("s3", "GetObject")}
    declared = {(service, operation) for service, operations in CONTRACT.items() for operation in operations}
    assert declared - used == set()  # a stale entry would refuse runtimes for nothing


def test_the_fake_refuses_a_call_the_contract_does_not_declare(aws: FakeAws) -> None:
    api = aws.clients().api(60.0)
    with pytest.raises(UndeclaredApiCallError, match="SubmitRegistrationVersion parameter Ghost"):
        api.call("SubmitRegistrationVersion", RegistrationId="registration-1", Ghost=True)
    with pytest.raises(UndeclaredApiCallError, match="operation DeleteOptOutList"):
        api.call("DeleteOptOutList", OptOutListName="list")
    assert aws.sms.calls == []  # refused before anything was sent


def test_submit_without_aws_review_sends_no_aws_review_parameter(aws: FakeAws, estate: Estate) -> None:
    assert estate.number().ok
    outcome = estate.registration()
    assert outcome.ok, outcome.reason
    [submit] = aws.sms.calls_to("SubmitRegistrationVersion")
    assert "AwsReview" not in submit.params
    assert aws.sms.registrations[estate.registration_id()].latest.status == "SUBMITTED"


def test_submit_with_aws_review_sends_it(aws: FakeAws, estate: Estate) -> None:
    assert estate.number().ok
    outcome = estate.registration(aws_review=True)
    assert outcome.ok, outcome.reason
    [submit] = aws.sms.calls_to("SubmitRegistrationVersion")
    assert submit.params["AwsReview"] is True
    assert aws.sms.registrations[estate.registration_id()].latest.status == "AWS_REVIEWING"
