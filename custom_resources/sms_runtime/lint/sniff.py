"""Recognise PNG, JPEG and PDF by their first bytes, and read an image's pixel size from its header.

The API accepts bodies far above the documented limit and never checks the format for you, so the
lint looks at the bytes itself. Standard library only.
"""

from __future__ import annotations

import struct

_MAGIC = ((b"\x89PNG\r\n\x1a\n", "PNG"), (b"\xff\xd8\xff", "JPEG"), (b"%PDF-", "PDF"), (b"GIF8", "GIF"))
_JPEG_SOF = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}


def detect_format(head: bytes) -> str:
    """ "PNG", "JPEG", "PDF", "GIF", or "" when the bytes are none of those."""
    for magic, name in _MAGIC:
        if head.startswith(magic):
            return name
    return ""


def image_size(head: bytes) -> tuple[int, int] | None:
    """(width, height) from a PNG IHDR or a JPEG start-of-frame marker, if within ``head``."""
    kind = detect_format(head)
    if kind == "PNG" and len(head) >= 24 and head[12:16] == b"IHDR":
        width, height = struct.unpack(">II", head[16:24])
        return int(width), int(height)
    if kind == "JPEG":
        return _jpeg_size(head)
    return None


def _jpeg_size(head: bytes) -> tuple[int, int] | None:
    index = 2
    while index + 9 <= len(head):
        if head[index] != 0xFF:
            return None
        marker = head[index + 1]
        (length,) = struct.unpack(">H", head[index + 2 : index + 4])
        if marker in _JPEG_SOF:
            height, width = struct.unpack(">HH", head[index + 5 : index + 9])
            return int(width), int(height)
        index += 2 + length
    return None
