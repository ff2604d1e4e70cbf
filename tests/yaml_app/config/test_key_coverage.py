"""Every config key lands somewhere: the key-coverage map is complete, and each mapped key is proven.

The proof synthesizes ONE sample environment that sets every mapped key to a non-default value (and
every ``region_overrides`` key in us-west-2), once for this module, then finds each sample value where
the map says it lands. Keys sent by the phone-number and configuration-set-default handlers are also
followed from the template into the fake API's recorded call, through the CloudFormation harness.
"""

from __future__ import annotations

import copy
import json
import re
import shutil
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import botocore.session
import pytest
import yaml
from fakes.aws import FakeAws
from fakes.cloudformation import CloudFormationHarness
from support.repo_paths import REPO_ROOT

from sms_estate.cli.assembly import Assembly, read_assembly
from sms_estate.cli.template_lint import template_errors
from sms_estate.yaml_app.app_builder import build_app
from sms_estate.yaml_app.config import load_environment
from sms_estate.yaml_app.config.json_schema import package_schema
from sms_estate.yaml_app.config.key_coverage import canonical, coverage_map, schema_leaves, unmapped
from sms_runtime import api_contract, contract
from sms_runtime.contract import CONFIGURATION_SET_DEFAULTS_TYPE, PHONE_NUMBER_TYPE

COVERAGE = coverage_map()
KEYS: Mapping[str, Mapping[str, Any]] = COVERAGE["keys"]
ALIASES: Mapping[str, str] = COVERAGE["aliases"]
LEAVES = schema_leaves(package_schema())
LANDING = sorted(key for key, entry in KEYS.items() if "cloudformation" in entry)
OVERRIDES = sorted(leaf for leaf in LEAVES if leaf.startswith("region_overrides."))
# Custom resources the harness drives from the synthesized template to the fake API.
DRIVEN = (CONFIGURATION_SET_DEFAULTS_TYPE, PHONE_NUMBER_TYPE)
API_KEYS = sorted(k for k, e in KEYS.items() if "api" in e and e["cloudformation"]["type"] in DRIVEN)
EAST, WEST = "us-east-1", "us-west-2"
_ARN = "444444444444"


def _destinations(prefix: str, retention: int) -> list[dict[str, Any]]:
    """Five destinations: a created and an imported one of each kind that has both, and an imported topic."""
    arn = f"arn:aws:{{}}:{EAST}:{_ARN}:"
    return [
        {"name": f"{prefix}-logs", "type": "cloudwatch_logs", "event_types": ["TEXT_ALL"], "enabled": False}
        | {"retention_days": retention},
        {"name": f"{prefix}-logs-in", "type": "cloudwatch_logs", "event_types": ["TEXT_SPAM"]}
        | {"log_group_arn": arn.format("logs") + f"log-group:{prefix}-imported"},
        {"name": f"{prefix}-stream", "type": "firehose", "event_types": ["TEXT_DELIVERED"]}
        | {"bucket_retention_days": retention + 15},
        {"name": f"{prefix}-stream-in", "type": "firehose", "event_types": ["TEXT_BLOCKED"]}
        | {"delivery_stream_arn": arn.format("firehose") + f"deliverystream/{prefix}-imported"},
        {"name": f"{prefix}-alerts-in", "type": "sns", "event_types": ["TEXT_UNREACHABLE"]}
        | {"topic_arn": arn.format("sns") + f"{prefix}-imported"},
    ]


SG_FIELDS = {
    "companyInfo.companyName": "Coverage Co Pte Ltd",
    "companyInfo.taxId": "201912345K",
    "companyInfo.website": "https://www.coverage.example",
    "companyInfo.address1": "1 Harbourfront Walk",
    "companyInfo.city": "Singapore",
    "companyInfo.state": "Singapore",
    "companyInfo.zipCode": "098585",
    "companyInfo.isoCountryCode": "SG",
    "contactInfo.firstName": "Wei",
    "contactInfo.lastName": "Tan",
    "contactInfo.supportEmail": "support@coverage.example",
    "contactInfo.supportPhoneNumber": "+6560000000",
    "senderIdInfo.senderId": "COVSG",
    "senderIdInfo.isRepresentative": "False",
    "messagingUseCase.monthlyMessageVolume": "1,000",
    "messagingUseCase.useCaseCategory": "NOTIFICATIONS",
    "messageSamples.messageSample1": "Coverage Co: your order 1234 has shipped. Reply STOP to opt out.",
}


