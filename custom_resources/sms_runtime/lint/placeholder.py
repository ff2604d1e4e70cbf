"""Recognises values a reviewer reads as "nothing provided" ("N/A", "see attached", "TBD").

Kept apart from the rule so the context can leave placeholder samples out of the sample rules: a
sample reading "N/A" is one problem (a placeholder), not also an unbranded message without STOP.
"""

from __future__ import annotations

from sms_runtime.lint import data, paths
from sms_runtime.lint.text import compile_linear

_SPACES = compile_linear(r"\s+")


def _squash(text: str) -> str:
    return _SPACES.sub(" ", text.lower()).strip(" .,;:!?'\"()[]*-_")


def placeholder_in(field: str, text: str) -> str | None:
    """Why ``text`` reads as a placeholder in ``field``, or None when it is real content."""
    squashed = _squash(text)
    exact = set(data.words("placeholders", "exact"))
    if field == paths.OPT_IN_DESCRIPTION:
        exact |= set(data.words("placeholders", "opt_in_only_exact"))
    if squashed in exact:
        return "the value is a placeholder, not content"
    lowered = text.lower()
    for marker in data.words("placeholders", "markers"):
        if marker in lowered:
            return f"contains the placeholder {marker!r}"
    return None
