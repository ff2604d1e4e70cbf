"""``opt_out_sync`` in the synthesized stacks: one sync per region, replies routed to it, opt-in by config.

The sample ``prod`` (realtime, two lists, two regions) comes from the session's sample assembly. Two more
environments are synthesized once for this module, with cdk-nag attached and checked with cfn-lint: one
``scheduled`` (home region listed first: us-west-2) whose number keeps its own two-way channel, and one
realtime ``bulk`` estate whose synced number lives in a shard stack. ``dev`` and ``staging`` declare no
sync and must carry none of it (their recorded fingerprints stay unchanged as well).
"""

from __future__ import annotations

import copy
import json
import shutil
from collections.abc import Mapping
from typing import Any

import pytest
import yaml
from support.repo_paths import CONFIG_DIR

from sms_estate.cli.assembly import Assembly, SynthesizedStack, read_assembly
from sms_estate.cli.template_lint import template_errors
from sms_estate.yaml_app.app_builder import build_app
from sms_estate.yaml_app.config import load_environment
from sms_estate.yaml_app.opt_out_sync_settings import sync_settings
from sms_runtime.contract import PHONE_NUMBER_TYPE, PhoneNumberProps
from sms_runtime.opt_out_sync.settings import METRIC_DRIFT, SETTINGS_VARIABLE, table_name, topic_name

EAST, WEST = "us-east-1", "us-west-2"
PROD_LISTS = ("harborline-optouts", "tidewater-optouts")
OWN_CHANNEL = f"arn:aws:sns:{WEST}:444444444444:own-replies"
TOPIC = "AWS::SNS::Topic"


def _resources(stack: SynthesizedStack, resource_type: str) -> dict[str, Mapping[str, Any]]:
    return {key: r for key, r in stack.resources.items() if r["Type"] == resource_type}


def _sync_resources(stack: SynthesizedStack) -> list[str]:
    """Logical IDs of the sync's resources: everything under the stack's ``OptOutSync`` construct."""
    return sorted(key for key in stack.resources if key.startswith("OptOutSync"))


def _topic_ids(stack: SynthesizedStack) -> dict[str, str]:
    """Topic name -> logical ID of every topic with an explicit name."""
    return {
        r["Properties"]["TopicName"]: key
        for key, r in _resources(stack, TOPIC).items()
        if isinstance(r["Properties"].get("TopicName"), str)
    }


def _sync_functions(stack: SynthesizedStack) -> list[Mapping[str, Any]]:
    return [
        r["Properties"]
        for r in _resources(stack, "AWS::Lambda::Function").values()
        if SETTINGS_VARIABLE in r["Properties"].get("Environment", {}).get("Variables", {})
    ]


# ----- prod: realtime, home us-east-1 ------------------------------------------------------------


def test_prod_has_one_sync_per_region_with_the_table_and_reconciler_at_home(sample_assembly: Assembly) -> None:
    east, west = sample_assembly.stack(f"SmsEstate-prod-{EAST}"), sample_assembly.stack(f"SmsEstate-prod-{WEST}")
    tables = _resources(east, "AWS::DynamoDB::Table").values()
    [table] = [r for r in tables if r["Properties"].get("TableName") == table_name("prod")]
    assert table["DeletionPolicy"] == "Delete"  # bookkeeping: the lists are the truth
    west_tables = _resources(west, "AWS::DynamoDB::Table").values()
    assert table_name("prod") not in [r["Properties"].get("TableName") for r in west_tables]
    assert [
        r["Properties"]["ScheduleExpression"]
        for k, r in _resources(east, "AWS::Events::Rule").items()
        if k.startswith("OptOutSync")
    ] == ["rate(15 minutes)"]
    assert not [k for k in _resources(west, "AWS::Events::Rule") if k.startswith("OptOutSync")]
    assert len(_sync_functions(east)) == 2 and len(_sync_functions(west)) == 1  # reconciler + fast path; fast path


