"""Print ``sms-estate status`` for a bulk rollout in progress, against in-process fakes (the README example).

Usage: ``python tools/bulk_status_against_fake.py [--json] [--refuse-scan]``. Imports 40 generated rows into a fresh
environment ``bulk`` with ``shards: 3`` (all in us-east-1), then leaves what a partial rollout would:
shard 0's rows mostly done with two failures, shard 1 part way, shard 2 not deployed. The output is
the real ``sms-estate status`` command, run through ``sms_estate.cli.main.main`` with boto3's default
session served by the SMS, SSM and DynamoDB fakes (nothing reaches AWS). ``--refuse-scan`` denies the
caller ``dynamodb:Scan`` on shard 1's ledger table: the partial report (exit 3) the README shows.
"""

from __future__ import annotations

import contextlib
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

import boto3
from fakes.default_session import RegionalFakes
from support.bulk_estates import imported_environment
from support.bulk_ledgers import ledger_table, seed_ledger

from sms_estate.cli.main import main as cli
from sms_estate.yaml_app.bulk.sharding import shards_in
from sms_estate.yaml_app.config import load_environment
from sms_runtime.bulk.ledger import CREATING, DONE, FAILED, PENDING, RECONCILING

ROWS, SHARDS = 40, 3
TAX_ID = (
    "ClientError: An error occurred (ValidationException) when calling the PutRegistrationFieldValue "
    "operation: Invalid value for field companyInfo.taxId"
)


def lint_failure(name: str) -> str:
    """What the row step records when the pre-submission lint stops a row (several lines; status shortens it)."""
    return (
        f"registration {name} was not submitted: the lint reports errors\n{name}: 1 error, 0 warnings, 0 notes\n"
        "  ERROR   TFN-CONTACT-FREEMAIL  contactInfo.supportEmail\n"
        "          the support email is on a free mail domain"
    )


def main(argv: list[str]) -> int:
    with tempfile.TemporaryDirectory() as directory:
        with contextlib.redirect_stdout(sys.stderr):  # the import's own summary is not the example
            config = imported_environment(Path(directory) / "config", ROWS, shards=SHARDS)
        environment = load_environment(config)
        fakes = RegionalFakes(environment.regions, environment.account)
        boto3.DEFAULT_SESSION = fakes.session()
        first, second, _not_deployed = shards_in(environment, "us-east-1")
        done = [(DONE, "SUBMITTED")] * (len(first.registrations) - 3)
        last = first.registrations[-1].name
        seed_ledger(fakes, first, [*done, (FAILED, TAX_ID), (RECONCILING, ""), (FAILED, lint_failure(last))])
        busy = [(DONE, "SUBMITTED")] * 4 + [(RECONCILING, ""), (CREATING, ""), (CREATING, "")]
        seed_ledger(fakes, second, [*busy, *[(PENDING, "")] * (len(second.registrations) - len(busy))])
        if "--refuse-scan" in argv:
            fakes.dynamodb["us-east-1"].denied_tables.add(ledger_table(second))
        return cli(["status", str(config), *(arg for arg in argv if arg != "--refuse-scan")])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
