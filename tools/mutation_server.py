"""A fork server that runs pytest for each mutant without paying Python's and pytest's start-up again.

cosmic-ray runs a shell command per mutant. A fresh ``python -m pytest`` spends about a second importing
pytest, boto3 and botocore before the first test; a module with 500 mutants spends minutes on it on
this 2-core machine. The server imports those third-party libraries once; for each mutant, the tiny
client (``run``, which imports only the standard library it needs) asks it to fork, and the child runs
``pytest.main`` in the mutation tree. The child imports the project fresh, so it sees the mutant that
cosmic-ray has just written: the server refuses to start if any project module is already loaded.

What stays honest: each child is a new process (no test state leaks between mutants), it starts in its
own process group (a jsii Node child dies with it), and a client that cosmic-ray kills on timeout makes
the server kill the child's whole group.

With ``MUTATION_MODULE``, ``MUTATION_TESTS`` and ``MUTATION_COVERAGE`` (the baseline's line map, see
``tools/mutation_coverage.py``), a child runs only the tests that executed the mutated statement.

    python tools/mutation_server.py serve SOCKET          # by tools/mutate.py, around ``cosmic-ray exec``
    python tools/mutation_server.py run SOCKET -- ARGS... # cosmic-ray's test command: pytest ARGS
"""

from __future__ import annotations

import json
import os
import select
import signal
import socket
import sys
from collections.abc import Sequence
from pathlib import Path

PROJECT_PACKAGES = ("sms_estate", "sms_runtime", "tests", "conftest", "fakes")
PRELOADED = ("pytest", "_pytest.python", "_pytest.assertion.rewrite", "boto3", "botocore.session", "botocore.client")
PRELOADED_IF_PRESENT = ("yaml", "jsonschema", "botocore.stub", "unittest.mock")


def _preload() -> None:
    import importlib

    for name in PRELOADED:
        importlib.import_module(name)
    for name in PRELOADED_IF_PRESENT:
        try:
            importlib.import_module(name)
        except ImportError:
            continue
    stale = sorted(name for name in sys.modules if name.split(".")[0] in PROJECT_PACKAGES)
    if stale:
        raise SystemExit(f"mutation server: project modules loaded before forking ({', '.join(stale)})")


class Selection:
    """The baseline's line map and the unmutated module: which tests a mutant needs."""

    def __init__(self) -> None:
        module, coverage = os.environ.get("MUTATION_MODULE"), os.environ.get("MUTATION_COVERAGE")
        self.module = Path(module) if module else None
        self.tests: list[str] = json.loads(os.environ.get("MUTATION_TESTS", "[]"))
        self.original = self.module.read_text(encoding="utf-8") if self.module else ""
        self.coverage = json.loads(Path(coverage).read_text()) if coverage and Path(coverage).exists() else None

    def args(self, args: list[str]) -> list[str]:
        if self.module is None or self.coverage is None:
            return args
        from mutation_coverage import narrowed, select_tests  # type: ignore[import-not-found]  # tools/ is on the path

        chosen = select_tests(self.coverage, self.original, self.module.read_text(encoding="utf-8"))
        selected: list[str] = narrowed(args, self.tests, chosen)
        return selected


def _child(request: dict[str, object], selection: Selection) -> None:
    """In the forked child: become a process group, run pytest, never return."""
    os.setpgid(0, 0)
    code = 3
    try:
        os.chdir(str(request["cwd"]))
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.dup2(devnull, 2)
        sys.dont_write_bytecode = True  # a same-size mutant written in the same second must not meet a stale .pyc
        import pytest

        args = request["args"]
        assert isinstance(args, list)
        code = int(pytest.main(selection.args([str(a) for a in args])))
    finally:
        os._exit(code)


def _wait(connection: socket.socket, pid: int) -> int:
    """The child's exit code; kill its group if the client goes away first (cosmic-ray's timeout)."""
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return os.waitstatus_to_exitcode(status)
        readable, _, _ = select.select([connection], [], [], 0.05)
        if readable and not connection.recv(1, socket.MSG_PEEK):
            os.killpg(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            return -signal.SIGKILL


def serve(path: str) -> None:
    _preload()
    selection = Selection()
    Path(path).unlink(missing_ok=True)
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(path)
    server.listen(1)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    print("ready", flush=True)
    while True:
        connection, _ = server.accept()
        with connection:
            request = json.loads(connection.makefile("r").readline())
            pid = os.fork()
            if pid == 0:
                server.close()
                connection.close()
                _child(request, selection)
            code = _wait(connection, pid)
            try:
                connection.sendall(f"{code}\n".encode())
            except OSError:
                continue


def run(path: str, args: Sequence[str]) -> int:
    client = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    client.connect(path)
    client.sendall((json.dumps({"cwd": str(Path.cwd()), "args": list(args)}) + "\n").encode())
    reply = client.makefile("r").readline().strip()
    code = int(reply) if reply else 3
    return code if 0 <= code < 256 else 1


def main(argv: Sequence[str]) -> int:
    if len(argv) >= 2 and argv[0] == "serve":
        serve(argv[1])
        return 0
    if len(argv) >= 3 and argv[0] == "run" and argv[2] == "--":
        return run(argv[1], argv[3:])
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
