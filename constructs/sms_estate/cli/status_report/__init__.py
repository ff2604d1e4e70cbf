"""What ``sms-estate status`` shows: every number and registration of an environment, per region.

``collect`` reads (Describe/List only) through the same readers the tracking Lambda uses;
``collect_bulk`` reads the bulk rollout ledgers (SSM for where they are, DynamoDB for the rows);
``render`` turns the result into a table or JSON. Split so tests and the README example can run
``collect`` against the in-process fake with the exact code the command runs.
"""

from sms_estate.cli.status_report.bulk_progress import BulkProgress, collect_bulk
from sms_estate.cli.status_report.collect import EstateStatus, collect
from sms_estate.cli.status_report.render import render_json, render_table

__all__ = ["BulkProgress", "EstateStatus", "collect", "collect_bulk", "render_json", "render_table"]
