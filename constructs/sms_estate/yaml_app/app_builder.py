"""Build a CDK app from environment configs: what ``app.py``, the CLI and the tests share.

Context comes from ``cdk.json`` in every path (CLI synth, in-process synth, tests), so a template
synthesized by ``cdk synth`` and one synthesized in a test are the same bytes.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import aws_cdk as cdk

from sms_estate import add_nag_checks
from sms_estate.yaml_app.cdk_json import cdk_json_context
from sms_estate.yaml_app.config import Environment
from sms_estate.yaml_app.stacks.messaging_stack import MessagingStack
from sms_estate.yaml_app.stacks.review_state_stack import add_review_state_stack
from sms_estate.yaml_app.stacks.shard_stacks import add_registration_shards

CFN_VALIDATION_CONTEXT = "sms-estate:cdkTemplateValidation"


def new_app(*, outdir: str | None = None, context: dict[str, Any] | None = None) -> cdk.App:
    """An App with the repo's context, no version reporting, and cdk-nag attached.

    CDK's built-in template validation is off unless the context key ``sms-estate:cdkTemplateValidation``
    is true (``cdk synth -c sms-estate:cdkTemplateValidation=true``). Why: it only warns, and its
    engine costs about 0.9 s to start in every synth, as much as everything else in a small
    environment; this package checks config before building anything, fails synthesis on any cdk-nag
    finding, and runs cfn-lint (errors fail) over every template in the main job and the tests.
    """
    merged = {**cdk_json_context(), **(context or {})}
    app = cdk.App(outdir=outdir, context=merged, analytics_reporting=False, builtin_cloud_formation_validation=False)
    if _truthy(app.node.try_get_context(CFN_VALIDATION_CONTEXT)):
        cdk.Validations.of(app).add_plugins(cdk.CloudFormationValidatePlugin())
    add_nag_checks(app)
    return app


def _truthy(value: object) -> bool:
    """Context from ``cdk.json`` is JSON (``true``); from ``-c key=value`` it is a string."""
    return value is True or (isinstance(value, str) and value.lower() == "true")


def add_environment(app: cdk.App, environment: Environment) -> list[MessagingStack]:
    """One stack per region of ``environment``, in the order the config lists regions.

    With a ``bulk`` section, each region's registrations go to shard stacks deployed after it. A region with
    resources that may wait for an approval gets a review-state stack deployed before it (``ReviewStateStack``).
    """
    stacks = []
    for region in environment.regions:
        review_state = add_review_state_stack(app, environment, region)
        stack = MessagingStack(app, environment, region)
        if review_state is not None:
            stack.add_stack_dependency(review_state, "its SSM-typed parameter reads the review state made there")
        stacks.append(stack)
    for stack in stacks:
        add_registration_shards(app, environment, stack)
    return stacks


def build_app(
    environments: Iterable[Environment], *, outdir: str | None = None
) -> tuple[cdk.App, list[MessagingStack]]:
    app = new_app(outdir=outdir)
    stacks = [stack for environment in environments for stack in add_environment(app, environment)]
    return app, stacks
