"""The config model's defaults: safe ones, the same whichever way an entry is made, and the schema's own.

Defaults favour safety (deletion protection on, resources retained, numbers kept, nothing submitted).
Each default lives in two places of ``sms_estate.yaml_app.config.model``: the dataclass field and the parser that
reads a key the config may omit. The tests parse a config whose entries omit every optional key and
compare each entry with the dataclass built from its required fields alone, and each value with the
``default`` the JSON Schema documents to users. Defaults the schema does not state (event log
retention, tracking) are pinned here; ``tests/yaml_app/stacks/test_defaults_on_resources.py`` follows them onto
the synthesized resources.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from sms_estate.yaml_app.config import model
from sms_estate.yaml_app.config.json_schema import package_schema
from sms_estate.yaml_app.config.loader import schema_problems
from sms_estate.yaml_app.config.model import (
    Acknowledgement,
    Bulk,
    ConfigurationSet,
    Environment,
    EventDestination,
    Keyword,
    LintSuppression,
    NotifyConfiguration,
    NumberOverrideConfig,
    OptOutList,
    OptOutSync,
    PhoneNumber,
    Pool,
    ProtectConfiguration,
    RcsAgent,
    Registration,
    SenderId,
    ShareWith,
    Tracking,
    build_environment,
)
from sms_estate.yaml_app.errors import Problem

SOURCE = Path("/configs/plain.yaml")
EAST, WEST = "us-east-1", "us-west-2"
CHANNEL = {"channel_arn": "arn:aws:sns:us-east-1:111111111111:replies"}


def parsed(doc: dict[str, Any]) -> dict[str, Any]:
    """``doc`` as a YAML file parses: fresh strings and lists, like the loader's."""
    loaded: dict[str, Any] = yaml.safe_load(yaml.safe_dump(doc, sort_keys=False))
    return loaded


PLAIN = {
    "environment": "plain",
    "account": "111111111111",
    "regions": [EAST, WEST],
    "opt_out_lists": [{"name": "list"}],
    "protect_configurations": [{"name": "guard"}],
    "configuration_sets": [
        {"name": "cs", "event_destinations": [{"name": "logs", "type": "cloudwatch_logs", "event_types": ["TEXT_ALL"]}]}
    ],
    "pools": [{"name": "pool", "phone_numbers": ["sim"], "help_message": "help", "stop_message": "stop"}],
    "sender_ids": [{"sender_id": "ACME", "iso_country_code": "GB"}],
    "phone_numbers": [
        {"name": "sim", "number_type": "SIMULATOR", "iso_country_code": "US", "message_type": "TRANSACTIONAL"}
    ],
    "registrations": [{"name": "reg", "type": "US_TEN_DLC_BRAND_REGISTRATION", "fields": {}}],
    "notify_configurations": [{"name": "codes", "display_name": "Codes", "enabled_channels": ["SMS"]}],
    "rcs_agents": [{"name": "agent"}],
}


@pytest.fixture(scope="module")
def plain() -> Environment:
    data = parsed(PLAIN)
    assert schema_problems(data, "plain.yaml") == []  # a config a user could write
    return build_environment(data, SOURCE)


def test_each_entry_that_omits_its_options_equals_the_entry_built_from_its_required_fields(plain: Environment) -> None:
    assert plain == Environment(
        name="plain",
        source=SOURCE,
        account="111111111111",
        regions=(EAST, WEST),
        opt_out_lists=(OptOutList("list"),),
        protect_configurations=(ProtectConfiguration("guard"),),
        configuration_sets=(
            ConfigurationSet("cs", event_destinations=(EventDestination("logs", "cloudwatch_logs", ("TEXT_ALL",)),)),
        ),
        pools=(Pool("pool", ("sim",), "help", "stop"),),
        sender_ids=(SenderId("ACME", "GB"),),
        phone_numbers=(PhoneNumber("sim", EAST, "SIMULATOR", "US", "TRANSACTIONAL"),),
        registrations=(Registration("reg", "US_TEN_DLC_BRAND_REGISTRATION", EAST, {}),),
        notify_configurations=(NotifyConfiguration("codes", "Codes", ("SMS",)),),
        rcs_agents=(RcsAgent("agent"),),
    )


