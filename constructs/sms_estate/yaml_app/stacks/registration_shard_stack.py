"""One bulk shard: some of a region's registrations and the phone numbers they list, in their own stack.

Why a separate stack: CloudFormation allows 500 resources and a 1 MB template per stack; hundreds of
registrations (each with its number and the number's three sender-directory parameters) do not fit
next to the messaging resources. The numbers are custom resources, bought during the deploy; the
registrations are rows of the shard's ``BulkRollout`` workflow, which the deploy starts and does not
wait for (at 1 request/s, their field writes take longer than a custom resource's hour). The shard has its own Provider (``SmsResourceProvider.of`` is per
stack) and its own sender directory writing the same parameter names the messaging stack would, so
senders do not see where a number lives. It depends on the messaging stack: opt-out lists are created
there first and referred to here by name, and so are the opt-out sync's two-way topics (a number on a
synced list, in realtime mode, names its region's topic of that list by ARN).
"""

from __future__ import annotations

import dataclasses

import aws_cdk as cdk
from constructs import Construct

from sms_estate import SmsPhoneNumber
from sms_estate.yaml_app.bulk.rollout_workflow import BulkRollout, RolloutRow
from sms_estate.yaml_app.bulk.sharding import Shard
from sms_estate.yaml_app.config.model import Environment, PhoneNumber
from sms_estate.yaml_app.opt_out_sync_settings import replies_to_sync, sync_settings
from sms_estate.yaml_app.stacks.naming import construct_id
from sms_estate.yaml_app.stacks.registration_wiring import add_phone_number, registration_properties
from sms_estate.yaml_app.stacks.sender_directory import SenderDirectory
from sms_runtime.opt_out_sync.settings import topic_name


class RegistrationShardStack(cdk.Stack):
    """The registrations of ``shard`` and their numbers, with an explicit account and region."""

    def __init__(self, scope: Construct, environment: Environment, shard: Shard) -> None:
        super().__init__(
            scope,
            shard.stack_name,
            stack_name=shard.stack_name,
            env=cdk.Environment(account=environment.account, region=shard.region),
            description=(
                f"SMS registrations of environment {environment.name} in {shard.region}, "
                f"bulk shard {shard.index} (sms-estate)"
            ),
        )
        self.shard = shard
        for key, value in sorted(environment.tags.items()):
            cdk.Tags.of(self).add(key, value)
        cdk.Tags.of(self).add("sms-estate:environment", environment.name)
        self.directory = SenderDirectory(self, "SenderDirectory", environment=environment.name)
        self.sync_settings = sync_settings(environment)
        self.phone_numbers: dict[str, SmsPhoneNumber] = {
            # hundreds of numbers at once: the per-account tag scan would exhaust the 10/s quota
            number.name: add_phone_number(
                self,
                self._with_sync_channel(number),
                opt_out_list_name=number.opt_out_list,
                directory=self.directory,
                adopt_by_tag=False,
            )
            for number in shard.phone_numbers
        }
        self.rollout = BulkRollout(
            self,
            "Rollout",
            rows=[
                RolloutRow(
                    key=registration.name,
                    identity=f"sms-estate/{environment.name}/{shard.region}/{registration.name}",
                    logical_id=construct_id("Registration", registration.name),
                    properties=registration_properties(
                        self,
                        registration,
                        phone_number_ids=[self.phone_numbers[n].phone_number_id for n in registration.phone_numbers],
                    ),
                )
                for registration in shard.registrations
            ],
        )
        # Where ``status`` finds this shard's progress: /sms-estate/<env>/bulk-ledgers/<region>-<k>/table
        self.directory.publish(
            "bulk-ledgers", f"{shard.region}-{shard.index}", {"table": self.rollout.ledger.table_name}
        )

    def _with_sync_channel(self, number: PhoneNumber) -> PhoneNumber:
        """``number`` with replies to the sync's topic of its list, when the messaging stack made one."""
        settings = self.sync_settings
        if settings is None or not replies_to_sync(settings, number.opt_out_list):
            return number
        assert number.opt_out_list is not None  # replies_to_sync holds for a named list only
        topic = topic_name(settings.environment, number.opt_out_list)
        return dataclasses.replace(number, two_way_channel_arn=self.format_arn(service="sns", resource=topic))
