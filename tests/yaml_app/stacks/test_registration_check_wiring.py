"""In every synthesized sample, a number bought for a registration waits for that registration's live check.

``Custom::SmsRegistrationCheck`` only protects money if CloudFormation runs it first: each number a
registration names must depend on the check that carries the *same* registration's type and values, and
the check must not depend on the numbers (it names none), or the order would be reversed.
"""

from __future__ import annotations

from sms_estate.cli.assembly import Assembly
from sms_runtime.contract import (
    PHONE_NUMBER_TYPE,
    REGISTRATION_CHECK_TYPE,
    REGISTRATION_TYPE,
    RegistrationCheckProps,
    RegistrationProps,
)


def test_each_registration_s_numbers_depend_on_its_own_check(sample_assembly: Assembly) -> None:
    wired = 0
    for stack in sample_assembly.stacks:
        resources = stack.resources
        for registration in (r for r in resources.values() if r["Type"] == REGISTRATION_TYPE):
            props = registration["Properties"]
            [check_id] = [
                logical_id
                for logical_id, r in resources.items()
                if r["Type"] == REGISTRATION_CHECK_TYPE
                and r["Properties"][RegistrationCheckProps.FIELDS] == props[RegistrationProps.FIELDS]
                and r["Properties"][RegistrationCheckProps.REGISTRATION_TYPE]
                == props[RegistrationProps.REGISTRATION_TYPE]
            ]
            check = resources[check_id]
            assert RegistrationProps.PHONE_NUMBER_IDS not in check["Properties"] and "DependsOn" not in check, (
                stack.name
            )
            checked_files = check["Properties"][RegistrationCheckProps.ATTACHMENT_FILES]
            assert set(checked_files) == set(props[RegistrationProps.ATTACHMENTS])
            for ref in props[RegistrationProps.PHONE_NUMBER_IDS]:
                number = resources[ref["Ref"]]
                assert number["Type"] == PHONE_NUMBER_TYPE
                assert check_id in number.get("DependsOn", []), (
                    f"{stack.name}: {ref['Ref']} does not wait for {check_id}"
                )
                wired += 1
    assert wired >= 4  # prod east (2), prod west, staging: the samples' registered numbers
