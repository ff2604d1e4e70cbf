"""A read AWS refused, kept as data so ``status`` can print what it did read and mark what it could not.

Why not an exception: a caller allowed to read the SMS API but not the bulk ledgers (or only some
ledger tables) still wants the rest of the report. The one-line ``summary`` names the IAM action, as a
policy author needs it (``ssm:GetParametersByPath``), and the error code; AWS's full message (which
principal, which resource) is kept for ``--json``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from botocore.exceptions import ClientError


@dataclass(frozen=True)
class Refusal:
    """``action`` is ``<IAM service prefix>:<operation>``; ``code`` and ``message`` are AWS's."""

    action: str
    code: str
    message: str

    @classmethod
    def of(cls, service: str, error: ClientError) -> Refusal:
        """The refusal of ``error``, raised by a client of ``service`` (its IAM prefix: ``ssm``, ``dynamodb``)."""
        details = error.response.get("Error", {})
        return cls(f"{service}:{error.operation_name}", details.get("Code", "") or "error", details.get("Message", ""))

    @property
    def summary(self) -> str:
        """One line for the table: ``ssm:GetParametersByPath refused (AccessDeniedException)``."""
        return f"{self.action} refused ({self.code})"

    def as_mapping(self) -> dict[str, Any]:
        return {"action": self.action, "code": self.code, "message": self.message, "summary": self.summary}