def test_the_safe_defaults(plain: Environment) -> None:
    [number], [pool], [sender], [guard], [opt_out] = (
        plain.phone_numbers,
        plain.pools,
        plain.sender_ids,
        plain.protect_configurations,
        plain.opt_out_lists,
    )
    [registration], [config_set] = plain.registrations, plain.configuration_sets
    [destination] = config_set.event_destinations
    assert (number.deletion_protection, number.on_delete, number.allow_replacement) == (True, "retain", False)
    assert (number.capabilities, number.self_managed_opt_outs, number.opt_out_list) == (("SMS",), False, None)
    assert (number.two_way_channel_arn, number.two_way_channel_role_arn) == (None, None)
    assert (pool.deletion_protection, pool.on_delete, pool.self_managed_opt_outs, pool.shared_routes) == (
        True,
        "retain",
        False,
        False,
    )
    assert (pool.sender_ids, pool.keywords, pool.opt_out_list, pool.two_way_channel_arn) == ((), (), None, None)
    assert (sender.deletion_protection, sender.on_delete) == (True, "retain")
    assert (guard.deletion_protection, guard.on_delete, dict(guard.country_rules)) == (True, "retain", {})
    assert opt_out.on_delete == "retain"
    assert (registration.submit, registration.aws_review, registration.delete_draft_on_removal) == (False, False, False)
    assert (registration.phone_numbers, registration.lint_suppressions, dict(registration.attachments)) == ((), (), {})
    assert (config_set.message_feedback, config_set.default_message_type, config_set.protect_configuration) == (
        False,
        None,
        None,
    )
    assert (destination.enabled, destination.retention_days, destination.bucket_retention_days) == (True, 90, 365)
    assert plain.tracking == Tracking() == Tracking((), None, 24.0, 60)
    [notify], [agent] = plain.notify_configurations, plain.rcs_agents
    assert (notify.deletion_protection, notify.on_delete, notify.enabled_countries) == (True, "retain", ())
    assert (agent.deletion_protection, agent.on_delete, agent.self_managed_opt_outs) == (True, "retain", False)
    assert (plain.bulk, plain.acknowledgements, dict(plain.tags)) == (None, (), {})


# Which model entry each schema definition describes (the patches of region_overrides are merged first).
ENTRIES = {
    "optOutList": "opt_out_lists",
    "protectConfiguration": "protect_configurations",
    "configurationSet": "configuration_sets",
    "pool": "pools",
    "senderId": "sender_ids",
    "phoneNumber": "phone_numbers",
    "registration": "registrations",
    "notifyConfiguration": "notify_configurations",
    "rcsAgent": "rcs_agents",
}


def schema_defaults() -> list[tuple[str, str, Any]]:
    schema = package_schema()
    found = [
        (definition, key, spec["default"])
        for definition, body in schema["$defs"].items()
        for key, spec in body.get("properties", {}).items()
        if isinstance(spec, dict) and "default" in spec and not definition.endswith("Patch")
    ]
    found += [
        ("tracking", key, spec["default"])
        for key, spec in schema["properties"]["tracking"]["properties"].items()
        if "default" in spec
    ]
    return found


def test_the_schema_documents_each_safe_default() -> None:
    documented = {(definition, key): value for definition, key, value in schema_defaults()}
    assert documented[("pool", "deletion_protection")] is True
    assert documented[("phoneNumber", "on_delete")] == "retain"
    # + notify configurations (3), RCS agents (3) and protect configurations' account_default (1), issue 19
    assert len(documented) == 21 + 7


@pytest.mark.parametrize(("definition", "key", "default"), schema_defaults(), ids=lambda v: str(v))
def test_the_model_applies_the_default_the_schema_documents(
    plain: Environment, definition: str, key: str, default: Any
) -> None:
    if definition == "tracking":
        entry: Any = plain.tracking
    elif definition == "eventDestination":
        entry = plain.configuration_sets[0].event_destinations[0]
    else:
        entry = getattr(plain, ENTRIES[definition])[0]
    value = getattr(entry, key)
    assert (list(value) if isinstance(value, tuple) else value) == default


