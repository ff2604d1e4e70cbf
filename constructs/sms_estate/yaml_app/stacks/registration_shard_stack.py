"""One bulk shard: some of a region's registrations and the phone numbers they list, in their own stack.

Why a separate stack: CloudFormation allows 500 resources and a 1 MB template per stack; hundreds of
registrations (each with its number and the number's three sender-directory parameters) do not fit
next to the messaging resources. The numbers are custom resources, bought during the deploy; the
registrations are rows of the shard's ``BulkRollout`` workflow, which the deploy starts and does not
wait for (at 1 request/s, their field writes take longer than a custom resource's hour). The shard has its own Provider (``SmsResourceProvider.of`` is per
stack) and its own sender directory writing the same parameter names the messaging stack would, so
senders do not see where a number lives. It depends on the messaging stack: opt-out lists are created
there first and referred to here by name.
"""

from __future__ import annotations

import aws_cdk as cdk
from constructs import Construct

from sms_estate import SmsPhoneNumber
from sms_estate.yaml_app.bulk.rollout_workflow import BulkRollout, RolloutRow
from sms_estate.yaml_app.bulk.sharding import Shard
from sms_estate.yaml_app.config.model import Environment
from sms_estate.yaml_app.stacks.naming import construct_id
from sms_estate.yaml_app.stacks.registration_wiring import add_phone_number, registration_properties
from sms_estate.yaml_app.stacks.sender_directory import SenderDirectory


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
        self.phone_numbers: dict[str, SmsPhoneNumber] = {
            # hundreds of numbers at once: the per-account tag scan would exhaust the 10/s quota
            number.name: add_phone_number(
                self, number, opt_out_list_name=number.opt_out_list, directory=self.directory, adopt_by_tag=False
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
