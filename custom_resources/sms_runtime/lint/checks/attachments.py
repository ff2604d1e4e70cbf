"""Attachment rules: PNG, JPEG or PDF by content (not just by name), within 500 KB, legible size.

They read every type with attachment fields (the 10DLC campaign's opt-in screenshot and policy files,
the Singapore letter of authorization); MMS file samples are media, not documents, and are left out.
"""

from __future__ import annotations

import pathlib
from collections.abc import Iterable

from sms_runtime.lint import data
from sms_runtime.lint import reasons as r
from sms_runtime.lint.context import LintContext
from sms_runtime.lint.model import AttachmentInfo
from sms_runtime.lint.rules import SG_SENDER_ID, TEN_DLC_CAMPAIGN, TOLL_FREE, Hit, rule
from sms_runtime.lint.sniff import detect_format, image_size

WITH_ATTACHMENTS = (TOLL_FREE, TEN_DLC_CAMPAIGN, SG_SENDER_ID)
MEDIA_SECTION = "mmsFileSamples."


def _documents(ctx: LintContext) -> list[tuple[str, AttachmentInfo]]:
    """The attachments that are documents or screenshots (not MMS media), in field order."""
    return [(field, info) for field, info in sorted(ctx.reg.attachments.items()) if not field.startswith(MEDIA_SECTION)]


@rule(
    "TFN-ATTACH-FORMAT",
    "error",
    "An attachment is not a PNG, JPEG or PDF, or its content does not match its file name.",
    [r.SINCH_OPT_IN_EXAMPLE],
    "Export the screenshot as PNG, JPEG or PDF and keep the matching extension.",
    types=WITH_ATTACHMENTS,
)
def attachment_format(ctx: LintContext) -> Iterable[Hit]:
    formats: dict[str, str] = data.load("limits")["attachment_formats"]
    for field, info in _documents(ctx):
        extension = pathlib.PurePath(info.file_name).suffix.lower().lstrip(".")
        named = formats.get(extension)
        actual = detect_format(info.head)
        if named is None:
            yield Hit(field, "the file name's extension is not accepted (PNG, JPEG or PDF)", detail=info.file_name)
        elif actual not in set(formats.values()):
            shown = f"a {actual} file" if actual else "not a PNG, JPEG or PDF file"
            yield Hit(field, f"the file is {shown}", detail=info.file_name)
        elif actual != named:
            yield Hit(field, f"the file is named as {named} but its content is {actual}", detail=info.file_name)


@rule(
    "TFN-ATTACH-SIZE",
    "error",
    "An attachment is larger than the documented 500 KB (the API accepts it; review may not).",
    [r.SINCH_OPT_IN_EXAMPLE],
    "Crop or compress the image below 500 KB (the older guide says 400 KB for PNG: aim lower).",
    types=WITH_ATTACHMENTS,
)
def attachment_size(ctx: LintContext) -> Iterable[Hit]:
    limit = int(data.load("limits")["attachment_max_bytes"])
    for field, info in _documents(ctx):
        if info.size_bytes > limit:
            yield Hit(field, f"the file is {info.size_bytes:,} bytes; the limit is {limit:,}", detail=info.file_name)


@rule(
    "TFN-ATTACH-LOW-RES",
    "warning",
    "An opt-in image is too small in pixels for the consent text to be legible.",
    [r.SINCH_OPT_IN_EXAMPLE, r.TWILIO_NO_OPT_IN],
    "Use a screenshot at least 320 pixels on its shorter side, showing the consent text readably.",
    types=WITH_ATTACHMENTS,
)
def attachment_resolution(ctx: LintContext) -> Iterable[Hit]:
    minimum = int(data.load("limits")["attachment_min_pixels"])
    for field, info in _documents(ctx):
        size = image_size(info.head)
        if size and min(size) < minimum:
            message = f"the image is {size[0]}x{size[1]} pixels; text will not be legible"
            yield Hit(field, message, detail=info.file_name)


@rule(
    "TFN-ATTACH-UNCHECKED",
    "info",
    "An attachment given only as an id: its format and size cannot be checked here.",
    [r.SINCH_OPT_IN_EXAMPLE],
    "Lint the config with the attachment file to check it before upload.",
    types=WITH_ATTACHMENTS,
)
def attachment_unchecked(ctx: LintContext) -> Iterable[Hit]:
    for path, item in ctx.definition.fields.items():
        if item.field_type == "ATTACHMENT" and ctx.has(path) and path not in ctx.reg.attachments:
            yield Hit(path, "the attachment is a reference only; format and size not checked", detail=ctx.text(path))