def test_prod_numbers_and_pools_on_a_synced_list_reply_to_their_region_s_topic(sample_assembly: Assembly) -> None:
    environment = load_environment("prod")
    checked = 0
    for region in (EAST, WEST):
        stack = sample_assembly.stack(f"SmsEstate-prod-{region}")
        topics = _topic_ids(stack)
        assert {topic_name("prod", name) for name in PROD_LISTS} <= set(topics)
        for config in environment.phone_numbers_in(region):
            assert config.opt_out_list in PROD_LISTS
            props = stack.resources[_logical_id(stack, PHONE_NUMBER_TYPE, "PhoneNumber", config.name)]["Properties"]
            assert props[PhoneNumberProps.TWO_WAY_CHANNEL_ARN] == {
                "Ref": topics[topic_name("prod", config.opt_out_list)]
            }
            assert props[PhoneNumberProps.TWO_WAY_ENABLED] is True
            checked += 1
        for pool in environment.pools:
            if pool.name.endswith(region.split("-")[1]):  # harborline-refills-east / -west
                assert pool.opt_out_list is not None
                resource = stack.resources[_logical_id(stack, "AWS::SMSVOICE::Pool", "Pool", pool.name)]
                topic = {"Ref": topics[topic_name("prod", pool.opt_out_list)]}
                assert resource["Properties"]["TwoWay"] == {"ChannelArn": topic, "Enabled": True}
                checked += 1
    assert checked == 5  # three numbers, two pools


def _logical_id(stack: SynthesizedStack, resource_type: str, kind: str, name: str) -> str:
    """CDK's logical ID of ``construct_id(kind, name)``: its letters and digits, then an 8-character hash."""
    stem = kind + name.replace("-", "")
    [key] = [k for k in _resources(stack, resource_type) if k[:-8] == stem]
    return key


def test_prod_drift_alarms_notify_the_tracking_topic(sample_assembly: Assembly) -> None:
    east = sample_assembly.stack(f"SmsEstate-prod-{EAST}")
    [tracking_topic] = [k for k in _resources(east, TOPIC) if k.startswith("RegistrationTracking")]
    alarms = [r for k, r in _resources(east, "AWS::CloudWatch::Alarm").items() if k.startswith("OptOutSync")]
    assert len(alarms) == len(PROD_LISTS)
    assert all(a["Properties"]["AlarmActions"] == [{"Ref": tracking_topic}] for a in alarms)


def test_prod_sync_widgets_join_the_tracking_dashboard_of_the_home_region(sample_assembly: Assembly) -> None:
    east, west = sample_assembly.stack(f"SmsEstate-prod-{EAST}"), sample_assembly.stack(f"SmsEstate-prod-{WEST}")
    [dashboard] = _resources(east, "AWS::CloudWatch::Dashboard").values()  # the estate's, no second one
    body = json.dumps(dashboard["Properties"]["DashboardBody"])
    assert all(f"{name}: drift" in body for name in PROD_LISTS) and METRIC_DRIFT in body
    [other] = _resources(west, "AWS::CloudWatch::Dashboard").values()
    assert METRIC_DRIFT not in json.dumps(other["Properties"]["DashboardBody"])


def test_prod_functions_carry_the_settings_the_cli_builds(sample_assembly: Assembly) -> None:
    expected = sync_settings(load_environment("prod"))
    assert expected is not None
    for region in (EAST, WEST):
        for function in _sync_functions(sample_assembly.stack(f"SmsEstate-prod-{region}")):
            variables = function["Environment"]["Variables"]
            assert variables[SETTINGS_VARIABLE] == expected.environment_variables()[SETTINGS_VARIABLE]


def test_environments_without_opt_out_sync_carry_none_of_it(sample_assembly: Assembly) -> None:
    for stack in sample_assembly.stacks:
        if stack.name.startswith(("SmsEstate-dev-", "SmsEstate-staging-")):
            assert _sync_resources(stack) == [], stack.name
            assert not _sync_functions(stack), stack.name


# ----- scheduled mode, and a bulk estate -------------------------------------------------------------


def _registration(name: str) -> dict[str, Any]:
    prod = yaml.safe_load((CONFIG_DIR / "prod.yaml").read_text(encoding="utf-8"))
    entry = copy.deepcopy(prod["registrations"][0])
    entry.update(name=name, phone_numbers=[name])
    entry.pop("region", None)
    return dict(entry)


