"""Rules no config can trigger through our constructs, tested on a real synthesized template edited by hand.

Our constructs always bind the SMS service to one account and configuration set and always retain
the lists they are told to; these tests prove the diff would still catch a template that did not
(a hand-written stack, a construct regression, a refactor that moves a logical ID).
"""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Callable
from typing import Any

from support.repo_paths import REPO_ROOT

from sms_estate.cli.assembly import SynthesizedStack
from sms_estate.cli.diff.consequences import all_rules
from sms_estate.cli.diff.render import text_line
from sms_estate.cli.diff.replacement import create_only_pointers
from sms_estate.cli.diff.report import build_report
from sms_estate.cli.diff.revisions import Revision, environment_of
from sms_estate.cli.diff.rules import Severity
from sms_runtime.contract import PHONE_NUMBER_TYPE, REGISTRATION_TYPE, PhoneNumberProps, RegistrationProps

Revisions = Callable[[str], Revision]
Template = dict[str, Any]


def edited(revision: Revision, edit: Callable[[Template], None]) -> Revision:
    """A copy of ``revision`` whose (single) stack template went through ``edit``."""
    (only,) = revision.stacks
    template = copy.deepcopy(dict(only.stack.template))
    edit(template)
    stack = dataclasses.replace(only.stack, template=template)
    return dataclasses.replace(revision, label="edited", stacks=(dataclasses.replace(only, stack=stack),))


def lines(base: Revision, head: Revision) -> list[str]:
    return [text_line(item) for item in build_report(base, head).items]


def logical_id(template: Template, resource_type: str, **properties: Any) -> str:
    return next(
        str(key)
        for key, resource in template["Resources"].items()
        if resource["Type"] == resource_type and all(resource["Properties"].get(k) == v for k, v in properties.items())
    )


def test_losing_a_confused_deputy_condition_is_a_security_finding(revision: Revisions) -> None:
    base = revision("base")

    def drop_source_arn(template: Template) -> None:
        for resource in template["Resources"].values():
            if resource["Type"] == "AWS::IAM::Role":
                for statement in resource["Properties"]["AssumeRolePolicyDocument"]["Statement"]:
                    statement.get("Condition", {}).pop("ArnLike", None)

    assert lines(base, edited(base, drop_source_arn)) == [
        "SECURITY     shop us-east-1  IAM role shop-alerts/delivery-log/ServiceRole: trust policy changes; trusted "
        "by sms-voice.amazonaws.com",
        "SECURITY     shop us-east-1  IAM role shop-alerts/delivery-log/ServiceRole trusts sms-voice.amazonaws.com "
        "WITHOUT aws:SourceArn: another AWS account's configuration set could use it (confused deputy)",
    ]


def test_a_retained_opt_out_list_that_leaves_is_a_warning_not_destruction(revision: Revisions) -> None:
    base = revision("base")

    def remove_list(template: Template) -> None:
        del template["Resources"][logical_id(template, "AWS::SMSVOICE::OptOutList", OptOutListName="shop-optouts")]

    assert [line for line in lines(base, edited(base, remove_list)) if "opt-out list shop-optouts" in line] == [
        "WARNING      shop us-east-1  opt-out list shop-optouts leaves the stack; the old one is kept in the "
        "account, no longer managed: its opt-outs survive; check every number and pool that used it names a list",
    ]


def test_a_moved_logical_id_is_a_rename_destroying_the_old_list_unless_retained(revision: Revisions) -> None:
    base = revision("base")

    def move(template: Template) -> None:
        resources = template["Resources"]
        for name in ("shop-optouts", "shop-scratch-optouts"):
            old_id = logical_id(template, "AWS::SMSVOICE::OptOutList", OptOutListName=name)
            resources[f"Moved{old_id}"] = resources.pop(old_id)

    found = [line for line in lines(base, edited(base, move)) if "opt-out list" in line]
    assert found == [
        "DESTRUCTIVE  shop us-east-1  opt-out list shop-scratch-optouts will be DELETED (renamed: replaced by a new "
        "resource): people who replied STOP could be texted again  "
        "[ack: delete:opt-out-list/shop-scratch-optouts@us-east-1]",
        "WARNING      shop us-east-1  opt-out list shop-optouts replaced (renamed); the old one is kept in the "
        "account, no longer managed: its opt-outs survive; check every number and pool that used it names a list",
    ]


def test_a_create_only_property_from_the_cfn_lint_schemas_means_replacement(revision: Revisions) -> None:
    base = revision("base")

    def rename_set(template: Template) -> None:
        resource = template["Resources"][
            logical_id(template, "AWS::SMSVOICE::ConfigurationSet", ConfigurationSetName="shop-alerts")
        ]
        resource["Properties"]["ConfigurationSetName"] = "shop-alerts-v2"

    found = [line for line in lines(base, edited(base, rename_set)) if line.startswith("DESTRUCTIVE")]
    assert found == [
        "DESTRUCTIVE  shop us-east-1  event destination shop-alerts/delivery-log will be REMOVED: its TEXT_ALL events "
        "are lost  [ack: remove:event-destination/shop-alerts/delivery-log@us-east-1]",
        "DESTRUCTIVE  shop us-east-1  event destination shop-alerts/failure-alerts will be REMOVED: its "
        "TEXT_CARRIER_UNREACHABLE, TEXT_UNREACHABLE events are lost  "
        "[ack: remove:event-destination/shop-alerts/failure-alerts@us-east-1]",
        "DESTRUCTIVE  shop us-east-1  configuration set shop-alerts will be REPLACED (ConfigurationSetName changed): "
        "the old one is deleted  [ack: replace:configuration-set/shop-alerts@us-east-1]",
    ]