def test_explicit_values_replace_every_default() -> None:
    doc = json.loads(json.dumps(PLAIN))
    doc["opt_out_lists"][0]["on_delete"] = "destroy"
    doc["protect_configurations"][0].update(deletion_protection=False, on_delete="destroy")
    doc["configuration_sets"][0].update(message_feedback=True, default_message_type="PROMOTIONAL")
    doc["configuration_sets"][0]["event_destinations"][0].update(enabled=False, retention_days=30)
    doc["pools"][0].update(
        self_managed_opt_outs=True, shared_routes=True, deletion_protection=False, on_delete="destroy"
    )
    doc["sender_ids"][0].update(deletion_protection=False, on_delete="destroy")
    doc["phone_numbers"][0].update(
        region=WEST, self_managed_opt_outs=True, deletion_protection=False, on_delete="release", allow_replacement=True
    )
    doc["registrations"][0].update(submit=True, aws_review=True, delete_draft_on_removal=True, region=WEST)
    doc["tracking"] = {"pending_alarm_hours": 36, "poll_interval_minutes": 15}
    doc["bulk"] = {"shards": 3}
    env = build_environment(parsed(doc), SOURCE)
    assert env.opt_out_lists[0].on_delete == "destroy"
    assert (env.protect_configurations[0].deletion_protection, env.protect_configurations[0].on_delete) == (
        False,
        "destroy",
    )
    config_set = env.configuration_sets[0]
    assert (config_set.message_feedback, config_set.default_message_type) == (True, "PROMOTIONAL")
    assert (config_set.event_destinations[0].enabled, config_set.event_destinations[0].retention_days) == (False, 30)
    pool = env.pools[0]
    assert (pool.self_managed_opt_outs, pool.shared_routes, pool.deletion_protection, pool.on_delete) == (
        True,
        True,
        False,
        "destroy",
    )
    assert (env.sender_ids[0].deletion_protection, env.sender_ids[0].on_delete) == (False, "destroy")
    number = env.phone_numbers[0]
    assert (number.region, number.self_managed_opt_outs, number.deletion_protection) == (WEST, True, False)
    assert (number.on_delete, number.allow_replacement) == ("release", True)
    registration = env.registrations[0]
    assert (registration.submit, registration.aws_review, registration.delete_draft_on_removal) == (True, True, True)
    assert registration.region == WEST
    assert env.tracking == Tracking((), None, 36.0, 15)
    assert isinstance(env.tracking.pending_alarm_hours, float)
    assert env.bulk == Bulk(3)


def test_two_way_is_on_only_where_a_channel_is_named() -> None:
    doc = json.loads(json.dumps(PLAIN))
    role = "arn:aws:iam::111111111111:role/replies"
    doc["phone_numbers"] += [
        {**doc["phone_numbers"][0], "name": "off", "two_way": False},
        {**doc["phone_numbers"][0], "name": "on", "two_way": {**CHANNEL, "channel_role_arn": role}},
    ]
    doc["pools"].append(
        {
            **doc["pools"][0],
            "name": "two-way",
            "two_way": CHANNEL,
            "keywords": [{"keyword": "HI", "message": "hello", "action": "AUTOMATIC_RESPONSE"}],
            "sender_ids": ["ACME"],
        }
    )
    env = build_environment(parsed(doc), SOURCE)
    channels = [(n.name, n.two_way_channel_arn, n.two_way_channel_role_arn) for n in env.phone_numbers]
    assert channels == [("sim", None, None), ("off", None, None), ("on", CHANNEL["channel_arn"], role)]
    plain_pool, two_way = env.pools
    assert (plain_pool.two_way_channel_arn, two_way.two_way_channel_arn, two_way.two_way_channel_role_arn) == (
        None,
        CHANNEL["channel_arn"],
        None,
    )
    assert (two_way.keywords, two_way.sender_ids) == ((Keyword("HI", "hello", "AUTOMATIC_RESPONSE"),), ("ACME",))


