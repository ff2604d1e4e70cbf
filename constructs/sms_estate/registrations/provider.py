"""One Provider per stack for every ``Custom::Sms*`` resource, with permissions that follow the config.

Why a singleton: each Provider brings its own framework functions and a Step Functions waiter; one
per resource would turn 100 registrations into hundreds of Lambda functions. Why permissions are
added by the resources: least privilege follows the config, e.g. ``sms-voice:ReleasePhoneNumber`` is
granted only when some number in the stack says ``OnDelete: release``.

Timeouts: CloudFormation gives a custom resource at most one hour (``ServiceTimeout`` caps at 3600 s,
whatever the Provider accepts), so ``total_timeout`` is one hour. Each ``isComplete`` invocation does
as much as its Lambda timeout allows and the next poll continues, so the one-hour cap is the real
limit: at one request per second for ``PutRegistrationFieldValue``, about 150 toll-free registrations
fit in one deploy; more must be spread over several deploys.
"""

from __future__ import annotations

import weakref

import aws_cdk as cdk
import jsii
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs
from aws_cdk import custom_resources as cr
from constructs import Construct, IConstruct

from sms_estate import nag
from sms_estate.runtime_function import runtime_code, runtime_function
from sms_estate.stack_facts import facts_of

HANDLER_TIMEOUT = cdk.Duration.minutes(10)  # = dispatch.LAMBDA_TIMEOUT_SECONDS; handlers keep LAMBDA_MARGIN_SECONDS
QUERY_INTERVAL = cdk.Duration.seconds(30)
TOTAL_TIMEOUT = cdk.Duration.hours(1)  # CloudFormation's cap for a custom resource
_ID = "SmsEstateResourceProvider"
# scope -> its stack's provider. A construct never changes stack, so the answer never goes stale; the
# cache saves the three jsii round trips of Stack.of + tryFindChild on every number and registration.
_PROVIDER_OF: weakref.WeakKeyDictionary[IConstruct, SmsResourceProvider] = weakref.WeakKeyDictionary()

# Actions that have no resource-level permissions (user guide, IAM chapter): "*" is the only option.
_UNSCOPED_ACTIONS = [
    "sms-voice:DescribeRegistrationFieldDefinitions",
    "sms-voice:DescribeRegistrationTypeDefinitions",
]
_NUMBER_ACTIONS = [
    "sms-voice:RequestPhoneNumber",
    "sms-voice:DescribePhoneNumbers",
    "sms-voice:UpdatePhoneNumber",
    "sms-voice:ListTagsForResource",
    "sms-voice:TagResource",
]
_REGISTRATION_ACTIONS = [
    "sms-voice:CreateRegistration",
    "sms-voice:DescribeRegistrations",
    "sms-voice:DescribeRegistrationVersions",
    "sms-voice:CreateRegistrationVersion",
    "sms-voice:PutRegistrationFieldValue",
    "sms-voice:DeleteRegistrationFieldValue",
    "sms-voice:DescribeRegistrationFieldValues",
    "sms-voice:ListRegistrationAssociations",
    "sms-voice:CreateRegistrationAssociation",
    "sms-voice:SubmitRegistrationVersion",
    "sms-voice:CreateRegistrationAttachment",
    "sms-voice:DescribeRegistrationAttachments",
    "sms-voice:TagResource",
]


