"""Read and write ``sms-voice`` ARNs for the ``from_*`` imports: the library's one ARN parser.

Every SMS resource ARN has the shape ``arn:<partition>:sms-voice:<region>:<account>:<type>/<name...>``
(``pool/pool-…``, ``opt-out-list/NAME``, ``configuration-set/NAME``, ``sender-id/SENDER/COUNTRY``,
``phone-number/phone-…``, ``registration/registration-…``, ``protect-configuration/protect-…``).
It lives at the library's root because messaging and registrations constructs both import by ARN.
A literal ARN is checked and split in Python, so a wrong one fails at synth with the construct's path;
an ARN that is a token (a parameter, another stack's output) is split by CloudFormation
(``Fn::Select`` over ``Fn::Split``), which keeps the dependency.
"""

from __future__ import annotations

import aws_cdk as cdk
from constructs import Construct

from sms_estate.stack_facts import facts_of

SERVICE = "sms-voice"


def resource_name_parts(path: str, arn: str, resource_type: str, count: int) -> list[str]:
    """The ``count`` slash-separated parts after ``<resource_type>/`` in ``arn`` (tokens if ``arn`` is one).

    Raises ``ValueError`` starting with ``path`` (the importing construct's) for a literal ARN of
    another service, resource type or shape, or one without a region or account (every SMS resource
    is regional, and the import's environment is read from them).
    """
    if cdk.Token.is_unresolved(arn):
        resource = cdk.Fn.split("/", cdk.Fn.select(5, cdk.Fn.split(":", arn)))
        return [cdk.Fn.select(index + 1, resource) for index in range(count)]
    fields = arn.split(":", 5)
    parts = fields[5].split("/") if len(fields) == 6 else []
    if len(fields) != 6 or fields[0] != "arn" or fields[2] != SERVICE or parts[0] != resource_type:
        raise ValueError(f"{path}: {arn!r} is not an {SERVICE} {resource_type} ARN")
    if not fields[3] or not fields[4]:
        raise ValueError(f"{path}: {arn!r} must name a region and an account")
    if len(parts) != count + 1 or not all(parts[1:]):
        raise ValueError(f"{path}: {arn!r} must end in {resource_type}/ and {count} name part(s)")
    return parts[1:]


def arn_in_stack(scope: Construct, resource_type: str, name: str) -> str:
    """The ARN of ``<resource_type>/<name>`` in ``scope``'s stack account and region."""
    return facts_of(cdk.Stack.of(scope)).arn(SERVICE, resource_type, name)
