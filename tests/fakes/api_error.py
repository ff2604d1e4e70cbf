"""The error every fake SMS operation raises: served as the JSON error body botocore maps to ``ClientError``."""

from __future__ import annotations

from typing import Any

_STATUS_OF = {
    "ThrottlingException": 400,
    "ValidationException": 400,
    "ConflictException": 400,
    "ResourceNotFoundException": 400,
    "ServiceQuotaExceededException": 402,
    "AccessDeniedException": 400,
    "InternalServerException": 500,
}


class ApiError(Exception):
    """An error the fake answers with; served as a JSON error body botocore turns into ClientError."""

    def __init__(self, code: str, message: str, **members: str) -> None:
        super().__init__(f"{code}: {message}")
        self.code, self.message, self.members = code, message, members

    @property
    def status(self) -> int:
        return _STATUS_OF.get(self.code, 400)

    def body(self) -> dict[str, Any]:
        return {"__type": self.code, "Message": self.message, **self.members}
