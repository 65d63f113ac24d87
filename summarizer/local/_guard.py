"""Child-side guard: run a server module and exit as soon as the parent process is gone.

``LocalServer`` starts ``python -m summarizer.local._guard -m summarizer.local._serve ARGS`` (or
``_guard SCRIPT ARGS``). The parent's shutdown hooks cover exceptions, Ctrl-C and SIGTERM;
this guard covers the rest (the parent killed with SIGKILL, a crash), so no server outlives
the tool that started it.
"""

from __future__ import annotations

import os
import runpy
import sys
import threading
import time

PARENT_ENV = "SUMMARIZER_SERVER_PARENT"
_POLL_SECONDS = 0.5


def _watch(parent: int) -> None:
    while True:
        time.sleep(_POLL_SECONDS)
        if os.getppid() != parent:
            os._exit(0)


def main(argv: list[str]) -> None:
    """``argv``: ``-m MODULE ARGS...`` or ``SCRIPT ARGS...``."""
    parent = int(os.environ.get(PARENT_ENV, "0") or 0)
    if parent:
        if os.getppid() != parent:
            sys.exit(0)
        threading.Thread(target=_watch, args=(parent,), daemon=True).start()
    if argv[:1] == ["-m"]:
        sys.argv = [argv[1], *argv[2:]]
        runpy.run_module(argv[1], run_name="__main__", alter_sys=True)
    else:
        sys.argv = list(argv)
        runpy.run_path(argv[0], run_name="__main__")


if __name__ == "__main__":
    main(sys.argv[1:])
