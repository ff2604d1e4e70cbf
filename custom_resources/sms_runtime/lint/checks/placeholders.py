"""Placeholder rule: values a reviewer reads as "nothing provided" ("N/A", "see attached", "TBD").

Such values pass every length check, which is why teams burn versions on them.
"""

from __future__ import annotations

from collections.abc import Iterable

from sms_runtime.lint.checks.structure import reasons_for
from sms_runtime.lint.context import LintContext
from sms_runtime.lint.placeholder import placeholder_in
from sms_runtime.lint.rules import Hit, rule


@rule(
    "TFN-PLACEHOLDER",
    "error",
    "A field holds a placeholder ('N/A', 'see attached', 'TBD', template brackets) instead of content.",
    [],
    "Write the real content into the field itself; reviewers do not open other tickets or attachments for it.",
    all_types=True,
)
def placeholder(ctx: LintContext) -> Iterable[Hit]:
    for field, text in ctx.text_fields():
        problem = placeholder_in(field, text)
        if problem:
            yield Hit(field, problem, reasons_for(field, ctx.reg.registration_type), detail=text)
