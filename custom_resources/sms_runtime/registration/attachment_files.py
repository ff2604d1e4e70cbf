"""Checks on registration attachment files (opt-in screenshots, letters of authorization).

Why our own check: the API accepts attachment bodies of almost 7 MB, but the documentation limits
them. The user guide says PNG of at most 400 KB; the blog and API docs say PNG, JPEG or PDF of at
most 500 KB. :data:`STRICT` (the default) accepts what every source accepts: PNG up to 400 KB, JPEG and
PDF up to 500 KB. :data:`DOCUMENTED` is the blog's wider reading. The type is read from the file's
first bytes, never from its name, because a renamed file is what reviewers reject. KB means 1000
bytes here, the stricter reading. Standard library only: this ships in the Lambda asset.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from sms_runtime.lint.sniff import detect_format

KB = 1000
STRICT: Mapping[str, int] = MappingProxyType({"PNG": 400 * KB, "JPEG": 500 * KB, "PDF": 500 * KB})
DOCUMENTED: Mapping[str, int] = MappingProxyType({"PNG": 500 * KB, "JPEG": 500 * KB, "PDF": 500 * KB})


def attachment_problem(head: bytes, size_bytes: int, limits: Mapping[str, int] = STRICT) -> str | None:
    """Why a file cannot be attached under ``limits`` (None when it can)."""
    kind = detect_format(head)
    if kind not in limits:
        return f"is not one of {', '.join(sorted(limits))} (detected from the file's content)"
    if size_bytes > limits[kind]:
        return f"is a {kind} of {size_bytes} bytes; the limit for {kind} is {limits[kind]} bytes"
    return None
