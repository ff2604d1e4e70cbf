"""``refresh-field-definitions``: replace a shipped field-definition snapshot with the live API's answer.

The snapshot under ``sms_runtime/registration/definitions`` is what synth, the lint and the Lambda
validate against. Required fields change (privacy-policy and terms URLs in 2026), so this command
pages ``DescribeRegistrationFieldDefinitions`` and rewrites the snapshot with every field definition
exactly as the API returns it, ``ConditionalBehavior`` (the rules that make a field required, optional
or disallowed depending on others) included, so a refresh replaces the shipped reconstruction of those
rules with the account's own. Nothing is merged from the old snapshot. It also asks
``DescribeRegistrationTypeDefinitions`` for the type and writes its item (``SupportedAssociations``: how a
10DLC campaign names its brand, which numbers and sender IDs join when) as ``RegistrationTypeDefinition``,
so the links synth checks are the account's too.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import pathlib
from collections.abc import Iterator
from typing import Any

import boto3
import botocore.exceptions

from sms_estate.yaml_app.errors import Problem, UserFacingError
from sms_runtime.registration.field_definitions import DefinitionFormatError, write_snapshot

NAME = "refresh-field-definitions"
HELP = "Snapshot DescribeRegistrationFieldDefinitions for a registration type into the package."

DEFAULT_TYPE = "US_TOLL_FREE_REGISTRATION"


def configure(parser: argparse.ArgumentParser) -> None:
    """Add the command's options."""
    parser.add_argument("--region", default="us-east-1", help="AWS region to ask (default us-east-1)")
    parser.add_argument("--registration-type", default=DEFAULT_TYPE, help=f"default {DEFAULT_TYPE}")
    parser.add_argument(
        "--output-dir",
        type=pathlib.Path,
        default=None,
        help="write the snapshot here instead of into the installed package",
    )


def run(args: argparse.Namespace, *, client: Any = None) -> int:
    """Page the API, write the snapshot, print where it went. ``client`` lets tests pass a stub."""
    sms = client if client is not None else boto3.client("pinpoint-sms-voice-v2", region_name=args.region)
    pages = fetch_pages(sms, args.registration_type)
    type_definition = fetch_type_definition(sms, args.registration_type)
    try:
        path = write_snapshot(
            args.registration_type,
            pages,
            taken_on=datetime.datetime.now(datetime.UTC).date().isoformat(),
            source=f"DescribeRegistrationFieldDefinitions in {args.region}",
            directory=args.output_dir,
            type_definition=type_definition,
        )
    except DefinitionFormatError as error:
        raise UserFacingError([Problem(file="aws", path="response", message=str(error))]) from None
    count = sum(len(page.get("RegistrationFieldDefinitions", ())) for page in pages)
    print(f"wrote {count} field definitions to {path}")
    return 0


def fetch_pages(client: Any, registration_type: str) -> list[dict[str, Any]]:
    """All pages of ``DescribeRegistrationFieldDefinitions``; AWS failures become one clear line."""
    paginator = client.get_paginator("describe_registration_field_definitions")
    with _user_facing_aws_errors():
        pages = [dict(page) for page in paginator.paginate(RegistrationType=registration_type)]
    return pages


def fetch_type_definition(client: Any, registration_type: str) -> dict[str, Any]:
    """The type's ``DescribeRegistrationTypeDefinitions`` item; one the API does not list is a clear error."""
    with _user_facing_aws_errors():
        answer = client.describe_registration_type_definitions(RegistrationTypes=[registration_type])
    for item in answer.get("RegistrationTypeDefinitions", []):
        if item.get("RegistrationType") == registration_type:
            return dict(item)
    message = f"DescribeRegistrationTypeDefinitions does not list {registration_type}; check the type's name"
    raise UserFacingError([Problem(file="aws", path="RegistrationTypeDefinitions", message=message)])


@contextlib.contextmanager
def _user_facing_aws_errors() -> Iterator[None]:
    """Turn AWS failures (no credentials, an API error, no connection) into one clear line each."""
    try:
        yield
    except (
        botocore.exceptions.NoCredentialsError,
        botocore.exceptions.PartialCredentialsError,
        botocore.exceptions.CredentialRetrievalError,
    ):
        message = "no AWS credentials found; configure a profile or environment credentials and retry"
        raise UserFacingError([Problem(file="aws", path="credentials", message=message)]) from None
    except botocore.exceptions.ClientError as error:
        details = error.response.get("Error", {})
        problem = Problem(
            file="aws",
            path=str(details.get("Code", "ClientError")),
            message=str(details.get("Message", error)),
        )
        raise UserFacingError([problem]) from None
    except botocore.exceptions.BotoCoreError as error:
        raise UserFacingError([Problem(file="aws", path="connection", message=str(error))]) from None
