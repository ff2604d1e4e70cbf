"""What the package cannot do yet, said at ``validate``: a clean error or a warning, never a traceback.

- A registration type is supported when a field-definition snapshot of it ships with the package: the
  lint, synth and the registration Lambda all validate against it. Any other type is refused with the
  supported types and the command that takes a snapshot (``refresh-field-definitions``).
- A ``lint_suppressions`` entry must name a lint rule that may be suppressed.
- A sender ID in a country whose row of the SMS user guide's country table reads "Registration
  required" is a warning: nothing in the config can associate a sender ID with a registration yet, so
  the sender ID is requested but cannot send until it is registered outside this package. The rows
  are data (``sender_id_registration.json``, with its source), not code.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from sms_estate.yaml_app.config.limits import shown_value
from sms_estate.yaml_app.config.semantic import Doc, Findings
from sms_runtime.lint.engine import suppression_problem
from sms_runtime.registration.field_definitions import available_registration_types

SENDER_ID_REGISTRATION_FILE = Path(__file__).with_name("sender_id_registration.json")


def check_registration_types(doc: Doc, source: Path, out: Findings) -> None:
    """Each registration's type must have a shipped field-definition snapshot (see the module doc)."""
    supported = available_registration_types()
    for i, registration in enumerate(doc.get("registrations", ())):
        kind = str(registration["type"])
        if kind not in supported:
            out.error(
                f"registrations[{i}].type",
                f"{kind!r} is not a supported registration type (supported: {', '.join(supported)}); the lint and "
                "the registration handler need its field definitions: run `sms-estate refresh-field-definitions "
                f"--registration-type {kind}` to take a snapshot, if the API knows the type",
            )


def check_lint_suppressions(doc: Doc, source: Path, out: Findings) -> None:
    """Each suppression names a lint rule that exists and may be suppressed."""
    for i, registration in enumerate(doc.get("registrations", ())):
        for j, suppression in enumerate(registration.get("lint_suppressions", ())):
            problem = suppression_problem(str(suppression["rule"]))
            if problem is not None:
                out.error(f"registrations[{i}].lint_suppressions[{j}].rule", problem)


@cache
def sender_id_registration() -> dict[str, Any]:
    """The guide's "Registration required" rows and their notes (``sender_id_registration.json``)."""
    loaded: dict[str, Any] = json.loads(SENDER_ID_REGISTRATION_FILE.read_text(encoding="utf-8"))
    return loaded


def check_sender_id_countries(doc: Doc, source: Path, out: Findings) -> None:
    """Warn about a sender ID in a country where the guide requires registering it first."""
    table = sender_id_registration()
    for i, sender in enumerate(doc.get("sender_ids", ())):
        country = table["countries"].get(sender["iso_country_code"])
        if country is None:
            continue
        requirement = table["notes"][country["note"]].split(". ")[0].rstrip(".")
        out.warn(
            f"sender_ids[{i}].iso_country_code",
            f"{country['name']} ({sender['iso_country_code']}): the SMS user guide lists sender IDs there as "
            f"'Registration required' ({requirement}; note {country['note']} of its country table); this config "
            f"cannot associate {shown_value(sender['sender_id'])} with a registration yet, so it cannot send until it is "
            "registered outside sms-estate",
        )


BEFORE_LINT = (check_registration_types, check_lint_suppressions)
AFTER_LINT = (check_sender_id_countries,)
