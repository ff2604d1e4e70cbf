"""What the messaging stack promises: explicit environments, safe retention, encryption, tags."""

from __future__ import annotations

from typing import Any

import aws_cdk as cdk
from aws_cdk import assertions

from sms_estate.cli.assembly import Assembly, SynthesizedStack
from sms_estate.messaging.protect_configuration import SmsProtectConfiguration
from sms_runtime.contract import (
    PHONE_NUMBER_TYPE,
    REGISTRATION_TYPE,
    PhoneNumberAttrs,
    PhoneNumberProps,
    RegistrationProps,
)


def _of_type(stack: SynthesizedStack, resource_type: str) -> list[dict[str, Any]]:
    return [dict(r) for r in stack.resources.values() if r["Type"] == resource_type]


def test_one_stack_per_environment_and_region_with_explicit_account(sample_assembly: Assembly) -> None:
    assert [(s.name, s.account, s.region) for s in sample_assembly.stacks] == [
        ("SmsEstate-dev-us-east-1", "111111111111", "us-east-1"),
        ("SmsEstate-prod-us-east-1", "333333333333", "us-east-1"),
        ("SmsEstate-prod-us-west-2", "333333333333", "us-west-2"),
        ("SmsEstate-staging-us-east-1", "222222222222", "us-east-1"),
        ("SmsEstate-staging-us-east-1-review-state", "222222222222", "us-east-1"),  # its 10DLC chain may wait
        ("SmsEstate-staging-us-west-2", "222222222222", "us-west-2"),
    ]


def test_opt_out_lists_survive_deletion_and_replacement_unless_config_says_destroy(sample_assembly: Assembly) -> None:
    prod = _of_type(sample_assembly.stack("SmsEstate-prod-us-east-1"), "AWS::SMSVOICE::OptOutList")
    assert {(r["DeletionPolicy"], r["UpdateReplacePolicy"]) for r in prod} == {("Retain", "Retain")}
    dev = _of_type(sample_assembly.stack("SmsEstate-dev-us-east-1"), "AWS::SMSVOICE::OptOutList")
    assert [r["DeletionPolicy"] for r in dev] == ["Delete"]  # dev.yaml says on_delete: destroy


def test_pools_sender_ids_and_protect_configurations_have_deletion_protection(sample_assembly: Assembly) -> None:
    stack = sample_assembly.stack("SmsEstate-prod-us-east-1")
    for resource_type in ("AWS::SMSVOICE::SenderId", "AWS::SMSVOICE::ProtectConfiguration"):
        resources = _of_type(stack, resource_type)
        assert resources, resource_type
        assert all(r["Properties"]["DeletionProtectionEnabled"] is True for r in resources)
    assert {r["DeletionPolicy"] for r in _of_type(stack, "AWS::SMSVOICE::SenderId")} == {"Retain"}


def test_log_groups_are_encrypted_with_retention_and_kept(sample_assembly: Assembly) -> None:
    groups = _of_type(sample_assembly.stack("SmsEstate-prod-us-east-1"), "AWS::Logs::LogGroup")
    sms_groups = [g for g in groups if g["Properties"].get("LogGroupName", "").startswith("/sms-voice/")]
    assert len(sms_groups) == 2
    for group in sms_groups:
        assert group["Properties"]["RetentionInDays"] == 365
        assert "KmsKeyId" in group["Properties"]
        assert (group["DeletionPolicy"], group["UpdateReplacePolicy"]) == ("RetainExceptOnCreate", "Retain")


def test_event_topics_are_kms_encrypted_and_refuse_plain_http(sample_assembly: Assembly) -> None:
    stack = sample_assembly.stack("SmsEstate-staging-us-east-1")
    topics = _of_type(stack, "AWS::SNS::Topic")
    assert topics and all("KmsMasterKeyId" in t["Properties"] for t in topics)
    statements = [
        s for p in _of_type(stack, "AWS::SNS::TopicPolicy") for s in p["Properties"]["PolicyDocument"]["Statement"]
    ]
    assert any(
        s["Effect"] == "Deny" and s.get("Condition", {}).get("Bool", {}).get("aws:SecureTransport") == "false"
        for s in statements
    )


def test_event_archive_bucket_is_kms_encrypted_logged_and_tls_only(sample_assembly: Assembly) -> None:
    stack = sample_assembly.stack("SmsEstate-staging-us-east-1")
    buckets = _of_type(stack, "AWS::S3::Bucket")
    archive = [b for b in buckets if "LoggingConfiguration" in b["Properties"]]
    assert len(archive) == 1
    encryption = archive[0]["Properties"]["BucketEncryption"]["ServerSideEncryptionConfiguration"][0]
    assert encryption["ServerSideEncryptionByDefault"]["SSEAlgorithm"] == "aws:kms"
    streams = _of_type(stack, "AWS::KinesisFirehose::DeliveryStream")
    assert streams[0]["Properties"]["DeliveryStreamEncryptionConfigurationInput"]["KeyType"] == "AWS_OWNED_CMK"


def test_firehose_role_may_only_put_records_to_its_stream(sample_assembly: Assembly) -> None:
    stack = sample_assembly.stack("SmsEstate-staging-us-east-1")
    policies = [
        p for p in _of_type(stack, "AWS::IAM::Policy") if "analyticsstreamServiceRole" in str(p["Properties"]["Roles"])
    ]
    statements = policies[0]["Properties"]["PolicyDocument"]["Statement"]
    assert [(s["Action"], s["Resource"]) for s in statements] == [
        ("firehose:PutRecord", {"Fn::GetAtt": [statements[0]["Resource"]["Fn::GetAtt"][0], "Arn"]})
    ]


