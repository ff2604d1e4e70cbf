"""``exit_without_teardown``: exit handlers, late thread output and buffered stdio all still happen."""

from __future__ import annotations

import subprocess
import sys

SCRIPT = """
import atexit, sys, threading, time
from sms_estate.yaml_app.process_exit import exit_without_teardown
atexit.register(lambda: print("exit handler ran", file=sys.stderr))
def late():
    time.sleep(0.3)
    print("late thread line", flush=True)
threading.Thread(target=late, daemon=True).start()
sys.stdout.write("buffered, no newline")
exit_without_teardown(5)
"""


def test_exit_keeps_handlers_thread_output_and_buffered_stdio_and_the_code() -> None:
    result = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, check=False, timeout=30)
    assert result.returncode == 5
    assert "exit handler ran" in result.stderr
    assert "buffered, no newline" in result.stdout
    assert "late thread line" in result.stdout
