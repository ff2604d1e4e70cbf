"""10DLC rules: the brand's legal name, tax ID and contact against its company fields (``brand``); the campaign's call to action, samples, HELP/STOP messages, declared links and phone numbers,
age-gated and direct-lending content, and prohibited content (one module each).

Drawn from the guide's "10DLC campaign registration form" (what the opt-in workflow must describe,
HELP/STOP responses of at most 160 characters, no public URL shorteners, at least one sample) and its
"10DLC campaign registration rejection reasons" table. Rules that compare the campaign with its brand
(brand name in the messages, vertical, the brand's support number) read ``ctx.sender_brand`` and skip
when the brand is unknown: the registration Lambda lints one registration alone.

Importing this package registers every rule of its modules (findings are sorted, so their order does not
matter).
"""

from sms_runtime.lint.checks.ten_dlc import brand, call_to_action, content, embedded, keywords, samples

__all__ = ["brand", "call_to_action", "content", "embedded", "keywords", "samples"]