def _number(name: str, region: str, **extra: Any) -> dict[str, Any]:
    return {"name": name, "region": region, "number_type": "TOLL_FREE", "iso_country_code": "US"} | {
        "message_type": "TRANSACTIONAL",
        "opt_out_list": "synced",
        **extra,
    }


SCHEDULED = {
    "environment": "sched",
    "account": "444444444444",
    "regions": [WEST, EAST],
    "opt_out_lists": [{"name": "synced"}, {"name": "other"}],
    "opt_out_sync": {"lists": ["synced"], "mode": "scheduled", "interval_minutes": 20},
    "phone_numbers": [_number("own", WEST, two_way={"channel_arn": OWN_CHANNEL}), _number("quiet", EAST)],
}
BULK = {
    "environment": "bulky",
    "account": "444444444444",
    "regions": [EAST, WEST],
    "opt_out_lists": [{"name": "synced"}],
    "opt_out_sync": {"lists": ["synced"]},
    "bulk": {"shards": 1},
    "phone_numbers": [_number("sharded", EAST)],
    "registrations": [_registration("sharded")],
}


@pytest.fixture(scope="module")
def assembly(tmp_path_factory: pytest.TempPathFactory) -> Assembly:
    root = tmp_path_factory.mktemp("opt-out-sync")
    shutil.copytree(CONFIG_DIR / "attachments", root / "config" / "attachments")
    environments = []
    for doc in (SCHEDULED, BULK):
        path = root / "config" / f"{doc['environment']}.yaml"
        path.write_text(json.dumps(doc, indent=1), encoding="utf-8")  # JSON is YAML
        environments.append(load_environment(path, root / "config"))
    app, _ = build_app(environments, outdir=str(root / "cdk.out"))
    app.synth()
    return read_assembly(root / "cdk.out")


def test_the_synthesized_sync_is_nag_clean_with_no_cfn_lint_error(assembly: Assembly) -> None:
    assert assembly.nag_violations == ()
    assert template_errors(assembly) == []


def test_scheduled_mode_runs_the_reconciler_at_the_first_region_only(assembly: Assembly) -> None:
    west, east = assembly.stack(f"SmsEstate-sched-{WEST}"), assembly.stack(f"SmsEstate-sched-{EAST}")
    assert _sync_resources(east) == []  # no topics, no fast path away from home
    assert [
        r["Properties"]["ScheduleExpression"]
        for k, r in _resources(west, "AWS::Events::Rule").items()
        if k.startswith("OptOutSync")
    ] == ["rate(20 minutes)"]
    functions = [k for k in _resources(west, "AWS::Lambda::Function") if k.startswith("OptOutSync")]
    assert len(functions) == 1 and functions[0].startswith("OptOutSyncReconciler")
    assert topic_name("sched", "synced") not in _topic_ids(west)


def test_scheduled_mode_leaves_the_numbers_two_way_as_declared(assembly: Assembly) -> None:
    [own] = _resources(assembly.stack(f"SmsEstate-sched-{WEST}"), PHONE_NUMBER_TYPE).values()
    [quiet] = _resources(assembly.stack(f"SmsEstate-sched-{EAST}"), PHONE_NUMBER_TYPE).values()
    assert own["Properties"][PhoneNumberProps.TWO_WAY_CHANNEL_ARN] == OWN_CHANNEL
    assert PhoneNumberProps.TWO_WAY_CHANNEL_ARN not in quiet["Properties"]


def test_a_sharded_number_on_a_synced_list_replies_to_the_messaging_stack_s_topic(assembly: Assembly) -> None:
    messaging = assembly.stack(f"SmsEstate-bulky-{EAST}")
    assert topic_name("bulky", "synced") in _topic_ids(messaging)
    [shard] = [s for s in assembly.stacks if s.name.startswith(f"SmsEstate-bulky-{EAST}-registrations")]
    [number] = _resources(shard, PHONE_NUMBER_TYPE).values()
    assert number["Properties"][PhoneNumberProps.TWO_WAY_CHANNEL_ARN] == {
        "Fn::Join": [
            "",
            ["arn:", {"Ref": "AWS::Partition"}, f":sns:{EAST}:444444444444:{topic_name('bulky', 'synced')}"],
        ]
    }
