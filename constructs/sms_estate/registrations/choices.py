"""The choices the SMS API accepts, as ``Literal`` types for type checkers and tuples for synth-time checks.

Why both: a consumer's mypy catches a wrong literal before synth, but a plain Python caller (or a
value read from a file) only meets the runtime check, which must name the construct that was given
it. Each tuple is derived from its ``Literal`` so the two cannot drift; the values are botocore's
``pinpoint-sms-voice-v2`` enums (``RequestableNumberType``, ``MessageType``, ``NumberCapability``,
``PreferenceType``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal, get_args

from constructs import IConstruct

NumberType = Literal["TOLL_FREE", "TEN_DLC", "LONG_CODE", "SIMULATOR"]
"""What kind of number to request (``RequestableNumberType``)."""
MessageType = Literal["TRANSACTIONAL", "PROMOTIONAL"]
"""What the number (or configuration set) sends by default (``MessageType``)."""
NumberCapability = Literal["SMS", "VOICE", "MMS", "RCS"]
"""What a number can do (``NumberCapability``); a number has one to four."""
NumberPreferenceType = Literal["StartsWith", "EndsWith", "Contains", "ExactMatch"]
"""How a requested number's digits match its preference (``PreferenceType``; TEN_DLC in the US only)."""
NumberOnDelete = Literal["retain", "release"]
"""What removing the construct does to the number: keep it (still billed) or release it for good."""

NUMBER_TYPES: tuple[str, ...] = get_args(NumberType)
MESSAGE_TYPES: tuple[str, ...] = get_args(MessageType)
CAPABILITIES: tuple[str, ...] = get_args(NumberCapability)
ON_DELETE: tuple[str, ...] = get_args(NumberOnDelete)
PREFERENCE_TYPES: tuple[str, ...] = get_args(NumberPreferenceType)


def check_choice(construct: IConstruct, name: str, value: object, choices: Sequence[str]) -> None:
    """Refuse ``value`` unless it is one of ``choices``: ``ValueError`` naming the construct's path."""
    if value not in choices:
        raise ValueError(f"{construct.node.path}: {name} must be one of {', '.join(choices)}, got {value!r}")
