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
from sms_estate.policy_statements import SMS_SERVICE
from sms_estate.runtime_function import runtime_code, runtime_function
from sms_estate.stack_facts import facts_of
from sms_runtime.handlers.request import STACK_NAME_TAG, STACK_TAG

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
    "sms-voice:DescribePhoneNumbers",
    "sms-voice:ListTagsForResource",
    "sms-voice:TagResource",
]
# Writes to a number this stack owns only (``_allow_owned_numbers``): the ``phone-number`` resource type
# supports ``aws:ResourceTag/${TagKey}``, ``RequestPhoneNumber`` supports ``aws:RequestTag/${TagKey}``
# (Service Authorization Reference, "AWS End User Messaging SMS and Voice V2").
_OWNED_NUMBER_ACTIONS = ["sms-voice:UpdatePhoneNumber"]
_OWNED_RELEASE_ACTIONS = ["sms-voice:ReleasePhoneNumber"]
# ``Custom::SmsConfigurationSetDefaults``: each takes the ``configuration-set`` resource type (Service
# Authorization Reference), so they are granted on the ARNs of the sets that declare a default only.
_CONFIGURATION_SET_DEFAULT_ACTIONS = [
    "sms-voice:DescribeConfigurationSets",
    "sms-voice:SetDefaultMessageType",
    "sms-voice:DeleteDefaultMessageType",
]
# ``Custom::SmsSpendLimits``: account settings with no resource type, so granted on "*" (see allow_spend_limits).
_SPEND_LIMIT_ACTIONS = [
    "sms-voice:DescribeSpendLimits",
    *(
        f"sms-voice:{verb}{kind}MessageSpendLimitOverride"
        for verb in ("Set", "Delete")
        for kind in ("Text", "Voice", "Media", "Notify", "Rcs")
    ),
]
# ``Custom::SmsAccountDefaultProtectConfiguration`` (see allow_account_default_protect): the reads and the Set
# take the ``protect-configuration`` resource type (Service Authorization Reference); the Delete names no
# resource (it removes the account's setting), so it alone is granted on "*".
_ACCOUNT_DEFAULT_PROTECT_ACTIONS = [
    "sms-voice:DescribeProtectConfigurations",
    "sms-voice:SetAccountDefaultProtectConfiguration",
]
_ACCOUNT_DEFAULT_PROTECT_UNSCOPED = ["sms-voice:DeleteAccountDefaultProtectConfiguration"]
# ``Custom::SmsProtectNumberOverrides``: each takes the ``protect-configuration`` resource type, so they are
# granted on the ARNs of the configurations that declare overrides only.
_PROTECT_OVERRIDE_ACTIONS = [
    "sms-voice:ListProtectConfigurationRuleSetNumberOverrides",
    "sms-voice:PutProtectConfigurationRuleSetNumberOverride",
    "sms-voice:DeleteProtectConfigurationRuleSetNumberOverride",
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
    "sms-voice:DescribePhoneNumbers",  # the number's type and country pick its SupportedAssociations entry
    "sms-voice:SubmitRegistrationVersion",
    "sms-voice:CreateRegistrationAttachment",
    "sms-voice:DescribeRegistrationAttachments",
    "sms-voice:ListTagsForResource",  # adoption: a retained registration's and attachments' ownership tags
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

    def __init__(self, scope: Construct, id: str) -> None:
        super().__init__(scope, id)
        self._granted: set[str] = set()
        self._readable: list[str] | None = None  # object ARNs of attachment assets, see allow_read
        self._defaulted_sets: list[str] | None = None  # configuration-set ARNs, see allow_configuration_set_defaults
        self._two_way_roles: list[str] | None = None  # role ARNs a number's two-way channel uses, see below
        self._overridden_protects: list[str] | None = None  # protect-configuration ARNs with number overrides
        self._facts = facts_of(cdk.Stack.of(self))
        self.role = iam.Role(
            self,
            "HandlerRole",
            assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"),
            description="Runs the sms-estate phone number and registration custom resources",
        )
        code = runtime_code()
        framework_logs = logs.LogGroup(self, "FrameworkLogs", retention=logs.RetentionDays.ONE_YEAR)
        self.on_event_function = self._function("OnEvent", "on_event", code)
        self.is_complete_function = self._function("IsComplete", "is_complete", code)
        self.provider = cr.Provider(
            self,
            "Provider",
            on_event_handler=self.on_event_function,
            is_complete_handler=self.is_complete_function,
            query_interval=QUERY_INTERVAL,
            total_timeout=TOTAL_TIMEOUT,
            log_group=framework_logs,
        )
        self.service_token: str = self.provider.service_token  # read once: every resource needs it
        self._allow_framework_logs(framework_logs)
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
        self._allow_owned_numbers("number-writes", _OWNED_NUMBER_ACTIONS)
        self._allow_number_requests()
        self._allow_stack_status()
        self._allow_predecessors()
        if release:
            # A pooled number leaves its pool first; the registration is read so that its last number
            # is never released (sms_runtime.handlers.phone_number.delete).
            self._allow_on(
                "release",
                [
                    "sms-voice:DisassociateOriginationIdentity",
                    "sms-voice:DescribeRegistrations",
                    "sms-voice:ListRegistrationAssociations",
                ],
                "phone-number",
                "pool",
                "registration",
            )
            self._allow_owned_numbers("release-owned", _OWNED_RELEASE_ACTIONS)

    def _allow_owned_numbers(self, key: str, actions: list[str]) -> None:
        """``actions`` on the numbers this stack owns, and no other number of the account.

        Why: without a condition, ``UpdatePhoneNumber`` (which can turn deletion protection off) and
        ``ReleasePhoneNumber`` would reach every number of the account and region, including numbers
        other stacks or people manage. Owned means tagged ``sms-estate:stack-name`` = this stack's name
        (the handlers tag every number they buy or adopt with it, ``Request.ownership_tags``), or, for a
        number bought before that tag existed, ``sms-estate:stack-id`` = this stack's ID. IAM ORs
        statements, not the keys of one condition, hence one statement per tag. The values are
        CloudFormation's pseudo parameters, so they are those of the stack as deployed.
        """
        if key in self._granted:
            return
        self._granted.add(key)
        numbers = self._arns("phone-number")
        for tag, value in ((STACK_NAME_TAG, cdk.Aws.STACK_NAME), (STACK_TAG, cdk.Aws.STACK_ID)):
            self.role.add_to_policy(
                iam.PolicyStatement(
                    actions=actions,
                    resources=numbers,
                    conditions={"StringEquals": {f"aws:ResourceTag/{tag}": value}},
                )
            )

    def _allow_number_requests(self) -> None:
        """``RequestPhoneNumber`` only when the request tags the number as this stack's (``aws:RequestTag``).

        So every number the role can buy is one its own ``UpdatePhoneNumber``/``ReleasePhoneNumber``
        statements reach, and nothing it buys is left untagged.
        """
        if "number-requests" in self._granted:
            return
        self._granted.add("number-requests")
        self.role.add_to_policy(
            iam.PolicyStatement(
                actions=["sms-voice:RequestPhoneNumber"],
                resources=self._arns("phone-number", "pool", "opt-out-list", "registration"),
                conditions={"StringEquals": {f"aws:RequestTag/{STACK_NAME_TAG}": cdk.Aws.STACK_NAME}},
            )
        )

    def _allow_predecessors(self) -> None:
        """``ListStacks`` and ``DescribeStackResource`` on ``stack/<this stack's name>/*``, once.

        Adoption of what a deleted stack of this name retained (``sms_runtime.handlers.predecessors``:
        numbers, registrations): ``ListStacks`` has no resource-level permission; the deleted stacks'
        resources are read under this stack's name only.
        """
        if "predecessors" in self._granted:
            return
        self._allow("predecessors", ["cloudformation:ListStacks"], ["*"])
        stack_name = cdk.Stack.of(self).stack_name
        self._allow(
            "predecessor-resources",
            ["cloudformation:DescribeStackResource"],
            [self._facts.arn("cloudformation", f"stack/{stack_name}/*")],
        )
        nag.acknowledge(
            self.role,
            "AwsSolutions-IAM5",
            "A deleted stack of this stack's name keeps its resources readable by its stack ID, which "
            "CloudFormation assigned; the handlers read the number or registration such a stack retained so "
            "that a stack deleted and deployed again adopts them instead of buying or submitting them twice.",
            applies_to=[f"Resource::{self._facts.finding_arn('cloudformation', f'stack/{stack_name}/*')}"],
        )

    def _allow_stack_status(self) -> None:
        """``DescribeStackResource``/``DescribeStacks`` on this stack alone (its own ARN).

        A purchase asks whether CloudFormation still waits for it; every handler asks whether the stack
        is rolling back before it forgives a request that cannot be applied (``handlers.rollback``).
        Every number and registration asks: the stack ID is a jsii round trip, so it is read only once.
        """
        if "stack-status" in self._granted:
            return
        self._allow(
            "stack-status",
            ["cloudformation:DescribeStackResource", "cloudformation:DescribeStacks"],
            [cdk.Stack.of(self).stack_id],
        )

    def allow_registrations(self, *, delete_drafts: bool) -> None:
        """Permissions for ``Custom::SmsRegistration``; delete only if a draft may be deleted.

        The stack listing too: Create adopts the registration a deleted stack of this name retained
        (``sms_runtime.handlers.registration_adoption``), which it finds by its tags (``ListTagsForResource``
        on the registration and its attachments).
        """
        self._allow_stack_status()
        self._allow_predecessors()
        self._allow_on(
            "registrations", _REGISTRATION_ACTIONS, "registration", "registration-attachment", "phone-number"
        )
        if delete_drafts:
            self._allow_on("delete", ["sms-voice:DeleteRegistration"], "registration")

    def allow_waiting_numbers(self) -> None:
        """Permissions of a number requested with its registration (a 10DLC campaign's): before buying,
        ``sms_runtime.handlers.number_waiting`` reads the registration (``DescribeRegistrations``) and its
        type's ``SupportedAssociations`` (``DescribeRegistrationTypeDefinitions``, unscoped, already granted)
        to decide whether the number is due or must wait for the approval."""
        self._allow_on("waiting-numbers", ["sms-voice:DescribeRegistrations"], "registration")

    def allow_sender_id_reads(self) -> None:
        """Permissions of a registration that registers sender IDs (``SenderIds``): after the approval the
        handler reads them with ``DescribeSenderIds`` (``sender-id`` resources) to report their ARNs."""
        if "sender-id-reads" in self._granted:
            return
        self._allow_on("sender-id-reads", ["sms-voice:DescribeSenderIds"], "sender-id")
        nag.acknowledge(
            self.role,
            "AwsSolutions-IAM5",
            "DescribeSenderIds reads this account's and region's sender IDs (sender-id/*): the service "
            "provisions a registered sender ID itself when it approves the registration, so its ARN is not "
            "known at synth; the handler reads only the sender IDs its registrations declare.",
            applies_to=[f"Resource::{self._facts.finding_arn('sms-voice', 'sender-id/*')}"],
        )

    def allow_configuration_set_defaults(self, configuration_set_arn: str) -> None:
        """Permissions for ``Custom::SmsConfigurationSetDefaults`` on one more configuration set.

        Read and write the default message type of the named sets and no other: their names are known
        at synth, so one statement lists their ARNs (produced sorted at synthesis), with no wildcard.
        The stack's status too, which a rollback reads before it forgives a failed request.
        """
        if self._defaulted_sets is None:
            self._defaulted_sets = []
            self._allow_stack_status()
            self.role.add_to_policy(
                iam.PolicyStatement(
                    actions=_CONFIGURATION_SET_DEFAULT_ACTIONS,
                    resources=cdk.Lazy.list(_Sorted(self._defaulted_sets)),
                )
            )
        if configuration_set_arn not in self._defaulted_sets:
            self._defaulted_sets.append(configuration_set_arn)

    def allow_spend_limits(self) -> None:
        """Permissions for ``Custom::SmsSpendLimits``: read the limits, set and delete each kind's override.

        Exactly ``DescribeSpendLimits`` and the ``Set``/``Delete…SpendLimitOverride`` of the five kinds. They
        act on the account's settings, not on a resource (no resource types in the Service Authorization
        Reference), so ``Resource: *`` is the only option. The stack's status too (rollbacks).
        """
        if "spend-limits" in self._granted:
            return
        self._allow_stack_status()
        self._allow("spend-limits", _SPEND_LIMIT_ACTIONS, ["*"])
        nag.acknowledge(
            self.role,
            "AwsSolutions-IAM5",
            "DescribeSpendLimits and the Set/Delete spend-limit override actions change account settings and "
            "have no resource-level permissions (Service Authorization Reference), so they need Resource *; "
            "the other Resource * actions are the unscoped registration definition reads.",
            applies_to=["Resource::*"],
        )

    def allow_account_default_protect(self) -> None:
        """Permissions for ``Custom::SmsAccountDefaultProtectConfiguration``.

        Read which configuration is the default and set one, on this account's and region's protect
        configurations: the handler restores the default it found before, whose ID is only known at deploy.
        ``DeleteAccountDefaultProtectConfiguration`` acts on the account's setting, not on a resource, so it
        is granted on ``Resource: *``. The stack's status too (rollbacks).
        """
        if "account-default-protect" in self._granted:
            return
        self._allow_stack_status()
        self._allow_on("account-default-protect", _ACCOUNT_DEFAULT_PROTECT_ACTIONS, "protect-configuration")
        self._allow("account-default-protect-unscoped", _ACCOUNT_DEFAULT_PROTECT_UNSCOPED, ["*"])
        nag.acknowledge(
            self.role,
            "AwsSolutions-IAM5",
            "DeleteAccountDefaultProtectConfiguration changes an account setting and has no resource-level "
            "permissions, so it needs Resource *. DescribeProtectConfigurations and "
            "SetAccountDefaultProtectConfiguration are granted on this account's and region's protect "
            "configurations: restoring the previous account default names one whose ID is known at deploy only.",
            applies_to=["Resource::*", f"Resource::{self._facts.finding_arn('sms-voice', 'protect-configuration/*')}"],
        )

    def allow_protect_number_overrides(self, protect_configuration_arn: str) -> None:
        """Permissions for ``Custom::SmsProtectNumberOverrides`` on one more protect configuration.

        List, put and delete the number overrides of the named configurations and no other (their ARNs,
        produced sorted at synthesis). The stack's status too (rollbacks).
        """
        if self._overridden_protects is None:
            self._overridden_protects = []
            self._allow_stack_status()
            self.role.add_to_policy(
                iam.PolicyStatement(
                    actions=_PROTECT_OVERRIDE_ACTIONS, resources=cdk.Lazy.list(_Sorted(self._overridden_protects))
                )
            )
        if protect_configuration_arn not in self._overridden_protects:
            self._overridden_protects.append(protect_configuration_arn)

    def allow_pass_two_way_role(self, role_arn: str) -> None:
        """Let ``UpdatePhoneNumber`` name ``role_arn`` as a number's ``TwoWayChannelRole``: ``iam:PassRole``.

        Passing a role to a service needs ``iam:PassRole`` on it. Only the roles the config names, and
        only to the SMS service (``iam:PassedToService``: the role's trust policy names
        ``sms-voice.amazonaws.com``, which assumes it to post the replies; user guide, "IAM policies for
        Amazon SNS topics"), so the handler cannot hand any other role of the account to anything.
        """
        if self._two_way_roles is None:
            self._two_way_roles = []
            self.role.add_to_policy(
                iam.PolicyStatement(
                    actions=["iam:PassRole"],
                    resources=cdk.Lazy.list(_Sorted(self._two_way_roles)),
                    conditions={"StringEquals": {"iam:PassedToService": SMS_SERVICE}},
                )
            )
        if role_arn not in self._two_way_roles:
            self._two_way_roles.append(role_arn)

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

    def _allow_framework_logs(self, group: logs.ILogGroup) -> None:
        """Each framework function's role may write to the framework's log group, by name.

        Its managed ``AWSLambdaBasicExecutionRole`` already allows every log group; this statement says
        the same for the one group it uses, in the template, where the log walk
        (``tests/yaml_app/stacks/test_function_logging.py``) can prove it without trusting a managed policy's content.
        """
        for name in ("onEvent", "isComplete", "onTimeout"):
            function = self.provider.node.find_child(f"framework-{name}")
            role = function.role if isinstance(function, lambda_.Function) else None
            if role is None:
                raise TypeError(f"the Provider framework's {name} function has no role to grant logging to")
            group.grant_write(role)

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
