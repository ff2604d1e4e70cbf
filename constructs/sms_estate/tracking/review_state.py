"""The review state: what makes the next ``cdk deploy`` carry on after a registration is approved.

Why it exists: a 10DLC campaign waits days for its brand's approval and weeks for its own; its numbers
must not be bought before it is approved (they bill monthly from the request). A deploy cannot wait that
long, so the resources complete as "waiting for approval". But CloudFormation sends a custom resource an
Update only when its properties change, so a plain redeploy after the approval would do nothing.

How it works: one SSM String parameter per environment and region (``REVIEW_STATE_PARAMETER_FORMAT``),
created with :data:`REVIEW_STATE_INITIAL` by a small stack of its own (:class:`ReviewStateParameter`),
deployed before the messaging stack. The messaging stack reads it through a template parameter of type
``AWS::SSM::Parameter::Value<String>`` (:func:`review_state_value`), which CloudFormation resolves again on
every deploy (and because of which the CDK CLI never skips a deploy as unchanged). Its value goes into the
``ReviewState`` property of the resources that wait for an approval, and only those. The tracking Lambda
writes a digest of the region's approved registrations into the parameter when one is approved. The
next ``cdk deploy`` then sends exactly those resources an Update; a deploy with no approval in between sends
none. The template stays the same bytes: the value is resolved by CloudFormation, not at synth.

Why a stack of its own: an SSM-typed template parameter must name a parameter that exists when the change
set is created, so it cannot be created by the stack that reads it.
"""

from __future__ import annotations

import aws_cdk as cdk
from aws_cdk import aws_ssm as ssm
from constructs import Construct

from sms_runtime.contract import REVIEW_STATE_INITIAL, REVIEW_STATE_PARAMETER_FORMAT

_PARAMETER_ID = "SmsEstateReviewState"


def review_state_parameter_name(environment: str) -> str:
    """The SSM parameter's name for ``environment`` (the same name in every region)."""
    return REVIEW_STATE_PARAMETER_FORMAT.format(environment=environment)


class ReviewStateParameter(Construct):
    """The SSM parameter itself, created with :data:`REVIEW_STATE_INITIAL`; the tracking Lambda writes it.

    CloudFormation never writes it again (its template does not change), so the tracker's value stays.
    """

    def __init__(self, scope: Construct, id: str, *, environment: str) -> None:
        super().__init__(scope, id)
        self.parameter_name = review_state_parameter_name(environment)
        self.parameter = ssm.StringParameter(
            self,
            "Parameter",
            parameter_name=self.parameter_name,
            string_value=REVIEW_STATE_INITIAL,
            description="sms-estate review state: written by the registration tracker when a registration is approved",
        )


def review_state_value(stack: cdk.Stack, parameter_name: str) -> str:
    """A token for the parameter's value, resolved by CloudFormation on every deploy of ``stack``.

    One template parameter per stack, whatever the number of callers.
    """
    existing = stack.node.try_find_child(_PARAMETER_ID)
    if isinstance(existing, cdk.CfnParameter):
        return existing.value_as_string
    parameter = cdk.CfnParameter(
        stack,
        _PARAMETER_ID,
        type="AWS::SSM::Parameter::Value<String>",
        default=parameter_name,
        description="sms-estate review state (SSM parameter name): a change sends waiting resources an Update",
    )
    return parameter.value_as_string