_EXPIRES = "2030-01-31T00:00:00Z"  # a number override's expiry (issue 19)


def _sample() -> dict[str, Any]:
    """Every key of the schema set, to a value that differs from its default where it has one."""
    staging = yaml.safe_load((REPO_ROOT / "config" / "staging.yaml").read_text(encoding="utf-8"))
    two_way = {"channel_arn": f"arn:aws:sns:{EAST}:{_ARN}:cov-replies"} | {
        "channel_role_arn": f"arn:aws:iam::{_ARN}:role/cov-replies"
    }
    return {
        "environment": "coverage",
        "account": _ARN,
        "regions": [EAST, WEST],
        "tags": {"cov-owner": "coverage-team"},
        "opt_out_lists": [{"name": "cov-optouts", "on_delete": "destroy"}, {"name": "cov-synced"}],
        "opt_out_sync": {"lists": ["cov-synced"], "mode": "scheduled", "interval_minutes": 20},
        "verified_destination_numbers": ["+12065550100", "+12065550199"],
        "notify_configurations": [
            {"name": "cov-notify", "display_name": "Coverage Co", "enabled_channels": ["SMS", "VOICE"]}
            | {"use_case": "CODE_VERIFICATION", "enabled_countries": ["US", "CA"], "deletion_protection": False}
            | {"on_delete": "destroy"}
        ],
        "rcs_agents": [
            {"name": "cov-rcs", "opt_out_list": "cov-optouts", "self_managed_opt_outs": True}
            | {"deletion_protection": False, "on_delete": "destroy"}
        ],
        "protect_configurations": [
            {"name": "cov-protect", "deletion_protection": False, "on_delete": "destroy"}
            | {"country_rules": {"SMS": {"US": "ALLOW"}, "VOICE": {"CA": "BLOCK"}, "MMS": {"MX": "MONITOR"}}}
            | {"account_default": True}
            | {"number_overrides": [{"destination": "+12065550142", "action": "BLOCK", "expires": _EXPIRES}]}
        ],
        "configuration_sets": [
            {"name": "cov-set", "default_sender_id": "COVSENDER", "message_feedback": True}
            | {"protect_configuration": "cov-protect", "default_message_type": "PROMOTIONAL"}
            | {"event_destinations": _destinations("cov", 30)}
        ],
        "sender_ids": [
            {"sender_id": "COVSENDER", "iso_country_code": "GB", "deletion_protection": False, "on_delete": "destroy"},
            {"sender_id": "COVSG", "iso_country_code": "SG", "registration": "cov-sg"},
        ],
        "phone_numbers": [
            {"name": "cov-number", "region": EAST, "number_type": "TOLL_FREE", "iso_country_code": "US"}
            | {"message_type": "TRANSACTIONAL", "capabilities": ["SMS", "VOICE"], "opt_out_list": "cov-optouts"}
            | {"two_way": two_way, "self_managed_opt_outs": True, "deletion_protection": False}
            | {"on_delete": "release", "allow_replacement": True, "international_sending": True},
            {"name": "cov-local", "region": EAST, "number_type": "TEN_DLC", "iso_country_code": "US"}
            | {"message_type": "TRANSACTIONAL", "registration": "cov-campaign"}
            | {"number_preference": {"type": "StartsWith", "filter": ["+1510"]}},
        ],
        "pools": [
            {"name": "cov-pool", "phone_numbers": ["cov-number"], "sender_ids": ["COVSENDER"]}
            | {"opt_out_list": "cov-optouts", "two_way": two_way, "self_managed_opt_outs": True}
            | {"help_message": "Coverage Co: help at help@coverage.example. Reply STOP to opt out."}
            | {"stop_message": "Coverage Co: you are unsubscribed."}
            | {"keywords": [{"keyword": "START", "message": "Coverage Co: subscribed. Reply STOP to opt out."}]}
            | {"shared_routes": True, "deletion_protection": False, "on_delete": "destroy"}
        ],
        "registrations": [
            {"name": "cov-registration", "type": "US_TOLL_FREE_REGISTRATION", "region": EAST, "submit": True}
            | {"aws_review": True, "delete_draft_on_removal": True, "phone_numbers": ["cov-number"]}
            | {"justification": "Coverage sample: one pharmacy location only."}
            | {"fields": staging["registrations"][0]["fields"]}
            | {"attachments": {"messagingUseCase.optInImage": "attachments/harborline-optin-form.png"}}
            | {"lint_suppressions": [{"rule": "TFN-CONTACT-FREEMAIL", "field": "contactInfo.supportEmail"}]},
            {
                "name": "cov-brand",
                "type": "US_TEN_DLC_BRAND_REGISTRATION",
                "fields": staging["registrations"][1]["fields"],
            },
            {"name": "cov-campaign", "type": "US_TEN_DLC_CAMPAIGN_REGISTRATION", "brand": "cov-brand"}
            | {"fields": staging["registrations"][2]["fields"]},
            {"name": "cov-sg", "type": "SG_SENDER_ID_REGISTRATION", "region": EAST, "fields": SG_FIELDS},
        ],
        "tracking": {"notify_emails": ["cov-alerts@coverage.example"], "spend_limit_usd": 75}
        | {"pending_alarm_hours": 36, "poll_interval_minutes": 45},
        # text equals tracking.spend_limit_usd: the spend alarm follows spend_limits.text (model.spend_alarm_limit_usd)
        "spend_limits": {"text": 75, "voice": 30, "media": 20, "notify": 10, "rcs": 5},
        "acknowledge": [
            {"change": f"release:phone-number/cov-number@{EAST}", "reason": "The coverage sample releases it."}
        ],
        "region_overrides": {
            WEST: {
                "configuration_sets": {
                    "cov-set": {"default_sender_id": "COVWEST", "message_feedback": False}
                    | {"protect_configuration": "cov-protect", "default_message_type": "TRANSACTIONAL"}
                    | {"event_destinations": _destinations("west", 60)}
                },
                "protect_configurations": {
                    "cov-protect": {"deletion_protection": True, "on_delete": "retain"}
                    | {"country_rules": {"SMS": {"CA": "FILTER"}, "VOICE": {"FR": "ALLOW"}, "MMS": {"DE": "BLOCK"}}}
                },
                "opt_out_lists": {"cov-optouts": {"on_delete": "retain"}},
            }
        },
    }


