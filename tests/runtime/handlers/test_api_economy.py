"""API economy, asserted from the fake's call log: every write counted, none wasted."""

from __future__ import annotations

from collections import Counter

from fakes.aws import FakeAws
from fakes.estate import Estate
from fakes.samples import TFN_FIELDS

DESTRUCTIVE = {
    "ReleasePhoneNumber",
    "DeleteRegistration",
    "DeleteRegistrationAttachment",
    "DeleteRegistrationFieldValue",
    "DiscardRegistrationVersion",
    "UpdatePhoneNumber",
}


def test_creating_a_registration_writes_once_per_field_attachment_association_and_submit(
    aws: FakeAws, estate: Estate
) -> None:
    assert estate.number().ok
    before = len(aws.sms.write_calls())
    assert estate.registration().ok
    writes = Counter(call.action for call in aws.sms.write_calls()[before:])
    assert writes == {
        "CreateRegistration": 1,
        "CreateRegistrationAttachment": 1,
        "PutRegistrationFieldValue": len(TFN_FIELDS) + 1,
        "CreateRegistrationAssociation": 1,
        "SubmitRegistrationVersion": 1,
    }


def test_a_deploy_with_nothing_changed_makes_zero_write_calls(aws: FakeAws, estate: Estate) -> None:
    assert estate.number().ok
    assert estate.registration().ok
    before = len(aws.sms.write_calls())
    assert estate.cfn.update("Number", dict(estate.cfn.resources["Number"].properties)).ok
    assert estate.cfn.update("Registration", estate.registration_props()).ok
    assert aws.sms.write_calls()[before:] == []


def test_a_default_stack_delete_makes_zero_destructive_calls(aws: FakeAws, estate: Estate) -> None:
    assert estate.number().ok
    assert estate.registration().ok
    before = len(aws.sms.calls)
    assert estate.cfn.delete("Registration").ok
    assert estate.cfn.delete("Number").ok
    assert not [c for c in aws.sms.calls[before:] if c.action in DESTRUCTIVE]
    assert len(aws.sms.live_numbers()) == 1 and len(aws.sms.live_registrations()) == 1
