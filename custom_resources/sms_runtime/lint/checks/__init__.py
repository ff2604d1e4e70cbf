"""Rule modules, one per area. Importing this package registers every rule in ``rules.RULES``."""

from sms_runtime.lint.checks import (
    account,
    attachments,
    brand_rules,
    contact,
    content,
    optin,
    placeholders,
    samples,
    structure,
    ten_dlc,
    urls,
    volume,
)

__all__ = [
    "account",
    "attachments",
    "brand_rules",
    "contact",
    "content",
    "optin",
    "placeholders",
    "samples",
    "structure",
    "ten_dlc",
    "urls",
    "volume",
]
