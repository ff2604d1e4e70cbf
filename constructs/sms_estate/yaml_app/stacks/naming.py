"""Stable, readable names: a stack or construct ID changes only when the user renames something.

Construct IDs embed the user's own names, so CloudFormation logical IDs follow them and nothing is
replaced unless the config renamed it.
"""

from __future__ import annotations


def stack_name(environment: str, region: str) -> str:
    return f"SmsEstate-{environment}-{region}"


def construct_id(kind: str, name: str) -> str:
    """``("Pool", "refill-reminders")`` -> ``"Pool-refill-reminders"``."""
    return f"{kind}-{name}"


def review_state_stack_name(environment: str, region: str) -> str:
    """The small stack holding the region's review-state parameter, deployed before the messaging stack."""
    return f"{stack_name(environment, region)}-review-state"
