"""The embedded model's server: llama.cpp's native OpenAI-compatible server on loopback.

``LocalServer`` starts ``python -m summarizer.local._serve`` (llama.cpp's C++ server from the
prebuilt ``xllamacpp`` wheel) as a child process in its own session, waits until
``GET /health`` answers 200 (the model is loaded; ``/v1/models`` answers earlier, and
requests get 503 until then), and stops it on ``stop()``, on leaving a ``with``/``async
with`` block, at interpreter exit and on SIGTERM/SIGHUP. A guard thread inside the child
(``_guard``) ends it if the parent dies without cleaning up (SIGKILL).
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import importlib.util
import math
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import FrameType
from typing import IO, Any

from summarizer.errors import (
    ArticleTooLong,
    LocalModelNotInstalled,
    ServerExited,
)
from summarizer.local._guard import PARENT_ENV
from summarizer.local.cores import default_threads

DEFAULT_HOST = "127.0.0.1"
DEFAULT_N_BATCH = 512
DEFAULT_N_PARALLEL = 1
# llama.cpp's host-RAM prompt cache (``--cache-ram``), in MiB; 0 = off. A slot that switches
# instructions (strike -> reaction) saves its prompt state here and restores it later instead
# of re-evaluating ~390 tokens: measured on the seeds, 1,793 -> 1,090 (000) and 2,529 ->
# 1,834 (001) prompt tokens evaluated per warm brief. A seed call's state is ~15 MB.
DEFAULT_CACHE_RAM_MIB = 256
SERVER_EXTRA = "xllamacpp (llama.cpp's server)"
_SERVER_MODULES = ("xllamacpp",)
_TAIL_LINES = 12


def require_engine() -> None:
    """Raise ``LocalModelNotInstalled`` unless the engine (``xllamacpp``) is installed."""
    for module in _SERVER_MODULES:
        if importlib.util.find_spec(module) is None:
            raise LocalModelNotInstalled(SERVER_EXTRA)


def choose_n_ctx(
    prompt_tokens_estimate: int,
    max_tokens: int,
    floor: int = 2048,
    ceiling: int = 32768,
    step: int = 1024,
) -> int:
    """Smallest context, a multiple of ``step`` in ``[floor, ceiling]``, that fits the call.

    Adds 10% to the prompt estimate (token counts are estimates) before rounding up.
    Raise ``ArticleTooLong`` when even ``ceiling`` is too small.
    """
    need = math.ceil(prompt_tokens_estimate * 1.1) + max_tokens
    if need > ceiling:
        raise ArticleTooLong(prompt_tokens_estimate, ceiling - max_tokens)
    return max(floor, min(ceiling, math.ceil(need / step) * step))


def free_port(host: str = DEFAULT_HOST) -> int:
    """A TCP port nobody listens on right now (the OS picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def _probe(url: str, timeout: float = 2.0) -> bool:
    """True when ``url`` answers 200; never goes through an HTTP proxy."""
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(url, timeout=timeout) as resp:
            return int(resp.status) == 200
    except (urllib.error.URLError, OSError, ValueError):
        return False


def _tail(path: Path, lines: int = _TAIL_LINES) -> str:
    try:
        with path.open("rb") as fh:
            fh.seek(0, os.SEEK_END)
            fh.seek(max(0, fh.tell() - 16384))
            text = fh.read().decode("utf-8", "replace")
    except OSError:
        return ""
    return "\n".join(text.splitlines()[-lines:])


# --- cleanup of every live server at exit and on termination signals -----------------

_LIVE: set[LocalServer] = set()
_LIVE_LOCK = threading.Lock()
_hooks = {"atexit": False, "signals": False}


def _stop_all() -> None:
    with _LIVE_LOCK:
        servers = list(_LIVE)
    for server in servers:
        server.stop()


def _on_signal(signum: int, frame: FrameType | None) -> None:
    _stop_all()
    previous = _PREVIOUS_HANDLERS.get(signum)
    if callable(previous):
        previous(signum, frame)
    elif previous == signal.SIG_IGN:
        return
    else:
        raise SystemExit(128 + signum)


_PREVIOUS_HANDLERS: dict[int, Any] = {}


def _install_hooks() -> None:
    """Register the atexit hook once, and SIGTERM/SIGHUP handlers from the main thread."""
    if not _hooks["atexit"]:
        atexit.register(_stop_all)
        _hooks["atexit"] = True
    if _hooks["signals"] or threading.current_thread() is not threading.main_thread():
        return
    for name in ("SIGTERM", "SIGHUP"):
        signum = getattr(signal, name, None)
        if signum is None:
            continue
        with contextlib.suppress(ValueError, OSError):
            _PREVIOUS_HANDLERS[signum] = signal.getsignal(signum)
            signal.signal(signum, _on_signal)
    _hooks["signals"] = True


class LocalServer:
    """One llama.cpp server process for one GGUF, reachable at ``base_url``.

    Defaults suit a small CPU box: the idle usable cores for both phases, n_batch 512, the GGUF's
    own chat template (jinja). ``n_ctx`` is the context of one slot; the server gets
    ``n_ctx * n_parallel`` (llama.cpp splits its context between the slots unless
    ``kv_unified``). ``speculative`` names an n-gram drafting method of ``_serve``
    (``none`` by default).

    ``command`` replaces the default argv (for tests); its items may contain the
    placeholders ``{host}``, ``{port}``, ``{model}`` and ``{n_ctx}``.
    """

    def __init__(
        self,
        gguf: Path,
        *,
        n_ctx: int,
        host: str = DEFAULT_HOST,
        port: int | None = None,
        n_threads: int | None = None,
        n_batch: int = DEFAULT_N_BATCH,
        n_parallel: int = DEFAULT_N_PARALLEL,
        kv_unified: bool = False,
        cache_ram_mib: int = DEFAULT_CACHE_RAM_MIB,
        speculative: str = "none",
        startup_timeout: float = 180.0,
        log_path: Path | None = None,
        command: Sequence[str] | None = None,
        extra_args: Sequence[str] = (),
        env: Mapping[str, str] | None = None,
    ) -> None:
        self.gguf = Path(gguf)
        self.n_ctx = n_ctx
        self.host = host
        self.port = port
        self._auto_port = port is None
        self.n_threads = n_threads  # None: the idle usable cores, sampled at start
        self.n_batch = n_batch
        self.n_parallel = max(1, n_parallel)
        self.kv_unified = kv_unified
        self.cache_ram_mib = cache_ram_mib
        self.speculative = speculative
        self.startup_timeout = startup_timeout
        self.log_path = log_path
        self.command = list(command) if command is not None else None
        self.extra_args = list(extra_args)
        self.env = dict(env) if env is not None else None
        self.startup_seconds: float | None = None
        self._proc: subprocess.Popen[bytes] | None = None
        self._log: Path | None = None
        self._log_is_temp = False
        self._lock = threading.Lock()
        _install_hooks()

    # -- public API ---------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        """``http://HOST:PORT/v1``, the OpenAI ``base_url`` (valid once started)."""
        if self.port is None:
            raise RuntimeError("the server has no port yet: call start() first")
        return f"http://{self.host}:{self.port}/v1"

    @property
    def root_url(self) -> str:
        """``http://HOST:PORT``, where ``/health``, ``/metrics`` and ``/slots`` live."""
        return self.base_url.removesuffix("/v1")

    @property
    def running(self) -> bool:
        """True while the child process is alive."""
        return self._proc is not None and self._proc.poll() is None

    @property
    def pid(self) -> int | None:
        """The child's process id (also its process group id), once started."""
        return self._proc.pid if self._proc is not None else None

    def argv(self) -> list[str]:
        """The command line the server is (or will be) started with; the first call fixes an
        unset thread count to the cores idle now, so a restart keeps it."""
        if self.command is not None:
            marks = {
                "{host}": self.host,
                "{port}": str(self.port),
                "{model}": str(self.gguf),
                "{n_ctx}": str(self.n_ctx),
            }
            out = []
            for item in self.command:
                for mark, value in marks.items():
                    item = item.replace(mark, value)
                out.append(item)
            return out
        total_ctx = self.n_ctx if self.kv_unified else self.n_ctx * self.n_parallel
        if self.n_threads is None:
            self.n_threads = default_threads()
        argv = [
            sys.executable, "-m", "summarizer.local._guard", "-m", "summarizer.local._serve",
            "--model", str(self.gguf),
            "--host", self.host,
            "--port", str(self.port),
            "--n-ctx", str(total_ctx),
            "--n-parallel", str(self.n_parallel),
            "--threads", str(self.n_threads),
            "--n-batch", str(self.n_batch),
            "--cache-ram-mib", str(self.cache_ram_mib),
            "--speculative", self.speculative,
        ]
        if self.kv_unified:
            argv.append("--kv-unified")
        if self.log_path is not None:
            argv.append("--verbose")
        return argv + self.extra_args

    def start(self) -> str:
        """Start the server (if not running) and return ``base_url`` once it answers."""
        with self._lock:
            if self.running:
                return self.base_url
            if self.command is None:
                require_engine()
                if not self.gguf.is_file():
                    raise ServerExited(f"model file not found: {self.gguf}")
            # a port we picked may be re-picked (a restart keeps it while it is free)
            auto_port = self._auto_port
            for attempt in range(3):
                if self.port is None or (auto_port and attempt > 0):
                    self.port = free_port(self.host)
                try:
                    return self._start_once()
                except ServerExited as err:
                    retry = auto_port and attempt < 2 and "address already in use" in (
                        err.log_tail.lower()
                    )
                    if not retry:
                        raise
            raise AssertionError("unreachable")  # pragma: no cover

    def stop(self, timeout: float = 10.0) -> None:
        """Terminate the server's process group: SIGTERM, wait, then SIGKILL."""
        proc = self._proc
        if proc is not None:
            if proc.poll() is None:
                kill = getattr(signal, "SIGKILL", signal.SIGTERM)
                self._signal_group(proc, signal.SIGTERM)
                try:
                    proc.wait(timeout=timeout)
                except subprocess.TimeoutExpired:
                    self._signal_group(proc, kill)
                    proc.wait(timeout=timeout)
                # the leader just ended; make sure nothing else of its group survives
                self._signal_group(proc, kill)
            self._proc = None
        with _LIVE_LOCK:
            _LIVE.discard(self)
        if self._log is not None and self._log_is_temp:
            self._log.unlink(missing_ok=True)
            self._log = None

    def wait(self, timeout: float | None = None) -> int | None:
        """Block until the server exits (or ``timeout``); its return code, if it exited."""
        if self._proc is None:
            return None
        try:
            return self._proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            return None

    def log_tail(self, lines: int = _TAIL_LINES) -> str:
        """The last lines the server wrote (stdout and stderr together)."""
        return _tail(self._log, lines) if self._log is not None else ""

    def __enter__(self) -> LocalServer:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    async def astart(self) -> str:
        """``start()`` without blocking the event loop."""
        return await asyncio.to_thread(self.start)

    async def astop(self) -> None:
        """``stop()`` without blocking the event loop."""
        await asyncio.to_thread(self.stop)

    async def __aenter__(self) -> LocalServer:
        await self.astart()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.astop()

    # -- internals ----------------------------------------------------------------------

    def _open_log(self) -> IO[bytes]:
        if self.log_path is not None:
            self.log_path.parent.mkdir(parents=True, exist_ok=True)
            self._log, self._log_is_temp = self.log_path, False
            return self.log_path.open("ab")
        fd, name = tempfile.mkstemp(prefix="summarizer-server-", suffix=".log")
        self._log, self._log_is_temp = Path(name), True
        return os.fdopen(fd, "wb")

    def _start_once(self) -> str:
        env = dict(os.environ if self.env is None else self.env)
        env[PARENT_ENV] = str(os.getpid())
        started = time.perf_counter()
        with self._open_log() as log:
            try:
                self._proc = subprocess.Popen(
                    self.argv(),
                    stdin=subprocess.DEVNULL,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    env=env,
                    start_new_session=(os.name == "posix"),
                )
            except OSError as exc:
                raise ServerExited(f"cannot run the server: {exc}") from exc
        with _LIVE_LOCK:
            _LIVE.add(self)
        url = self.root_url + "/health"  # 503 while the model loads
        deadline = started + self.startup_timeout
        while True:
            code = self._proc.poll()
            if code is not None:
                tail = self.log_tail()
                log_path = self._log
                self.stop()
                raise ServerExited(f"the server exited with code {code}", tail, log_path)
            if _probe(url):
                if self._proc.poll() is None:  # answered by our child, not a squatter
                    self.startup_seconds = time.perf_counter() - started
                    return self.base_url
                continue
            if time.perf_counter() > deadline:
                tail = self.log_tail()
                log_path = self._log
                self.stop()
                raise ServerExited(
                    f"no answer at {url} within {self.startup_timeout:.0f}s", tail, log_path
                )
            time.sleep(0.2)

    @staticmethod
    def _signal_group(proc: subprocess.Popen[bytes], signum: int) -> None:
        with contextlib.suppress(ProcessLookupError, PermissionError, OSError):
            if os.name == "posix":
                os.killpg(proc.pid, signum)
            else:  # pragma: no cover
                proc.send_signal(signum)