def test_configuration_set_lists_its_destinations_and_event_types(sample_assembly: Assembly) -> None:
    [config_set] = _of_type(sample_assembly.stack("SmsEstate-staging-us-west-2"), "AWS::SMSVOICE::ConfigurationSet")
    destinations = config_set["Properties"]["EventDestinations"]
    assert [d["EventDestinationName"] for d in destinations] == ["delivery-log", "analytics-stream", "failure-alerts"]
    assert destinations[2]["MatchingEventTypes"][0] == "TEXT_CARRIER_UNREACHABLE"
    assert config_set["Properties"]["MessageFeedbackEnabled"] is True
    assert "ProtectConfigurationId" in config_set["Properties"]


def test_config_tags_reach_resources(sample_assembly: Assembly) -> None:
    [opt_out] = _of_type(sample_assembly.stack("SmsEstate-dev-us-east-1"), "AWS::SMSVOICE::OptOutList")
    tags = {t["Key"]: t["Value"] for t in opt_out["Properties"]["Tags"]}
    assert tags == {"owner": "messaging-platform", "cost-center": "4410", "sms-estate:environment": "dev"}


def test_region_overrides_change_only_their_region(sample_assembly: Assembly) -> None:
    def retention(stack_name: str) -> int:
        groups = _of_type(sample_assembly.stack(stack_name), "AWS::Logs::LogGroup")
        [group] = [
            g for g in groups if g["Properties"].get("LogGroupName") == "/sms-voice/tidewater-reminders/delivery-log"
        ]
        return int(group["Properties"]["RetentionInDays"])

    assert retention("SmsEstate-prod-us-east-1") == 365
    assert retention("SmsEstate-prod-us-west-2") == 90  # prod.yaml region_overrides.us-west-2


def test_sender_directory_publishes_the_same_names_in_every_region(sample_assembly: Assembly) -> None:
    def names(stack_name: str) -> set[str]:
        params = _of_type(sample_assembly.stack(stack_name), "AWS::SSM::Parameter")
        return {p["Properties"]["Name"] for p in params}

    east, west = names("SmsEstate-prod-us-east-1"), names("SmsEstate-prod-us-west-2")
    assert "/sms-estate/prod/configuration-sets/harborline-transactional/name" in east
    assert {n for n in east if "configuration-sets" in n} == {n for n in west if "configuration-sets" in n}


def test_numbers_pools_and_registrations_live_in_the_region_that_files_them(sample_assembly: Assembly) -> None:
    def counts(stack_name: str) -> tuple[int, int, int]:
        stack = sample_assembly.stack(stack_name)
        return (
            len(_of_type(stack, PHONE_NUMBER_TYPE)),
            len(_of_type(stack, "AWS::SMSVOICE::Pool")),
            len(_of_type(stack, REGISTRATION_TYPE)),
        )

    assert counts("SmsEstate-prod-us-east-1") == (2, 1, 2)
    assert counts("SmsEstate-prod-us-west-2") == (1, 1, 1)
    assert counts("SmsEstate-dev-us-east-1") == (1, 0, 0)


def test_phone_numbers_default_to_kept_and_protected_and_pools_use_their_arns(sample_assembly: Assembly) -> None:
    stack = sample_assembly.stack("SmsEstate-prod-us-east-1")
    numbers = {k: r for k, r in stack.resources.items() if r["Type"] == PHONE_NUMBER_TYPE}
    for number in numbers.values():
        assert number["Properties"][PhoneNumberProps.ON_DELETE] == "retain"
        assert number["Properties"][PhoneNumberProps.DELETION_PROTECTION_ENABLED] is True
        assert number["Properties"][PhoneNumberProps.ALLOW_REPLACEMENT] is False
    [pool] = _of_type(stack, "AWS::SMSVOICE::Pool")
    [identity] = pool["Properties"]["OriginationIdentities"]
    assert identity["Fn::GetAtt"][0] in numbers and identity["Fn::GetAtt"][1] == PhoneNumberAttrs.PHONE_NUMBER_ARN
    assert pool["Properties"]["OptOutListName"] == {
        "Ref": next(
            k for k, r in stack.resources.items() if r["Type"] == "AWS::SMSVOICE::OptOutList" and "harborline" in k
        )
    }


def test_registration_submits_only_where_the_config_says_so(sample_assembly: Assembly) -> None:
    def submits(stack_name: str) -> list[bool]:
        return [
            r["Properties"][RegistrationProps.SUBMIT]
            for r in _of_type(sample_assembly.stack(stack_name), REGISTRATION_TYPE)
        ]

    assert submits("SmsEstate-staging-us-east-1") == [False, False, False]  # toll-free, 10DLC brand and campaign
    assert submits("SmsEstate-prod-us-east-1") == [True, True]


def test_protect_configurations_are_kept_like_their_protection_says(sample_assembly: Assembly) -> None:
    # Protected and retained by default: a removal never ends in DELETE_FAILED.
    for name in ("SmsEstate-prod-us-east-1", "SmsEstate-staging-us-east-1"):
        resources = _of_type(sample_assembly.stack(name), "AWS::SMSVOICE::ProtectConfiguration")
        assert resources, name
        assert {(r["DeletionPolicy"], r["UpdateReplacePolicy"]) for r in resources} == {("Retain", "Retain")}
    # on_delete: destroy, which the config accepts only with protection off, really deletes it.
    stack = cdk.Stack(cdk.App(), "Protect", env=cdk.Environment(account="123456789012", region="us-east-1"))
    SmsProtectConfiguration(stack, "Scratch", name="scratch", deletion_protection=False, on_delete="destroy")
    template = assertions.Template.from_stack(stack).to_json()
    [entry] = template["Resources"].values()
    assert entry["DeletionPolicy"] == "Delete" and entry["Properties"]["DeletionProtectionEnabled"] is False