SAMPLE = _sample()
SAMPLE["pools"][0]["keywords"][0]["action"] = "OPT_IN"
SAMPLE["registrations"][0]["lint_suppressions"][0]["reason"] = "Reviewed by the coverage team on purpose."
# What the API proofs drive: a number waiting for its registration's approval is bought by no call here
# (the 10DLC chain tests of tests/runtime/handlers follow it to RequestPhoneNumber).
BOUGHT = {**SAMPLE, "phone_numbers": [n for n in SAMPLE["phone_numbers"] if "registration" not in n]}


@pytest.fixture(scope="module")
def assembly(tmp_path_factory: pytest.TempPathFactory) -> Assembly:
    """The sample, validated like any config and synthesized once (about 8 s)."""
    root = tmp_path_factory.mktemp("key-coverage")
    (root / "config" / "attachments").mkdir(parents=True)
    shutil.copy(REPO_ROOT / "config" / "attachments" / "harborline-optin-form.png", root / "config" / "attachments")
    path = root / "config" / "coverage.yaml"
    path.write_text(json.dumps(SAMPLE, indent=1), encoding="utf-8")  # JSON is YAML
    app, _ = build_app([load_environment(path, root / "config")], outdir=str(root / "cdk.out"))
    app.synth()
    return read_assembly(root / "cdk.out")


