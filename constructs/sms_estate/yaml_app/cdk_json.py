"""The CDK app's own directory and the context block of its ``cdk.json``, without importing the CDK.

The project is found from where the app runs, never from where this package is installed: the
nearest directory holding a ``cdk.json``, starting at the current working directory and walking up.
The CDK CLI runs the app in the directory of ``cdk.json``; the ``sms-estate`` command may be run from
anywhere inside the project. A package installed in site-packages, or a copy of the repository run
with another checkout's package, therefore reads the ``config/`` of the app being run.

Light on purpose: ``app.py`` reads the context before ``aws_cdk`` is imported (to fork the config
check, ``sms_estate.yaml_app.config.prefetch``), and ``app_builder`` gives the same context to every App.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sms_estate.yaml_app.errors import UserFacingError

CDK_JSON = "cdk.json"


def project_dir(start: Path | None = None) -> Path:
    """The nearest of ``start`` (default: the current working directory) and its parents holding ``cdk.json``.

    Evaluated on each call, so a process that changes directory finds the project it is now in.
    Raises a ``UserFacingError`` (exit 2) when there is none.
    """
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / CDK_JSON).is_file():
            return folder
    raise UserFacingError([], headline=f"no {CDK_JSON} in {here} or its parents: run from your CDK app's directory")


def cdk_json_context(root: Path | None = None) -> dict[str, Any]:
    """The ``context`` block of the project's cdk.json (feature flags and package settings)."""
    data = json.loads(((root or project_dir()) / CDK_JSON).read_text(encoding="utf-8"))
    return dict(data.get("context", {}))
