"""One-line errors for the read-only commands that call AWS with the caller's credentials (``status``, ``plan``).

Why shared: what the caller can fix (no credentials, no network, a refused call) must read the same
way, one ``error: <source>: <message>`` line and exit 2, whichever command hit it; each command only
says what it was reading. The wording stays each command's own (the templates), so a message a user
or a script already knows does not change.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from botocore.exceptions import (
    BotoCoreError,
    ClientError,
    EndpointConnectionError,
    NoCredentialsError,
    NoRegionError,
)

from sms_estate.yaml_app.errors import Problem, UserFacingError

NO_CREDENTIALS = "no AWS credentials found: set AWS_PROFILE (or run `aws sso login`) and retry"
UNREACHABLE = "cannot reach {service}: {error}"
OTHER = "cannot read from {service}: {error}"


@contextmanager
def one_line_errors(
    source: str,
    service: str,
    *,
    refused: str,
    no_credentials: str = NO_CREDENTIALS,
    unreachable: str = UNREACHABLE,
    other: str = OTHER,
) -> Iterator[None]:
    """Turn what the caller can fix (credentials, network, permissions) into one line and exit 2.

    ``source`` is where the line points (a config file or environment name), ``service`` what was being
    read ("the SMS API"). ``refused`` formats a ``ClientError`` with ``code``, ``message``,
    ``operation`` and ``error`` (botocore's own text); ``unreachable`` (no endpoint, no region) and
    ``other`` (any other botocore error: an expired SSO token, partial credentials, a timeout) format
    ``service`` and ``error``.
    """
    try:
        yield
    except NoCredentialsError:
        raise UserFacingError([Problem(source, "", no_credentials)]) from None
    except (EndpointConnectionError, NoRegionError) as error:
        raise UserFacingError([Problem(source, "", unreachable.format(service=service, error=error))]) from None
    except ClientError as error:
        details = error.response.get("Error", {})
        message = refused.format(
            code=details.get("Code", ""),
            message=details.get("Message", ""),
            operation=error.operation_name,
            error=error,
        )
        raise UserFacingError([Problem(source, "", message)]) from None
    except BotoCoreError as error:
        raise UserFacingError([Problem(source, "", other.format(service=service, error=error))]) from None
