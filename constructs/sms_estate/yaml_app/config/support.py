"""What the package cannot do yet, said at ``validate``: a clean error or a warning, never a traceback.

- A registration type is supported when a field-definition snapshot of it ships with the package: the
  lint, synth and the registration Lambda all validate against it. Any other type is refused with the
  supported types and the command that takes a snapshot (``refresh-field-definitions``).
- A ``lint_suppressions`` entry must name a lint rule that may be suppressed.
- A sender ID with a ``registration`` is registered by it (``registration_links``). Without one:
  - in a country where a shipped registration type registers sender IDs (its ``SupportedAssociations``
    list ``SENDER_ID`` for that country, e.g. ``SG_SENDER_ID_REGISTRATION``) it is an error: ``RequestSenderId``
    refuses it (``SENDER_ID_REQUIRES_REGISTRATION``), so the deploy would fail; the message names the type;
  - in a country whose row of the SMS user guide's country table reads "Registration required" it is a
    warning: the sender ID is requested but cannot send until it is registered, by a shipped type (named)
    or, when none ships, outside this package (a support case). The rows are data
    (``sender_id_registration.json``, with its source), not code.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from sms_estate.yaml_app.config.limits import shown_value
from sms_estate.yaml_app.config.registration_links import LINK_CHECKS
from sms_estate.yaml_app.config.semantic import Doc, Findings
from sms_runtime.lint.engine import suppression_problem
from sms_runtime.registration.field_definitions import available_registration_types
from sms_runtime.registration.shipped_associations import sender_id_registration_types

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
    """A sender ID without a registration where one is needed: an error if the API refuses it, else a warning."""
    table = sender_id_registration()
    for i, sender in enumerate(doc.get("sender_ids", ())):
        if "registration" in sender:
            continue  # registration_links checks it
        code = str(sender["iso_country_code"])
        shown = shown_value(sender["sender_id"])
        types = sender_id_registration_types(code)
        registered_by = " or ".join(types)
        if types:
            out.error(
                f"sender_ids[{i}]",
                f"RequestSenderId refuses a sender ID in {code} without a registration "
                f"(SENDER_ID_REQUIRES_REGISTRATION): register {shown} with a {registered_by} registration and name "
                "it here (registration: <registration name>)",
            )
            continue
        country = table["countries"].get(code)
        if country is None:
            continue
        requirement = table["notes"][country["note"]].split(". ")[0].rstrip(".")
        out.warn(
            f"sender_ids[{i}].iso_country_code",
            f"{country['name']} ({code}): the SMS user guide lists sender IDs there as 'Registration required' "
            f"({requirement}; note {country['note']} of its country table); no registration type shipped with "
            f"sms-estate registers sender IDs in {code}, so {shown} cannot send until it is registered outside "
            "sms-estate (a support case)",
        )


BEFORE_LINT = (check_registration_types, check_lint_suppressions, *LINK_CHECKS)
AFTER_LINT = (check_sender_id_countries,)
