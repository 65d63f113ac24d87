"""Run a command with one of its output streams on a pseudo-terminal, the other piped: what a
user at a terminal sees, for tests of terminal-only output."""

from __future__ import annotations

import fcntl
import os
import select
import struct
import subprocess
import termios
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass
class PtyRun:
    returncode: int
    tty: bytes  # what the stream on the pseudo-terminal received
    piped: bytes  # what the other stream received
    seconds: float


def run_with_tty(
    argv: Sequence[str], *, tty: str, env: dict[str, str], timeout: float = 60.0,
    columns: int = 100,
) -> PtyRun:
    """Run ``argv`` with ``tty`` ("stdout" or "stderr") on a pseudo-terminal ``columns``
    wide and the other stream on a pipe; stdin is empty."""
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, columns, 0, 0))
    out, err = (slave, subprocess.PIPE) if tty == "stdout" else (subprocess.PIPE, slave)
    started = time.monotonic()
    proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=out, stderr=err, env=env)
    os.close(slave)
    pipe = proc.stderr if tty == "stdout" else proc.stdout
    assert pipe is not None
    piped: list[bytes] = []
    reader = threading.Thread(target=lambda: piped.append(pipe.read()), daemon=True)
    reader.start()
    seen = bytearray()
    deadline = started + timeout
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 0.1)
            if ready:
                try:
                    chunk = os.read(master, 65536)
                except OSError:  # EIO: every writer of the terminal has closed it
                    break
                if not chunk:
                    break
                seen += chunk
            elif proc.poll() is not None:
                break
        returncode = proc.wait(timeout=max(1.0, deadline - time.monotonic()))
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        os.close(master)
    reader.join(timeout=10)
    return PtyRun(returncode, bytes(seen), b"".join(piped), time.monotonic() - started)