def _template(assembly: Assembly, region: str) -> Mapping[str, Any]:
    (stack,) = [s for s in assembly.stacks if s.name == f"SmsEstate-coverage-{region}"]  # not its review state
    return stack.template


# ----- the walk ---------------------------------------------------------------------------------


def test_every_leaf_of_the_schema_is_mapped() -> None:
    assert unmapped(package_schema(), COVERAGE) == []


def test_the_map_names_only_keys_the_schema_has() -> None:
    assert set(KEYS) - {canonical(leaf, ALIASES) for leaf in LEAVES} == set()


def test_a_key_missing_from_the_map_fails_the_walk() -> None:
    schema = copy.deepcopy(package_schema())
    schema["$defs"]["configurationSet"]["properties"]["surprise"] = {"type": "string"}
    schema["properties"]["extras"] = {"type": "object", "additionalProperties": {"type": "integer"}}
    schema["$defs"]["configurationSetPatch"]["properties"]["patched_only"] = {"type": "boolean"}
    assert unmapped(schema, COVERAGE) == [
        "configuration_sets[].surprise",
        "extras.*",
        "region_overrides.*.configuration_sets.*.patched_only",
    ]


# ----- the entries ------------------------------------------------------------------------------


def _cfn_lint_properties(resource_type: str) -> set[str]:
    from cfnlint.schema import PROVIDER_SCHEMA_MANAGER

    return set(PROVIDER_SCHEMA_MANAGER.get_resource_schema(EAST, resource_type).schema["properties"])


@pytest.mark.parametrize("key", sorted(KEYS))
def test_each_entry_names_a_real_target_or_says_why_not(key: str) -> None:
    entry = KEYS[key]
    assert set(entry) - {"registered"} in ({"check"}, {"cloudformation"}, {"cloudformation", "api"}), entry
    if "check" in entry:
        assert len(entry["check"]) > 60, "a check-only key says why in a sentence"
        return
    assert set(entry) - {"check", "cloudformation", "api"} <= {"registered"}, entry
    target = entry["cloudformation"]
    first = re.split(r"[.\[]", target["path"])[0]
    if target["type"].startswith("AWS::"):
        assert first in _cfn_lint_properties(target["type"]) | {"DeletionPolicy", "@name"}
    else:
        assert target["type"] in vars(contract).values()
    if "api" in entry:
        operation, member = entry["api"]["operation"], entry["api"]["member"]
        model = botocore.session.get_session().get_service_model("pinpoint-sms-voice-v2")
        assert member in model.operation_model(operation).input_shape.members
        assert member in api_contract.CONTRACT[api_contract.SMS][operation].parameters


# ----- the proofs -------------------------------------------------------------------------------


def config_values(document: Any, key: str) -> list[Any]:
    """Every value ``document`` sets at ``key`` (``a[].b``, ``a.*``), lists flattened to their items."""
    found = [document]
    for part in key.split("."):
        step: list[Any] = []
        for value in found:
            name = part.removesuffix("[]")
            inner = value.get(name) if isinstance(value, dict) and name != "*" else value
            if name == "*" and isinstance(value, dict):
                step.extend(value.values())
            elif part.endswith("[]") and isinstance(inner, list):
                step.extend(inner)
            elif inner is not None and name != "*":
                step.append(inner)
        found = step
    return [item for value in found for item in (value if isinstance(value, list) else [value])]


def template_values(template: Mapping[str, Any], resource_type: str, path: str) -> Iterator[tuple[str, Any]]:
    """(logical ID, value) of every resource of ``resource_type`` at ``path`` (see key_coverage.py)."""
    for logical_id, resource in template["Resources"].items():
        if resource["Type"] != resource_type:
            continue
        if path in ("DeletionPolicy", "@name"):
            yield logical_id, resource.get(path, logical_id)
            continue
        for value in _at(resource.get("Properties") or {}, path.split(".")):
            yield logical_id, value


