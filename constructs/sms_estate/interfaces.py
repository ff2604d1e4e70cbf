"""``ISmsResource``: what every ``ISms*`` interface offers, like aws-cdk-lib's ``IResource``.

Why one base: a construct made here and its imported counterpart (``from_*``) are both
``cdk.Resource`` subclasses, so a parameter typed ``ISmsPool`` (or any other ``ISms*``) can rely on the
construct tree node, the resource's environment (an import's account and region are its ARN's) and its
stack, declared once here instead of in each interface.
"""

from __future__ import annotations

from typing import Protocol

import aws_cdk as cdk
from aws_cdk.interfaces import ResourceEnvironment
from constructs import Node


class ISmsResource(Protocol):
    """A resource of this library, created in this app or imported: its node, environment and stack."""

    @property
    def node(self) -> Node:
        """The construct tree node."""
        ...

    @property
    def env(self) -> ResourceEnvironment:
        """The account and region the resource lives in (an imported one's: its ARN's)."""
        ...

    @property
    def stack(self) -> cdk.Stack:
        """The stack the construct is defined in."""
        ...
