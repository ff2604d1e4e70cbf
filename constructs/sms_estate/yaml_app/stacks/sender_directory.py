"""What senders need, published to SSM Parameter Store under one stable, documented path.

Every region's stack writes the same parameter names in its own region, so a sender that fails over
to another region reads the same names there and gets that region's IDs:

    /sms-estate/<environment>/configuration-sets/<name>/name
    /sms-estate/<environment>/configuration-sets/<name>/arn
    /sms-estate/<environment>/pools/<name>/id
    /sms-estate/<environment>/pools/<name>/arn
    /sms-estate/<environment>/phone-numbers/<name>/id
    /sms-estate/<environment>/phone-numbers/<name>/arn
    /sms-estate/<environment>/phone-numbers/<name>/number

Parameter names are derived from config names only, so they never change unless the config renames.
"""

from __future__ import annotations

from aws_cdk import aws_ssm as ssm
from constructs import Construct

PREFIX = "/sms-estate"


def parameter_name(environment: str, kind: str, name: str, attribute: str) -> str:
    return f"{PREFIX}/{environment}/{kind}/{name}/{attribute}"


class SenderDirectory(Construct):
    """Publishes IDs and ARNs of one stack's messaging resources as SSM String parameters."""

    def __init__(self, scope: Construct, id: str, *, environment: str) -> None:
        super().__init__(scope, id)
        self.environment = environment

    def publish(self, kind: str, name: str, attributes: dict[str, str]) -> None:
        for attribute, value in sorted(attributes.items()):
            parameter = parameter_name(self.environment, kind, name, attribute)
            ssm.StringParameter(
                self,
                f"{kind}-{name}-{attribute}",
                parameter_name=parameter,
                string_value=value,
                description=f"sms-estate {self.environment}: {kind[:-1].replace('-', ' ')} {name} {attribute}",
            )