def _at(value: Any, parts: list[str]) -> Iterator[Any]:
    if not parts:
        yield value
        return
    part, rest = parts[0], parts[1:]
    if part == "@keys" and isinstance(value, dict):
        yield from value
    elif part == "*" and isinstance(value, dict):
        for inner in value.values():
            yield from _at(inner, rest)
    elif part.endswith("[]") and isinstance(value, dict) and isinstance(value.get(part[:-2]), list):
        for inner in value[part[:-2]]:
            yield from _at(inner, rest)
    elif isinstance(value, dict) and part in value:
        yield from _at(value[part], rest)


def _named(logical_id: str, name: str) -> bool:
    """CDK's logical ID of a construct named ``name``: its letters and digits, then an 8-character hash."""
    return logical_id[:-8].endswith(re.sub(r"[^A-Za-z0-9]", "", name))


def lands(template: Mapping[str, Any], target: Mapping[str, Any], value: Any) -> bool:
    """Whether ``value`` (a config value) is found where ``target`` says, encoded as it says."""
    expected: Any = value
    if "map" in target:
        expected = target["map"][value]
    if "scale" in target:
        expected = value * target["scale"]
    if "format" in target:
        expected = target["format"].format(value)
    if target.get("basename"):
        expected = Path(value).name
    for logical_id, found in template_values(template, target["type"], target["path"]):
        if target["path"] == "@name" or target.get("on") == "@name":
            if _named(logical_id, str(value)):
                return True
            continue
        if "ref" in target:
            if _refers_to(template, found, target["ref"], value):
                return True
        elif _equal(found, expected):
            return True
    return False


def _refers_to(template: Mapping[str, Any], found: Any, by: str, value: Any) -> bool:
    if not isinstance(found, dict) or len(found) != 1:
        return False
    ((function, argument),) = found.items()
    target_id = argument[0] if function == "Fn::GetAtt" else argument if function == "Ref" else None
    if not isinstance(target_id, str) or target_id not in template["Resources"]:
        return False
    if by == "@name":
        return _named(target_id, str(value))
    return bool(template["Resources"][target_id]["Properties"].get(by) == value)


def _equal(found: Any, expected: Any) -> bool:
    if isinstance(expected, bool) or isinstance(found, bool):
        return found is expected
    if isinstance(found, list):
        return expected in found  # a SELECT field: one choice of its list
    return bool(found == expected or str(found) == str(expected))


def test_the_sample_synthesizes_nag_clean_with_no_cfn_lint_error(assembly: Assembly) -> None:
    assert assembly.nag_violations == ()
    assert template_errors(assembly) == []


@pytest.mark.parametrize("key", LANDING)
def test_a_sample_value_reaches_the_template(assembly: Assembly, key: str) -> None:
    values = config_values(SAMPLE, key)
    assert values, f"the sample sets no value at {key}"
    targets = [KEYS[key]["cloudformation"], *([KEYS[key]["registered"]] if "registered" in KEYS[key] else [])]
    templates = [_template(assembly, EAST), _template(assembly, WEST)]
    missing = [v for v in values if not any(lands(t, target, v) for t in templates for target in targets)]
    assert missing == [], f"{key}: not found at {targets}"


def test_a_registered_sender_id_lands_on_its_registration_only(assembly: Assembly) -> None:
    """COVSG/SG is registered by cov-sg: in its SenderIds, and no AWS::SMSVOICE::SenderId anywhere asks for it."""
    east, west = _template(assembly, EAST), _template(assembly, WEST)
    assert lands(east, KEYS["sender_ids[].sender_id"]["registered"], "COVSG")
    assert lands(east, KEYS["sender_ids[].registration"]["cloudformation"], "cov-sg")
    assert not lands(east, KEYS["sender_ids[].registration"]["cloudformation"], "cov-campaign")
    for template in (east, west):
        assert not lands(template, KEYS["sender_ids[].sender_id"]["cloudformation"], "COVSG")
        assert lands(template, KEYS["sender_ids[].sender_id"]["cloudformation"], "COVSENDER")


