"""Fingerprints of the synthesized templates: a refactor must leave every template byte-identical.

``template_fingerprints.json`` holds one SHA-256 per template of the sample environments and of the
300-row bulk estate, taken from the code *before* issue 16's reorganisation (commit 2049f16) and
reproduced by it after. The Lambda asset's hash is the one part masked: it is a digest of
``sms_runtime``'s source, which any change to a handler (or a docstring) moves, and it says nothing
about what the template deploys beyond "this code".

A change that is *meant* to alter templates regenerates the file (``SMS_ESTATE_UPDATE_FINGERPRINTS=1
pytest tests/yaml_app -k fingerprint``), and the pull request shows which templates moved.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from pathlib import Path

FILE = Path(__file__).with_name("template_fingerprints.json")
_ASSET_HASH = re.compile(rb"[0-9a-f]{64}")


def fingerprint(template: Path) -> str:
    """SHA-256 of the template's bytes with every 64-hex asset hash masked."""
    return hashlib.sha256(_ASSET_HASH.sub(b"ASSET", template.read_bytes())).hexdigest()


def templates_of(directory: Path) -> dict[str, str]:
    return {path.name: fingerprint(path) for path in sorted(directory.glob("*.template.json"))}


def mismatches(directory: Path, prefixes: tuple[str, ...]) -> list[str]:
    """Templates under ``directory`` whose fingerprint differs from the recorded one (names only).

    ``prefixes`` selects the recorded entries this assembly must reproduce, so a missing or an extra
    stack is reported too. With ``SMS_ESTATE_UPDATE_FINGERPRINTS=1`` the record is rewritten instead.
    """
    recorded: dict[str, str] = json.loads(FILE.read_text(encoding="utf-8"))
    actual = templates_of(directory)
    if os.environ.get("SMS_ESTATE_UPDATE_FINGERPRINTS") == "1":
        kept = {name: digest for name, digest in recorded.items() if not name.startswith(prefixes)}
        FILE.write_text(json.dumps({**kept, **actual}, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        return []
    expected = {name: digest for name, digest in recorded.items() if name.startswith(prefixes)}
    return sorted(name for name in expected.keys() | actual.keys() if expected.get(name) != actual.get(name))
