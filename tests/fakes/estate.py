"""A deployed toll-free estate (number + registration) for tests that drive the harness."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from fakes.aws import FakeAws
from fakes.cloudformation import CloudFormationHarness, Outcome
from fakes.samples import NUMBER_PROPERTIES, OPT_IN_FIELD, attachment_property, png, registration_properties
from sms_runtime.contract import PHONE_NUMBER_TYPE, REGISTRATION_TYPE

PHONE = PHONE_NUMBER_TYPE
REGISTRATION = REGISTRATION_TYPE


class Estate:
    """A toll-free number and its registration, deployed through the harness."""

    def __init__(self, aws: FakeAws, cfn: CloudFormationHarness) -> None:
        self.aws, self.cfn = aws, cfn
        self.image = png()
        aws.s3.put("cdk-assets", "optin.png", self.image)
        self.attachments = {OPT_IN_FIELD: attachment_property("cdk-assets", "optin.png", self.image)}

    def number(self, overrides: Mapping[str, Any] | None = None) -> Outcome:
        """Create ``Number`` from the sample properties, with ``overrides`` (keyed by ``PhoneNumberProps``)."""
        return self.cfn.create("Number", PHONE, {**NUMBER_PROPERTIES, **(overrides or {})})

    def registration_props(self, **overrides: Any) -> dict[str, Any]:
        number_id = self.cfn.resources["Number"].physical_id
        return registration_properties([number_id], attachments=self.attachments, **overrides)

    def registration(self, **overrides: Any) -> Outcome:
        return self.cfn.create("Registration", REGISTRATION, self.registration_props(**overrides))

    def registration_id(self) -> str:
        return self.cfn.resources["Registration"].physical_id
