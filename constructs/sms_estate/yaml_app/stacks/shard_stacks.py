"""The hook ``app_builder.add_environment`` calls: a region's shard stacks, after its messaging stack."""

from __future__ import annotations

from typing import TYPE_CHECKING

from constructs import Construct

from sms_estate.yaml_app.bulk.sharding import shards_in
from sms_estate.yaml_app.config.model import Environment
from sms_estate.yaml_app.stacks.messaging_stack import MessagingStack

if TYPE_CHECKING:
    from sms_estate.yaml_app.stacks.registration_shard_stack import RegistrationShardStack


def add_registration_shards(
    scope: Construct, environment: Environment, messaging: MessagingStack
) -> list[RegistrationShardStack]:
    """One stack per non-empty shard of the messaging stack's region, each depending on that stack."""
    shards = shards_in(environment.in_region(messaging.region_name), messaging.region_name)
    if not shards:
        return []
    # Imported here, not at the top: the shard stack brings the Step Functions modules, about 0.15 s
    # of import that every synth of an environment without `bulk` would otherwise pay.
    from sms_estate.yaml_app.stacks.registration_shard_stack import RegistrationShardStack

    stacks = []
    for shard in shards:
        stack = RegistrationShardStack(scope, environment, shard)
        stack.add_stack_dependency(messaging, "opt-out lists referred to by name are created in the messaging stack")
        stacks.append(stack)
    return stacks
