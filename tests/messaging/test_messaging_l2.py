"""The messaging constructs as a library user meets them: attributes, imports, grants, event destinations.

One stack holds one of each construct, the imports and one role per grant, and is synthesized once
for the module. What is checked is what a wrong value would cost: an attribute that is a plain string
(no dependency, or the wrong resource), an import that reads the wrong part of an ARN, a grant with
another action or on another (or every) resource, a destination that trusts another set than the one
it is attached to. Bad choices are refused at construction, before any synth.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, get_args

import aws_cdk as cdk
import botocore.session
import pytest
from aws_cdk import aws_iam as iam
from aws_cdk.assertions import Template
from constructs import Construct

import sms_estate
from sms_estate.grants import SEND_MEDIA_MESSAGE, SEND_TEXT_MESSAGE, SEND_VOICE_MESSAGE, grant_on
from sms_estate.messaging import (
    CloudWatchLogsDestination,
    EventDestination,
    EventType,
    FirehoseDestination,
    ISmsConfigurationSet,
    ISmsOptOutList,
    ISmsPool,
    ISmsSenderId,
    KeywordAction,
    PoolKeyword,
    ProtectCapability,
    ProtectStatus,
    SmsConfigurationSet,
    SmsOptOutList,
    SmsPool,
    SmsProtectConfiguration,
    SmsSenderId,
    SnsDestination,
)
from sms_estate.messaging.event_destinations import log_retention_days

ACCOUNT, REGION = "111111111111", "us-east-1"
NUMBER = f"arn:aws:sms-voice:{REGION}:{ACCOUNT}:phone-number/phone-1"
STREAM = f"arn:aws:firehose:{REGION}:{ACCOUNT}:deliverystream/events"
OTHER = "222222222222"


def new_stack(name: str = "Library") -> cdk.Stack:
    app = cdk.App(analytics_reporting=False, builtin_cloud_formation_validation=False)
    return cdk.Stack(app, name, env=cdk.Environment(account=ACCOUNT, region=REGION))


def new_role(scope: Construct, id: str) -> iam.Role:
    return iam.Role(scope, id, assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"))


@dataclass
class Built:
    stack: cdk.Stack
    template: dict[str, Any]
    objects: dict[str, Any]
    grants: dict[str, tuple[str, Any]]  # role id -> (action granted, the resource ARN as a resolved token)

    def resolve(self, value: Any) -> Any:
        return self.stack.resolve(value)

    def logical_id(self, construct: Construct) -> str:
        child = construct.node.default_child
        assert isinstance(child, cdk.CfnElement)
        return self.stack.get_logical_id(child)

    def of_type(self, resource_type: str) -> dict[str, dict[str, Any]]:
        return {k: v for k, v in self.template["Resources"].items() if v["Type"] == resource_type}


@pytest.fixture(scope="module")
def built() -> Built:
    stack = new_stack()
    opt_out = SmsOptOutList(stack, "OptOut", opt_out_list_name="stops")
    sender = SmsSenderId(stack, "Sender", sender_id="ACME", iso_country_code="GB")
    pool = SmsPool(
        stack,
        "Pool",
        name="orders",
        origination_identities=[NUMBER],
        sender_ids=[sender.sender_id_arn],
        help_message="help",
        stop_message="stop",
        keywords=[PoolKeyword("INFO", "info", "AUTOMATIC_RESPONSE")],
        opt_out_list_name=opt_out.opt_out_list_name,
    )
    protect = SmsProtectConfiguration(stack, "Protect", name="guard", country_rules={"SMS": {"GB": "BLOCK"}})
    config_set = SmsConfigurationSet(
        stack, "Set", configuration_set_name="orders-set", protect_configuration_id=protect.protect_configuration_id
    )
    logs_destination = config_set.add_event_destination(
        "Logs", name="log", event_types=["TEXT_ALL"], destination=CloudWatchLogsDestination(retention_days=30)
    )
    sns_destination = config_set.add_event_destination(
        "Alerts", name="alerts", event_types=["TEXT_BLOCKED", "VOICE_FAILED"], destination=SnsDestination()
    )
    stream_destination = config_set.add_event_destination(
        "Archive",
        name="archive",
        event_types=["ALL"],
        destination=FirehoseDestination(delivery_stream_arn=STREAM),
        enabled=False,
    )
    token_arn = cdk.CfnParameter(stack, "SharedPoolArn").value_as_string
    imports = {
        "pool_arn": SmsPool.from_pool_arn(stack, "ImportedPool", f"arn:aws:sms-voice:{REGION}:{OTHER}:pool/pool-abc"),
        "pool_id": SmsPool.from_pool_attributes(stack, "PoolById", pool_id="pool-def"),
        "pool_token": SmsPool.from_pool_arn(stack, "PoolByToken", token_arn),
        "sender_arn": SmsSenderId.from_sender_id_arn(
            stack, "ImportedSender", f"arn:aws:sms-voice:{REGION}:{OTHER}:sender-id/BRAND/DE"
        ),
        "sender_token": SmsSenderId.from_sender_id_arn(stack, "SenderByToken", token_arn),
        "list_name": SmsOptOutList.from_opt_out_list_name(stack, "Default", "Default"),
        "list_arn": SmsOptOutList.from_opt_out_list_arn(
            stack, "ImportedList", f"arn:aws:sms-voice:{REGION}:{OTHER}:opt-out-list/theirs"
        ),
        "set_name": SmsConfigurationSet.from_configuration_set_name(stack, "SetByName", "legacy"),
        "set_arn": SmsConfigurationSet.from_configuration_set_arn(
            stack, "SetByArn", f"arn:aws:sms-voice:{REGION}:{OTHER}:configuration-set/shared"
        ),
    }
    grants: dict[str, tuple[str, Any]] = {}
    verbs = {
        SEND_TEXT_MESSAGE: "grant_send_text_message",
        SEND_VOICE_MESSAGE: "grant_send_voice_message",
        SEND_MEDIA_MESSAGE: "grant_send_media_message",
    }
    targets: dict[str, tuple[Any, Callable[[Any], str]]] = {
        "Pool": (pool, lambda p: p.pool_arn),
        "ImportedPool": (imports["pool_arn"], lambda p: p.pool_arn),
        "Sender": (sender, lambda s: s.sender_id_arn),
        "Set": (config_set, lambda c: c.configuration_set_arn),
        "ImportedSet": (imports["set_arn"], lambda c: c.configuration_set_arn),
    }
    for target_name, (target, arn_of) in targets.items():
        for action, method in verbs.items():
            if not hasattr(target, method):
                continue
            role_id = f"{target_name}{method.title().replace('_', '')}"
            getattr(target, method)(new_role(stack, role_id))
            grants[role_id] = (action, stack.resolve(arn_of(target)))
    # created and imported constructs satisfy the same interfaces (mypy checks these assignments)
    interfaces: tuple[ISmsPool, ISmsOptOutList, ISmsSenderId, ISmsConfigurationSet] = (
        pool,
        opt_out,
        sender,
        config_set,
    )
    assert interfaces[0] is pool
    objects = {
        "opt_out": opt_out,
        "sender": sender,
        "pool": pool,
        "protect": protect,
        "set": config_set,
        "logs": logs_destination,
        "sns": sns_destination,
        "stream": stream_destination,
        **imports,
    }
    template = cdk.App.of(stack).synth().get_stack_by_name(stack.stack_name).template  # type: ignore[union-attr]
    return Built(stack, template, objects, grants)


def _get_att(logical_id: str, attribute: str) -> dict[str, Any]:
    return {"Fn::GetAtt": [logical_id, attribute]}


def _from_arn(arn: Any, index: int) -> dict[str, Any]:
    """What CloudFormation is told to read a part of an ARN token with."""
    resource = {"Fn::Split": ["/", {"Fn::Select": [5, {"Fn::Split": [":", arn]}]}]}
    return {"Fn::Select": [index, resource]}


def test_attributes_are_tokens_of_their_own_resource(built: Built) -> None:
    o = built.objects
    lid = {name: built.logical_id(o[name]) for name in ("opt_out", "sender", "pool", "protect", "set")}
    sender_arn = _get_att(lid["sender"], "Arn")
    assert {
        "opt_out_list_name": built.resolve(o["opt_out"].opt_out_list_name),
        "opt_out_list_arn": built.resolve(o["opt_out"].opt_out_list_arn),
        "sender_id_arn": built.resolve(o["sender"].sender_id_arn),
        "sender_id": built.resolve(o["sender"].sender_id),
        "iso_country_code": built.resolve(o["sender"].iso_country_code),
        "pool_id": built.resolve(o["pool"].pool_id),
        "pool_arn": built.resolve(o["pool"].pool_arn),
        "protect_configuration_id": built.resolve(o["protect"].protect_configuration_id),
        "protect_configuration_arn": built.resolve(o["protect"].protect_configuration_arn),
        "configuration_set_name": built.resolve(o["set"].configuration_set_name),
        "configuration_set_arn": built.resolve(o["set"].configuration_set_arn),
    } == {
        "opt_out_list_name": {"Ref": lid["opt_out"]},
        "opt_out_list_arn": _get_att(lid["opt_out"], "Arn"),
        "sender_id_arn": sender_arn,
        "sender_id": _from_arn(sender_arn, 1),
        "iso_country_code": _from_arn(sender_arn, 2),
        "pool_id": _get_att(lid["pool"], "PoolId"),
        "pool_arn": _get_att(lid["pool"], "Arn"),
        "protect_configuration_id": _get_att(lid["protect"], "ProtectConfigurationId"),
        "protect_configuration_arn": _get_att(lid["protect"], "Arn"),
        "configuration_set_name": {"Ref": lid["set"]},
        "configuration_set_arn": _get_att(lid["set"], "Arn"),
    }
    # passing the tokens on wires the dependencies: the pool names the list and the sender ID by reference
    pool = built.template["Resources"][lid["pool"]]["Properties"]
    assert pool["OptOutListName"] == {"Ref": lid["opt_out"]}
    assert pool["OriginationIdentities"] == [NUMBER, sender_arn]
    config_set = built.template["Resources"][lid["set"]]["Properties"]
    assert config_set["ProtectConfigurationId"] == _get_att(lid["protect"], "ProtectConfigurationId")


def test_imports_read_ids_and_names_from_arns(built: Built) -> None:
    o = built.objects
    token = {"Ref": "SharedPoolArn"}
    assert {
        "pool_arn": (o["pool_arn"].pool_id, o["pool_arn"].pool_arn),
        "sender_arn": (o["sender_arn"].sender_id, o["sender_arn"].iso_country_code),
        "list_name": (o["list_name"].opt_out_list_name, o["list_name"].opt_out_list_arn),
        "list_arn": (o["list_arn"].opt_out_list_name, o["list_arn"].opt_out_list_arn),
        "set_name": (o["set_name"].configuration_set_name, o["set_name"].configuration_set_arn),
        "set_arn": (o["set_arn"].configuration_set_name, o["set_arn"].configuration_set_arn),
    } == {
        "pool_arn": ("pool-abc", f"arn:aws:sms-voice:{REGION}:{OTHER}:pool/pool-abc"),
        "sender_arn": ("BRAND", "DE"),
        "list_name": ("Default", built.objects["list_name"].opt_out_list_arn),
        "list_arn": ("theirs", f"arn:aws:sms-voice:{REGION}:{OTHER}:opt-out-list/theirs"),
        "set_name": ("legacy", built.objects["set_name"].configuration_set_arn),
        "set_arn": ("shared", f"arn:aws:sms-voice:{REGION}:{OTHER}:configuration-set/shared"),
    }
    partition = {"Ref": "AWS::Partition"}
    assert o["pool_id"].pool_id == "pool-def"
    assert built.resolve(o["pool_id"].pool_arn) == {
        "Fn::Join": ["", ["arn:", partition, f":sms-voice:{REGION}:{ACCOUNT}:pool/pool-def"]]
    }
    assert built.resolve(o["list_name"].opt_out_list_arn) == {
        "Fn::Join": ["", ["arn:", partition, f":sms-voice:{REGION}:{ACCOUNT}:opt-out-list/Default"]]
    }
    assert built.resolve(o["set_name"].configuration_set_arn) == {
        "Fn::Join": ["", ["arn:", partition, f":sms-voice:{REGION}:{ACCOUNT}:configuration-set/legacy"]]
    }
    # an ARN that is a token is split by CloudFormation, and the imported construct takes its account
    assert built.resolve(o["pool_token"].pool_id) == _from_arn(token, 1)
    assert built.resolve(o["sender_token"].sender_id) == _from_arn(token, 1)
    assert built.resolve(o["sender_token"].iso_country_code) == _from_arn(token, 2)
    assert o["pool_arn"].env.account == OTHER


@pytest.mark.parametrize(
    ("arn", "message"),
    [
        (f"arn:aws:sms-voice:{REGION}:{ACCOUNT}:phone-number/phone-1", "is not an sms-voice pool ARN"),
        (f"arn:aws:sns:{REGION}:{ACCOUNT}:pool/pool-1", "is not an sms-voice pool ARN"),
        ("pool-1", "is not an sms-voice pool ARN"),
        (f"arn:aws:sms-voice:{REGION}:{ACCOUNT}:pool/", "must end in pool/ and 1 name part"),
        (f"arn:aws:sms-voice:{REGION}:{ACCOUNT}:pool/a/b", "must end in pool/ and 1 name part"),
        (f"arn:aws:sms-voice::{ACCOUNT}:pool/pool-1", "must name a region and an account"),
        (f"arn:aws:sms-voice:{REGION}::pool/pool-1", "must name a region and an account"),
        ("arn:aws:sms-voice:::pool/pool-1", "must name a region and an account"),
    ],
)
def test_a_wrong_literal_arn_is_refused_with_the_construct_path(arn: str, message: str) -> None:
    with pytest.raises(ValueError, match=f"^Bad/Team/Imported: '{re.escape(arn)}' {message}"):
        SmsPool.from_pool_arn(Construct(new_stack("Bad"), "Team"), "Imported", arn)


def test_imports_refuse_arns_of_another_type_and_need_an_id_or_arn() -> None:
    stack = new_stack("Bad")
    with pytest.raises(ValueError, match="must end in sender-id/ and 2 name part"):
        SmsSenderId.from_sender_id_arn(stack, "S", f"arn:aws:sms-voice:{REGION}:{ACCOUNT}:sender-id/ACME")
    with pytest.raises(ValueError, match="not an sms-voice opt-out-list ARN"):
        SmsOptOutList.from_opt_out_list_arn(stack, "L", f"arn:aws:sms-voice:{REGION}:{ACCOUNT}:pool/x")
    with pytest.raises(ValueError, match="not an sms-voice configuration-set ARN"):
        SmsConfigurationSet.from_configuration_set_arn(stack, "C", f"arn:aws:sms-voice:{REGION}:{ACCOUNT}:pool/x")
    with pytest.raises(ValueError, match="Bad/P: give pool_id, pool_arn or both"):
        SmsPool.from_pool_attributes(stack, "P")


def test_each_grant_is_one_action_on_exactly_the_resource_arn(built: Built) -> None:
    policies = built.of_type("AWS::IAM::Policy")
    by_role = {
        p["Properties"]["Roles"][0]["Ref"]: p["Properties"]["PolicyDocument"]["Statement"] for p in policies.values()
    }
    seen = {}
    for role_id, (action, resource) in built.grants.items():
        role = built.stack.node.find_child(role_id)
        assert isinstance(role, iam.Role)
        seen[role_id] = by_role[built.stack.get_logical_id(role.node.default_child)]  # type: ignore[arg-type]
        assert seen[role_id] == [{"Action": action, "Effect": "Allow", "Resource": resource}], role_id
    # every verb where the API lets the resource be named; no voice from a sender ID (it cannot call)
    assert sorted(seen) == sorted(
        [
            *(
                f"{t}GrantSend{v}Message"
                for t in ("Pool", "ImportedPool", "Set", "ImportedSet")
                for v in ("Text", "Voice", "Media")
            ),
            "SenderGrantSendTextMessage",
            "SenderGrantSendMediaMessage",
        ]
    )
    assert not hasattr(built.objects["sender"], "grant_send_voice_message")


def test_grant_on_refuses_an_empty_action_or_resource_list() -> None:
    stack = new_stack("Grants")
    role = new_role(stack, "Role")
    with pytest.raises(ValueError, match="at least one action"):
        grant_on(role, [], ["arn:aws:sms-voice:us-east-1:111111111111:pool/p"])
    with pytest.raises(ValueError, match="at least one resource ARN"):
        grant_on(role, [SEND_TEXT_MESSAGE], [])


def test_event_destinations_are_children_of_their_set_and_trust_only_it(built: Built) -> None:
    config_set = built.objects["set"]
    logs, sns_destination, stream = (built.objects[k] for k in ("logs", "sns", "stream"))
    assert config_set.destinations == [logs, sns_destination, stream]
    assert all(d.node.scope is config_set for d in config_set.destinations)
    properties = built.template["Resources"][built.logical_id(config_set)]["Properties"]
    assert [
        (
            d["EventDestinationName"],
            d["Enabled"],
            d["MatchingEventTypes"],
            sorted(set(d) - {"EventDestinationName", "Enabled", "MatchingEventTypes"}),
        )
        for d in properties["EventDestinations"]
    ] == [
        ("log", True, ["TEXT_ALL"], ["CloudWatchLogsDestination"]),
        ("alerts", True, ["TEXT_BLOCKED", "VOICE_FAILED"], ["SnsDestination"]),
        ("archive", False, ["ALL"], ["KinesisFirehoseDestination"]),
    ]
    assert properties["EventDestinations"][2]["KinesisFirehoseDestination"]["DeliveryStreamArn"] == STREAM
    assert stream.delivery_stream_arn == STREAM and logs.log_group_arn is not None and sns_destination.topic is not None
    source_arn = f":sms-voice:{REGION}:{ACCOUNT}:configuration-set/orders-set"
    for destination in (logs, stream):
        role = built.template["Resources"][built.stack.get_logical_id(destination.role.node.default_child)]
        [statement] = role["Properties"]["AssumeRolePolicyDocument"]["Statement"]
        assert statement["Condition"]["ArnLike"]["aws:SourceArn"]["Fn::Join"][1][-1] == source_arn
        assert statement["Condition"]["StringEquals"] == {"aws:SourceAccount": ACCOUNT}
    [group] = built.of_type("AWS::Logs::LogGroup").values()
    assert group["Properties"]["LogGroupName"] == "/sms-voice/orders-set/log"
    assert group["Properties"]["RetentionInDays"] == 30


def test_a_sixth_or_repeated_destination_and_bad_event_types_are_refused() -> None:
    config_set = SmsConfigurationSet(new_stack("Limits"), "Set", configuration_set_name="limits")
    for i in range(5):
        config_set.add_event_destination(f"D{i}", name=f"d{i}", event_types=["TEXT_ALL"], destination=SnsDestination())
    with pytest.raises(ValueError, match="Limits/Set: configuration set 'limits' already has 5 event destinations"):
        config_set.add_event_destination("D5", name="d5", event_types=["TEXT_ALL"], destination=SnsDestination())
    other = SmsConfigurationSet(new_stack("Checks"), "Set", configuration_set_name="checks")
    other.add_event_destination("A", name="a", event_types=["ALL"], destination=SnsDestination())
    with pytest.raises(ValueError, match="event destination 'a' is already in this set"):
        other.add_event_destination("B", name="a", event_types=["ALL"], destination=SnsDestination())
    with pytest.raises(
        ValueError, match=r"Checks/Set/C: event_types must be one of ALL, TEXT_ALL.*got 'TEXT_EVERYTHING'"
    ):
        other.add_event_destination("C", name="c", event_types=["TEXT_EVERYTHING"], destination=SnsDestination())  # type: ignore[list-item]
    with pytest.raises(ValueError, match="Checks/Set/D: an event destination needs at least one event type"):
        other.add_event_destination("D", name="d", event_types=[], destination=SnsDestination())


def test_a_destination_is_built_into_its_own_set_and_cannot_be_attached_to_another() -> None:
    stack = new_stack("Owners")
    mine = SmsConfigurationSet(stack, "Mine", configuration_set_name="mine")
    theirs = SmsConfigurationSet(stack, "Theirs", configuration_set_name="theirs")
    # the constructor takes the set itself: its scope, its name and its EventDestinations all come from it
    built_directly = EventDestination(mine, "Direct", name="direct", event_types=["ALL"], destination=SnsDestination())
    assert built_directly.configuration_set is mine and built_directly.node.scope is mine
    assert built_directly.configuration_set_name == "mine" and mine.destinations == [built_directly]
    assert theirs.destinations == [] and not hasattr(built_directly, "property")  # no L1 entry to copy around
    with pytest.raises(TypeError, match="belongs to an SmsConfigurationSet"):
        elsewhere: Any = Construct(stack, "Elsewhere")
        EventDestination(elsewhere, "D", name="d", event_types=["ALL"], destination=SnsDestination())
    imported = SmsConfigurationSet.from_configuration_set_name(stack, "Imported", "legacy")
    with pytest.raises(TypeError, match="belongs to an SmsConfigurationSet"):
        EventDestination(imported, "D", name="d", event_types=["ALL"], destination=SnsDestination())  # type: ignore[arg-type]
    # the public API has no separate spec or set name to get wrong
    assert "EventDestinationSpec" not in sms_estate.__all__
    assert {"configuration_set_name", "scope"}.isdisjoint(inspect.signature(EventDestination).parameters)
    template = Template.from_stack(stack).to_json()["Resources"]
    entries = {
        r["Properties"]["ConfigurationSetName"]: [
            d["EventDestinationName"] for d in r["Properties"].get("EventDestinations", [])
        ]
        for r in template.values()
        if r["Type"] == "AWS::SMSVOICE::ConfigurationSet"
    }
    assert entries == {"mine": ["direct"], "theirs": []}
    [policy] = [r for r in template.values() if r["Type"] == "AWS::SNS::TopicPolicy"]
    [statement] = [st for st in policy["Properties"]["PolicyDocument"]["Statement"] if st["Effect"] == "Allow"]
    assert statement["Condition"]["ArnLike"]["aws:SourceArn"]["Fn::Join"][1][-1].endswith(":configuration-set/mine")


def test_log_retention_is_one_cloudwatch_logs_accepts() -> None:
    from cfnlint.schema import PROVIDER_SCHEMA_MANAGER

    schema = PROVIDER_SCHEMA_MANAGER.get_resource_schema(REGION, "AWS::Logs::LogGroup").schema
    assert log_retention_days() == set(schema["properties"]["RetentionInDays"]["enum"])
    config_set = SmsConfigurationSet(new_stack("Retention"), "Set", configuration_set_name="kept")
    for days in (0, 2, 366, 4000):
        with pytest.raises(
            ValueError, match=rf"^Retention/Set/L{days}: retention_days {days} is not a retention .* one of 1, 3, 5, "
        ):
            config_set.add_event_destination(
                f"L{days}",
                name=f"l{days}",
                event_types=["ALL"],
                destination=CloudWatchLogsDestination(retention_days=days),
            )
    # also for an existing group: the value is wrong wherever it is given
    with pytest.raises(ValueError, match="retention_days 10 is not"):
        config_set.add_event_destination(
            "Existing",
            name="existing",
            event_types=["ALL"],
            destination=CloudWatchLogsDestination(
                log_group_arn=f"arn:aws:logs:{REGION}:{ACCOUNT}:log-group:g", retention_days=10
            ),
        )
    assert config_set.destinations == []
    config_set.add_event_destination(
        "Year", name="year", event_types=["ALL"], destination=CloudWatchLogsDestination(retention_days=3653)
    )
    [group] = [
        r
        for r in Template.from_stack(config_set.stack).to_json()["Resources"].values()
        if r["Type"] == "AWS::Logs::LogGroup"
    ]
    assert group["Properties"]["RetentionInDays"] == 3653


def test_bad_choices_are_refused_with_the_construct_path() -> None:
    stack = new_stack("Choices")
    bad: Any = "delete"
    cases: list[tuple[str, Callable[[], object]]] = [
        (
            "OptOut: on_delete must be one of retain, destroy, got 'delete'",
            lambda: SmsOptOutList(stack, "OptOut", opt_out_list_name="x", on_delete=bad),
        ),
        (
            "Sender: on_delete",
            lambda: SmsSenderId(stack, "Sender", sender_id="A", iso_country_code="GB", on_delete=bad),
        ),
        ("Protect: on_delete", lambda: SmsProtectConfiguration(stack, "Protect", name="p", on_delete=bad)),
        ("Pool: on_delete", lambda: _pool(stack, "Pool", on_delete=bad)),
        (
            "Keyword: keyword 'INFO' action must be one of AUTOMATIC_RESPONSE, OPT_OUT, OPT_IN, got 'REPLY'",
            lambda: _pool(stack, "Keyword", keywords=[PoolKeyword("INFO", "i", bad.replace("delete", "REPLY"))]),
        ),
        ("Lonely: a pool needs at least one number", lambda: _pool(stack, "Lonely", origination_identities=[])),
        (
            "RoleOnly: two_way_channel_role_arn needs a two_way_channel_arn",
            lambda: _pool(stack, "RoleOnly", two_way_channel_role_arn="arn:aws:iam::1:role/r"),
        ),
        (
            "Rules: country_rules SMS GB must be one of ALLOW, BLOCK, MONITOR, FILTER, got 'DENY'",
            lambda: SmsProtectConfiguration(
                stack, "Rules", name="r", country_rules={"SMS": {"GB": bad.replace("delete", "DENY")}}
            ),
        ),
        (
            "Channels: country_rules channel must be one of SMS, VOICE, MMS, got 'RCS'",
            lambda: SmsProtectConfiguration(
                stack, "Channels", name="r", country_rules={bad.replace("delete", "RCS"): {}}
            ),
        ),
        (
            "Type: default_message_type must be one of TRANSACTIONAL, PROMOTIONAL, got 'delete'",
            lambda: SmsConfigurationSet(stack, "Type", configuration_set_name="t", default_message_type=bad),
        ),
        (
            "Token: configuration_set_name must be a literal",
            lambda: SmsConfigurationSet(stack, "Token", configuration_set_name=cdk.Aws.STACK_NAME),
        ),
    ]
    for message, build in cases:
        with pytest.raises(ValueError, match=f"^Choices/{message}"):
            build()


def _pool(scope: Construct, id: str, **overrides: Any) -> SmsPool:
    props: dict[str, Any] = {"name": id, "origination_identities": [NUMBER], "help_message": "h", "stop_message": "s"}
    return SmsPool(scope, id, **{**props, **overrides})


def test_the_literal_choices_are_the_service_enums() -> None:
    model = botocore.session.get_session().get_service_model("pinpoint-sms-voice-v2")
    assert get_args(EventType) == tuple(model.shape_for("EventType").enum)
    assert get_args(KeywordAction) == tuple(model.shape_for("KeywordAction").enum)
    assert get_args(ProtectStatus) == tuple(model.shape_for("ProtectStatus").enum)


def test_protect_configuration_imports_by_id_and_by_arn() -> None:
    stack = new_stack("Protect")
    by_id = SmsProtectConfiguration.from_protect_configuration_id(stack, "ById", "protect-123")
    arn = f"arn:aws:sms-voice:{REGION}:{OTHER}:protect-configuration/protect-456"
    by_arn = SmsProtectConfiguration.from_protect_configuration_arn(stack, "ByArn", arn)
    assert by_id.protect_configuration_id == "protect-123"
    assert stack.resolve(by_id.protect_configuration_arn) == {
        "Fn::Join": [
            "",
            ["arn:", {"Ref": "AWS::Partition"}, f":sms-voice:{REGION}:{ACCOUNT}:protect-configuration/protect-123"],
        ]
    }
    assert (by_arn.protect_configuration_id, by_arn.protect_configuration_arn) == ("protect-456", arn)
    with pytest.raises(ValueError, match=r"^Protect/Bad: .* is not an sms-voice protect-configuration ARN"):
        SmsProtectConfiguration.from_protect_configuration_arn(
            stack, "Bad", arn.replace("protect-configuration", "pool")
        )
    # an imported configuration is what a configuration set takes
    config_set = SmsConfigurationSet(
        stack, "Set", configuration_set_name="guarded", protect_configuration_id=by_arn.protect_configuration_id
    )
    assert config_set.resource.protect_configuration_id == "protect-456"


def test_each_grant_verb_is_a_send_operation_that_accepts_the_resource_types_it_is_offered_on() -> None:
    """The grant mixins' split (voice not on sender IDs) is what botocore's ``OriginationIdentity`` says."""
    model = botocore.session.get_session().get_service_model("pinpoint-sms-voice-v2")
    offered = {SEND_TEXT_MESSAGE: SmsSenderId, SEND_MEDIA_MESSAGE: SmsSenderId, SEND_VOICE_MESSAGE: None}
    for action, sender_id_class in offered.items():
        service, operation = action.split(":")
        assert service == "sms-voice" and operation in model.operation_names
        accepted = model.operation_model(operation).input_shape.members["OriginationIdentity"].documentation
        assert "PoolArn" in accepted and "PhoneNumberArn" in accepted
        assert ("SenderIdArn" in accepted) == (sender_id_class is not None)
        verb = operation.removeprefix("Send").removesuffix("Message").lower()
        assert hasattr(SmsSenderId, f"grant_send_{verb}_message") == (sender_id_class is not None)


def test_protect_capabilities_are_the_cloudformation_country_rule_set_channels() -> None:
    from cfnlint.schema import PROVIDER_SCHEMA_MANAGER

    schema = PROVIDER_SCHEMA_MANAGER.get_resource_schema(REGION, "AWS::SMSVOICE::ProtectConfiguration").schema
    channels = schema["definitions"]["CountryRuleSet"]["properties"]
    assert set(get_args(ProtectCapability)) == set(channels)