class SmsResourceProvider(Construct):
    """The shared Provider: ``onEvent`` and ``isComplete`` functions (Python, arm64) and one role."""

    @classmethod
    def of(cls, scope: IConstruct) -> SmsResourceProvider:
        """The provider of ``scope``'s stack, created on first use."""
        cached = _PROVIDER_OF.get(scope)
        if cached is not None:
            return cached
        stack = cdk.Stack.of(scope)
        provider = _PROVIDER_OF.get(stack)
        if provider is None:
            existing = stack.node.try_find_child(_ID)
            provider = existing if isinstance(existing, SmsResourceProvider) else cls(stack, _ID)
        _PROVIDER_OF[stack] = _PROVIDER_OF[scope] = provider
        return provider

    def __init__(self, scope: Construct, construct_id: str) -> None:
        super().__init__(scope, construct_id)
        self._granted: set[str] = set()
        self._readable: list[str] | None = None  # object ARNs of attachment assets, see allow_read
        self._facts = facts_of(cdk.Stack.of(self))
        self.role = iam.Role(
            self,
            "HandlerRole",
            assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"),
            description="Runs the sms-estate phone number and registration custom resources",
        )
        code = runtime_code()
        self.on_event_function = self._function("OnEvent", "on_event", code)
        self.is_complete_function = self._function("IsComplete", "is_complete", code)
        self.provider = cr.Provider(
            self,
            "Provider",
            on_event_handler=self.on_event_function,
            is_complete_handler=self.is_complete_function,
            query_interval=QUERY_INTERVAL,
            total_timeout=TOTAL_TIMEOUT,
            log_group=logs.LogGroup(self, "FrameworkLogs", retention=logs.RetentionDays.ONE_YEAR),
        )
        self.service_token: str = self.provider.service_token  # read once: every resource needs it
        self._allow("unscoped", _UNSCOPED_ACTIONS, ["*"])
        self._acknowledge_findings()

    def allow_phone_numbers(self, *, release: bool) -> None:
        """Permissions for ``Custom::SmsPhoneNumber``; release only if a number may be released.

        ``cloudformation:DescribeStackResource`` and ``cloudformation:DescribeStacks`` on this stack
        alone (its own ARN, ``AWS::StackId``): a purchase asks whether CloudFormation still waits for the
        resource, and whether the stack is rolling back, before buying, so that a rolled-back create or
        replacement buys nothing (``sms_runtime.handlers.number_purchase.still_awaited``).
        """
        self._allow_on("numbers", _NUMBER_ACTIONS, "phone-number", "pool", "opt-out-list", "registration")
        if "stack-status" not in self._granted:
            self._allow(
                "stack-status",
                ["cloudformation:DescribeStackResource", "cloudformation:DescribeStacks"],
                [cdk.Stack.of(self).stack_id],
            )
        if release:
            self._allow_on("release", ["sms-voice:ReleasePhoneNumber"], "phone-number")

    def allow_registrations(self, *, delete_drafts: bool) -> None:
        """Permissions for ``Custom::SmsRegistration``; delete only if a draft may be deleted."""
        self._allow_on(
            "registrations", _REGISTRATION_ACTIONS, "registration", "registration-attachment", "phone-number"
        )
        if delete_drafts:
            self._allow_on("delete", ["sms-voice:DeleteRegistration"], "registration")

    def allow_read(self, bucket: str, key: str) -> None:
        """Let the handlers read one attachment asset: ``s3:GetObject`` on that object only.

        One statement holds every object (its resource list is produced at synth), rather than one
        statement per attachment: the same policy, without eight jsii round trips per registration.
        """
        if self._readable is None:
            self._readable = []
            self.role.add_to_policy(
                iam.PolicyStatement(actions=["s3:GetObject"], resources=cdk.Lazy.list(_Sorted(self._readable)))
            )
        arn = f"arn:{self._facts.partition}:s3:::{bucket}/{key}"
        if arn not in self._readable:
            self._readable.append(arn)

    def _allow(self, key: str, actions: list[str], resources: list[str]) -> None:
        if key in self._granted:
            return
        self._granted.add(key)
        self.role.add_to_policy(iam.PolicyStatement(actions=actions, resources=resources))

    def _allow_on(self, key: str, actions: list[str], *kinds: str) -> None:
        """``_allow`` on this account's and region's ARNs of ``kinds``, built only on first grant.

        Every number and registration asks again; building the ARNs costs jsii round trips, which at
        hundreds of rows per stack were a fifth of the synth time.
        """
        if key not in self._granted:
            self._allow(key, actions, self._arns(*kinds))

    def _arns(self, *kinds: str) -> list[str]:
        return [self._facts.arn("sms-voice", f"{kind}/*") for kind in kinds]

    def _function(self, name: str, entry: str, code: lambda_.Code) -> lambda_.Function:
        return runtime_function(
            self,
            name,
            handler=f"sms_runtime.handlers.dispatch.{entry}",
            code=code,
            role=self.role,
            timeout=HANDLER_TIMEOUT,
            description=f"sms-estate custom resources: {entry}",
        )

    def _acknowledge_findings(self) -> None:
        """Acknowledge, one finding at a time, what the Provider framework and the SMS API impose."""
        stack = cdk.Stack.of(self)
        sms_arns = [
            f"Resource::{self._facts.finding_arn('sms-voice', f'{kind}/*')}"
            for kind in ("phone-number", "pool", "opt-out-list", "registration", "registration-attachment")
        ]
        nag.acknowledge(
            self.role,
            "AwsSolutions-IAM5",
            "The registration field and type definition reads have no resource-level "
            "permissions (user guide, IAM chapter), so they need Resource *. The other wildcards are this "
            "account's and region's ARN patterns for numbers, pools, opt-out lists, registrations and "
            "attachments, whose IDs the API assigns at deploy time.",
            applies_to=["Resource::*", *sms_arns],
        )
        framework = self.provider.node
        functions: list[IConstruct] = [self.on_event_function, self.is_complete_function]
        functions += [framework.find_child(f"framework-{name}") for name in ("onEvent", "isComplete", "onTimeout")]
        nag.acknowledge(
            self.provider,
            "AwsSolutions-IAM5",
            "The CDK Provider framework grants lambda:InvokeFunction on each handler function and its "
            "versions (<function ARN>:*); the functions are this provider's own, nothing else.",
            applies_to=[f"Resource::<{_logical_id(stack, fn)}.Arn>:*" for fn in functions],
        )
        nag.acknowledge(
            self.provider,
            "AwsSolutions-IAM4",
            "The CDK Provider framework functions use the AWS managed AWSLambdaBasicExecutionRole, which "
            "only allows writing their own CloudWatch Logs; the framework offers no way to replace it.",
            applies_to=["Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"],
        )
        nag.acknowledge(
            self.provider,
            "AwsSolutions-SF1",
            "The Provider's waiter state machine only re-invokes the isComplete function until it reports "
            "completion; every decision and API call is logged by the handler functions themselves.",
        )
        nag.acknowledge(
            self.provider,
            "AwsSolutions-SF2",
            "The Provider's waiter state machine is a fixed retry loop around one Lambda function; X-Ray "
            "traces of it would show nothing the handler logs do not already record.",
        )


@jsii.implements(cdk.IStableListProducer)
class _Sorted:
    """A list that grows while the app is built, produced once at synthesis, sorted for determinism."""

    def __init__(self, items: list[str]) -> None:
        self._items = items

    def produce(self) -> list[str] | None:
        return sorted(self._items)


def _logical_id(stack: cdk.Stack, construct: IConstruct) -> str:
    child = construct.node.default_child
    if not isinstance(child, cdk.CfnElement):
        raise TypeError(f"{construct.node.path} has no CloudFormation resource")
    return stack.resolve(stack.get_logical_id(child))  # type: ignore[no-any-return]
