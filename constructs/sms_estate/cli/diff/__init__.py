"""The ``diff`` command's engine: what a change to the estate will do, in words a reviewer can approve.

A raw template diff hides what matters here: a changed property can release a phone number, restart
a 15-business-day registration review or drop an opt-out list. The pipeline is three small steps:

* :mod:`~sms_estate.cli.diff.revisions` turns a git ref, a ``cdk.out`` folder or the working tree into
  synthesized stacks per environment and region (plus the acknowledgements its config declares);
* :mod:`~sms_estate.cli.diff.templates` matches resources across two revisions (added, removed, changed,
  renamed);
* :mod:`~sms_estate.cli.diff.consequences` classifies each change with small named rules (destructive,
  slow, costly, security, warning, info; :mod:`~sms_estate.cli.diff.rules`, one module per area in
  :mod:`~sms_estate.cli.diff.checks`), and :mod:`~sms_estate.cli.diff.render` prints them as text,
  Markdown or JSON.
"""
