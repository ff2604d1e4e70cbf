"""Errors a user can act on, rendered as ``file: path.to.key: message`` lines, never as tracebacks."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one input: where it is, and what is wrong."""

    file: str
    path: str
    message: str

    def render(self) -> str:
        location = f"{self.file}: {self.path}" if self.path else self.file
        return f"{location}: {self.message}"


class UserFacingError(Exception):
    """An error caused by input the user controls; the CLI prints it and exits non-zero."""

    exit_code = 2

    def __init__(self, problems: Sequence[Problem], *, headline: str = "") -> None:
        self.problems = tuple(problems)
        self.headline = headline
        super().__init__(self.render())

    def render(self) -> str:
        lines = [f"error: {self.headline}"] if self.headline else []
        lines += [f"error: {problem.render()}" for problem in self.problems]
        return "\n".join(lines)


class ConfigError(UserFacingError):
    """The environment config is invalid; nothing was built."""