def test_registration_details_are_read_and_attachments_sit_beside_the_config() -> None:
    doc = json.loads(json.dumps(PLAIN))
    doc["registrations"][0].update(
        phone_numbers=["sim"],
        justification="why",
        attachments={"messagingUseCase.optInImage": "attachments/optin.png"},
        lint_suppressions=[{"rule": "r1", "reason": "because"}, {"rule": "r2", "reason": "so", "field": "f"}],
    )
    doc["acknowledge"] = [{"change": "c", "reason": "r"}]
    env = build_environment(parsed(doc), SOURCE)
    [registration] = env.registrations
    assert dict(registration.attachments) == {"messagingUseCase.optInImage": Path("/configs/attachments/optin.png")}
    assert (registration.phone_numbers, registration.justification) == (("sim",), "why")
    assert registration.lint_suppressions == (LintSuppression("r1", "because"), LintSuppression("r2", "so", "f"))
    assert env.acknowledgements == (Acknowledgement("c", "r"),)


def test_an_environment_answers_per_region(plain: Environment) -> None:
    doc = json.loads(json.dumps(PLAIN))
    doc["phone_numbers"].append({**doc["phone_numbers"][0], "name": "west", "region": WEST})
    doc["phone_numbers"].append({**doc["phone_numbers"][0], "name": "east", "region": EAST})
    doc["registrations"].append({**doc["registrations"][0], "name": "west-reg", "region": WEST})
    env = build_environment(parsed(doc), SOURCE)
    east, west = "-".join(["us", "east", "1"]), "-".join(["us", "west", "2"])  # not the literals' objects
    assert env.primary_region == EAST
    assert [n.name for n in env.phone_numbers_in(east)] == ["sim", "east"]
    assert [n.name for n in env.phone_numbers_in(west)] == ["west"]
    assert [r.name for r in env.registrations_in(east)] == ["reg"]
    assert [r.name for r in env.registrations_in(west)] == ["west-reg"]
    regional = dataclasses.replace(env, name="regional")
    with_override = dataclasses.replace(env, regional={WEST: regional})
    assert (with_override.in_region(WEST), with_override.in_region(EAST)) == (regional, with_override)


def test_warnings_regional_views_and_raw_data_are_not_part_of_an_entrys_identity(plain: Environment) -> None:
    noisy = dataclasses.replace(
        plain, warnings=(Problem("plain.yaml", "x", "warned"),), regional={WEST: dataclasses.replace(plain, name="w")}
    )
    assert noisy == plain
    assert "regional=" not in repr(noisy) and "warned" in repr(noisy)
    [registration] = plain.registrations
    other = dataclasses.replace(registration, raw={"something": "else"})
    assert other == registration
    assert "raw=" not in repr(other)


MODEL_CLASSES = [
    cls
    for cls in vars(model).values()
    if isinstance(cls, type) and dataclasses.is_dataclass(cls) and cls.__module__ == model.__name__
]


@pytest.mark.parametrize("cls", MODEL_CLASSES, ids=lambda cls: cls.__name__)
def test_the_model_is_immutable(cls: type, plain: Environment) -> None:
    samples: dict[str, Any] = {
        "OptOutList": plain.opt_out_lists[0],
        "ProtectConfiguration": plain.protect_configurations[0],
        "EventDestination": plain.configuration_sets[0].event_destinations[0],
        "ConfigurationSet": plain.configuration_sets[0],
        "Keyword": Keyword("HI", "hello", "OPT_IN"),
        "Pool": plain.pools[0],
        "SenderId": plain.sender_ids[0],
        "PhoneNumber": plain.phone_numbers[0],
        "LintSuppression": LintSuppression("r", "why"),
        "Registration": plain.registrations[0],
        "Tracking": plain.tracking,
        "Bulk": Bulk(2),
        "Acknowledgement": Acknowledgement("c", "r"),
        "OptOutSync": OptOutSync(("list",)),
        "ShareWith": ShareWith(("222222222222",)),
        "NumberOverrideConfig": NumberOverrideConfig("+12065550100", "ALLOW"),
        "NotifyConfiguration": plain.notify_configurations[0],
        "RcsAgent": plain.rcs_agents[0],
        "Environment": plain,
    }
    sample = samples[cls.__name__]
    first = dataclasses.fields(sample)[0].name
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(sample, first, "changed")


def test_every_model_class_is_checked_for_immutability() -> None:
    assert len(MODEL_CLASSES) == 16 + 3  # + NotifyConfiguration, RcsAgent, NumberOverrideConfig (issue 19)
