"""How a synth process ends: once the cloud assembly is on disk, without the interpreter's teardown.

Why: ``cdk synth`` waits for the app process to exit, and a normal exit of a CDK app in Python then
frees every object of the jsii-generated modules one by one, about 0.3 s for a sample environment
(a tenth of its synth) that produces nothing. What a normal exit does that matters still happens here,
in the same order: the ``atexit`` handlers run (jsii's stops the Node runtime, which closes its
stderr), the threads still alive get a moment to finish (jsii's stderr forwarder prints the runtime's
last warnings), and stdout and stderr are flushed. Only then does ``os._exit`` skip the teardown.
Nothing may call this before the assembly is written: ``app.synth()`` returns only after every file is.
"""

from __future__ import annotations

import atexit
import os
import sys
import threading
from typing import NoReturn

# How long a still-running thread (jsii's stderr forwarder) may take to finish after the runtime stopped.
_THREAD_GRACE_SECONDS = 2.0


def exit_without_teardown(code: int) -> NoReturn:
    """Run the exit handlers, let threads drain, flush stdio, then end the process with ``code``."""
    atexit._run_exitfuncs()  # what the interpreter would run first on a normal exit
    for thread in threading.enumerate():
        if thread is not threading.current_thread():
            thread.join(timeout=_THREAD_GRACE_SECONDS)
    for stream in (sys.stdout, sys.stderr):
        stream.flush()
    os._exit(code)