@pytest.mark.parametrize("leaf", OVERRIDES)
def test_a_region_override_reaches_that_region_s_template(assembly: Assembly, leaf: str) -> None:
    values = config_values(SAMPLE, leaf.replace("region_overrides.*.", f"region_overrides.{WEST}.", 1))
    assert values, f"the sample overrides nothing at {leaf}"
    entry = KEYS[canonical(leaf, ALIASES)]
    missing = [v for v in values if not lands(_template(assembly, WEST), entry["cloudformation"], v)]
    assert missing == [], f"{leaf}: not found in {WEST} at {entry['cloudformation']}"


def test_the_west_template_does_not_carry_the_east_values_the_overrides_replaced(assembly: Assembly) -> None:
    """So the override proofs above cannot pass on a value that merely exists in both regions."""
    west = _template(assembly, WEST)
    assert not lands(west, KEYS["configuration_sets[].default_sender_id"]["cloudformation"], "COVSENDER")
    assert not lands(west, KEYS["configuration_sets[].default_message_type"]["cloudformation"], "PROMOTIONAL")


# ----- from the template to the API ---------------------------------------------------------------


def _resolve(value: Any, template: Mapping[str, Any], cfn: CloudFormationHarness) -> Any:
    """What CloudFormation would pass: Refs to the SMS resources the stack created, as their names or IDs."""
    if isinstance(value, list):
        return [_resolve(v, template, cfn) for v in value]
    if not isinstance(value, dict):
        return value
    if set(value) == {"Ref"}:
        target = template["Resources"][value["Ref"]]
        name_of = {
            "AWS::SMSVOICE::OptOutList": "OptOutListName",
            "AWS::SMSVOICE::ConfigurationSet": "ConfigurationSetName",
        }
        if target["Type"] in name_of:
            return target["Properties"][name_of[target["Type"]]]
        return cfn.resources[value["Ref"]].physical_id
    return {k: _resolve(v, template, cfn) for k, v in value.items()}


@pytest.fixture(scope="module")
def recorded(assembly: Assembly) -> FakeAws:
    """The east stack's driven custom resources created through the harness against a fake account."""
    template = _template(assembly, EAST)
    aws = FakeAws(account=_ARN)
    cfn = CloudFormationHarness(aws)
    for resource in template["Resources"].values():
        if resource["Type"] == "AWS::SMSVOICE::ConfigurationSet":
            aws.sms.put_configuration_set(resource["Properties"]["ConfigurationSetName"])
    for logical_id, resource in template["Resources"].items():
        if resource["Type"] in DRIVEN and contract.PhoneNumberProps.REGISTRATION_ID not in resource["Properties"]:
            properties = {k: v for k, v in resource["Properties"].items() if k != "ServiceToken"}
            outcome = cfn.create(logical_id, resource["Type"], _resolve(properties, template, cfn))
            assert outcome.ok, outcome.reason
    return aws


@pytest.mark.parametrize("key", API_KEYS)
def test_a_sample_value_reaches_the_recorded_api_call(recorded: FakeAws, key: str) -> None:
    operation, member = KEYS[key]["api"]["operation"], KEYS[key]["api"]["member"]
    sent = [call.params[member] for call in recorded.sms.calls_to(operation) if member in call.params]
    assert sent, f"no {operation} call carried {member}"
    missing = [v for v in config_values(BOUGHT, key) if not any(_equal(s, v) for s in sent)]
    assert missing == [], f"{key}: {operation}.{member} sent {sent}"


def test_the_api_proofs_cover_the_driven_handlers() -> None:
    assert {k.split("[]")[0] for k in API_KEYS} == {"configuration_sets", "phone_numbers"}
    assert "configuration_sets[].default_message_type" in API_KEYS
