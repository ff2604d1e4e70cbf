"""Where a registration attachment may come from: a regular file inside the config file's folder.

Why a rule: an attachment is bundled into ``cdk.out`` and uploaded to AWS with the registration, so a
path that leads elsewhere (absolute, ``../``, or a symlink pointing out) would ship any PNG, JPEG or
PDF on the machine; a FIFO or device would block every reader forever; an oversized file costs memory
before the type check runs. One function decides, for ``validate``/synth (``semantic``) and for
``import-csv`` (which runs the same checks on the config it is about to write).
"""

from __future__ import annotations

import stat
from pathlib import Path

from sms_estate.yaml_app.config.limits import MAX_ATTACHMENT_BYTES, shown_value


def attachment_problem(config_dir: Path, file: str) -> str | None:
    """Why ``file`` (as written in the config, relative to ``config_dir``) cannot be attached; None if it can.

    The path is resolved with symlinks followed before the containment test, and the file is inspected
    with ``stat`` (never opened), so a FIFO cannot block the check.
    """
    shown = shown_value(file)
    try:
        folder = config_dir.resolve()
        target = (folder / file).resolve()
    except (OSError, RuntimeError, ValueError):  # a symlink loop, a NUL byte
        return f"file {shown} cannot be resolved to a file in the config folder"
    if not target.is_relative_to(folder):
        return (
            f"file {shown} leads outside the config folder {folder.name}/ "
            "(absolute path, '..' or a symlink); attachments must be files inside it"
        )
    try:
        status = target.stat()
    except FileNotFoundError:
        return f"file {shown} not found in the config folder {folder.name}/"
    except OSError as error:
        return f"file {shown} cannot be read: {error.strerror}"
    if not stat.S_ISREG(status.st_mode):
        return f"file {shown} is not a regular file"
    if status.st_size > MAX_ATTACHMENT_BYTES:
        return f"file {shown} has {status.st_size:,} bytes; an attachment may have at most {MAX_ATTACHMENT_BYTES:,}"
    return None
