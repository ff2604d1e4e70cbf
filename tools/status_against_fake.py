"""Print ``sms-estate status`` output for a sample environment deployed into the in-process fake.

Usage: ``python tools/status_against_fake.py [ENV] [--json]`` (default prod). Numbers and
registrations are created through the real custom-resource handlers; then, in prod, one registration
is denied, one approved, and 30 virtual hours pass. The README's example is this script's output.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from support.status_scenario import FakeEstate

from sms_estate.cli.status_report import collect, render_json, render_table
from sms_estate.yaml_app.config import load_environment


def main(argv: list[str]) -> int:
    names = [a for a in argv if not a.startswith("--")]
    estate = FakeEstate(load_environment(names[0] if names else "prod"))
    if estate.environment.name == "prod":
        estate.deny("harborline-refills-east")
        estate.approve("tidewater-reminders-east")
        estate.clock.advance(30 * 3600)
    status = collect(estate.environment, estate.sms_client, now=estate.clock.now(), clients_for=estate.clients)
    sys.stdout.write(render_json(status) + "\n" if "--json" in argv else render_table(status))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
