"""Every statement that trusts sms-voice.amazonaws.com carries both confused-deputy conditions, exactly."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from support.policy_walk import WEAKENINGS, SmsTrust, sms_trusts, template_deputy_problems, weaken

from sms_estate.cli.assembly import Assembly, SynthesizedStack


def _check_stack(stack: SynthesizedStack, template: dict[str, Any] | None = None) -> tuple[int, list[str]]:
    return template_deputy_problems(template or dict(stack.template), stack.account, stack.region)


def test_every_sms_trust_is_bound_to_this_account_and_its_configuration_set(sample_assembly: Assembly) -> None:
    checked = 0
    for stack in sample_assembly.stacks:
        count, problems = _check_stack(stack)
        assert problems == [], problems
        checked += count
    # dev: 1 logs role; staging, 2 regions x (logs + firehose roles, topic policy, key statement);
    # prod, 2 regions x (3 roles, topic policy, key statement), and its opt-out sync: 2 regions x (2 two-way
    # topic policies, their key's statement)
    assert checked == 1 + 2 * 4 + 2 * 5 + 2 * 3


def test_every_kind_of_sms_trust_is_present_in_the_samples(sample_assembly: Assembly) -> None:
    kinds = {trust.resource_type for stack in sample_assembly.stacks for trust in sms_trusts(stack.template)}
    assert kinds == {"AWS::IAM::Role", "AWS::SNS::TopicPolicy", "AWS::KMS::Key"}


def _first(stack: SynthesizedStack, resource_type: str) -> SmsTrust:
    return next(t for t in sms_trusts(stack.template) if t.resource_type == resource_type)


@pytest.mark.parametrize("resource_type", ["AWS::IAM::Role", "AWS::SNS::TopicPolicy", "AWS::KMS::Key"])
@pytest.mark.parametrize("mutation", WEAKENINGS)
def test_a_mutated_trust_statement_is_caught(sample_assembly: Assembly, resource_type: str, mutation: str) -> None:
    stack = sample_assembly.stack("SmsEstate-prod-us-east-1")
    template = copy.deepcopy(dict(stack.template))
    target = _first(stack, resource_type)
    for trust in sms_trusts(template):
        if trust.logical_id == target.logical_id:
            wildcard = f"arn:aws:sms-voice:us-east-1:{stack.account}:configuration-set/*"  # any set, not its own
            weaken(trust.statement["Condition"], mutation, wildcard)
            break
    _, problems = _check_stack(stack, template)
    assert any(target.logical_id in problem for problem in problems)
