"""Read a file a user handed over only if it is a regular file of bounded size, else a clean error.

Why one helper: a FIFO or a device given as an input blocks a reader forever (or never ends), and an
unbounded file costs unbounded memory before any check runs. The file is opened non-blocking and
checked on the open descriptor, so a check on the path cannot be raced by swapping the file, and at
most ``max_bytes + 1`` bytes are ever read.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from sms_estate.yaml_app.errors import Problem, UserFacingError


def read_regular_file(path: Path, max_bytes: int, *, shown: str, where: str = "") -> bytes:
    """The bytes of ``path``; ``UserFacingError`` (``shown: where: message``) for anything else.

    ``FileNotFoundError`` is raised as is, so a caller can say what a missing file means to it.
    """

    def refuse(message: str) -> UserFacingError:
        return UserFacingError([Problem(shown, where, message)])

    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except FileNotFoundError:
        raise
    except OSError as error:
        raise refuse(f"cannot read file: {error.strerror}") from None
    with open(descriptor, "rb") as handle:  # noqa: PTH123 (a descriptor opened non-blocking: no Path.open)
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise refuse("is not a regular file")
        try:
            data = handle.read(max_bytes + 1)
        except OSError as error:
            raise refuse(f"cannot read file: {error.strerror}") from None
    if len(data) > max_bytes:
        raise refuse(f"is larger than the limit of {max_bytes:,} bytes")
    return data