def test_replacement_rules_come_from_the_shipped_schemas() -> None:
    assert create_only_pointers("AWS::SMSVOICE::OptOutList", "us-east-1") == (("OptOutListName",),)
    assert create_only_pointers("AWS::SMSVOICE::SenderId", "us-east-1") == (("IsoCountryCode",), ("SenderId",))
    assert create_only_pointers("AWS::SMSVOICE::Pool", "us-east-1") == ()
    assert (PhoneNumberProps.MESSAGE_TYPE,) in create_only_pointers(PHONE_NUMBER_TYPE, "us-east-1")


def test_a_registration_type_change_is_refused_by_the_deploy(revision: Revisions) -> None:
    base = revision("base")

    def retype(template: Template) -> None:
        for resource in template["Resources"].values():
            if resource["Type"] == REGISTRATION_TYPE:
                resource["Properties"][RegistrationProps.REGISTRATION_TYPE] = "US_TEN_DLC_BRAND_REGISTRATION"

    found = [line for line in lines(base, edited(base, retype)) if RegistrationProps.REGISTRATION_TYPE in line]
    assert found == [
        "WARNING      shop us-east-1  registration shop-draft: RegistrationType US_TOLL_FREE_REGISTRATION -> "
        "US_TEN_DLC_BRAND_REGISTRATION cannot change; the deploy will FAIL",
        "WARNING      shop us-east-1  registration shop-main: RegistrationType US_TOLL_FREE_REGISTRATION -> "
        "US_TEN_DLC_BRAND_REGISTRATION cannot change; the deploy will FAIL",
    ]


def test_switching_a_number_to_another_opt_out_list_names_both_lists(revision: Revisions) -> None:
    base = revision("base")
    scratch: dict[str, str] = {}

    def switch(template: Template) -> None:
        scratch_id = logical_id(template, "AWS::SMSVOICE::OptOutList", OptOutListName="shop-scratch-optouts")
        scratch["id"] = scratch_id
        for resource in template["Resources"].values():
            if (
                resource["Type"] == PHONE_NUMBER_TYPE
                and resource["Properties"].get(PhoneNumberProps.NUMBER_TYPE) == "TOLL_FREE"
            ):
                resource["Properties"][PhoneNumberProps.OPT_OUT_LIST_NAME] = {"Ref": scratch_id}

    found = [line for line in lines(base, edited(base, switch)) if line.startswith("WARNING")]
    assert found == [
        "WARNING      shop us-east-1  phone number shop-main switches opt-out list shop-optouts -> "
        "shop-scratch-optouts: people who replied STOP could be texted again unless they are also in "
        "shop-scratch-optouts",
    ]


def test_two_way_and_self_managed_opt_out_changes_of_a_number_are_warnings(revision: Revisions) -> None:
    base = revision("base")

    def enable(template: Template) -> None:
        for resource in template["Resources"].values():
            if (
                resource["Type"] == PHONE_NUMBER_TYPE
                and resource["Properties"].get(PhoneNumberProps.NUMBER_TYPE) == "TOLL_FREE"
            ):
                resource["Properties"] |= {
                    PhoneNumberProps.TWO_WAY_ENABLED: True,
                    PhoneNumberProps.TWO_WAY_CHANNEL_ARN: "arn:aws:sns:us-east-1:111111111111:replies",
                    PhoneNumberProps.SELF_MANAGED_OPT_OUTS_ENABLED: True,
                }

    head = edited(base, enable)
    assert [line for line in lines(base, head) if "shop-main" in line and "phone number" in line] == [
        "WARNING      shop us-east-1  phone number shop-main: two-way turned ON: replies go to "
        "arn:aws:sns:us-east-1:111111111111:replies; self-managed opt-outs turned ON: AWS stops answering "
        "HELP/STOP and recording opt-outs; you must",
    ]
    assert [line for line in lines(head, base) if "shop-main" in line and "phone number" in line] == [
        "WARNING      shop us-east-1  phone number shop-main: two-way turned OFF: replies are no longer delivered "
        "anywhere; self-managed opt-outs turned OFF: AWS answers HELP/STOP and records opt-outs again",
    ]


def test_every_rule_has_a_unique_id_a_class_and_an_explanation() -> None:
    rules = all_rules()
    assert len({r.id for r in rules}) == len(rules)
    assert all(r.explanation and r.title and isinstance(r.severity, Severity) for r in rules)
    assert {r.severity for r in rules} == set(Severity)


def test_the_rules_table_in_the_docs_matches_the_code() -> None:
    doc = (REPO_ROOT / "docs" / "diff.md").read_text(encoding="utf-8")
    for r in all_rules():
        assert f"| {r.id} | {r.severity.value} | {r.title} | {r.explanation} |" in doc


def test_environment_names_come_from_main_and_shard_stack_names() -> None:
    def stack(name: str) -> SynthesizedStack:
        return SynthesizedStack(name=name, account="1", region="us-west-2", template={})

    assert environment_of(stack("SmsEstate-prod-us-west-2")) == "prod"
    assert environment_of(stack("SmsEstate-prod-us-west-2-registrations-3")) == "prod"
    assert environment_of(stack("SomeoneElsesStack")) == "SomeoneElsesStack"
