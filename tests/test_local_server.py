"""Lifecycle of the embedded model's server, exercised with a tiny fake server program.

The fake behaves like llama.cpp's server while it loads a model: it listens at once,
answers ``GET /v1/models`` at once but ``GET /health`` with 503 until "loaded", then 200.
Modes make it fail, hang or exit, so start-up errors and cleanup (no orphan process) can be
asserted.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import json
import os
import re
import signal
import subprocess
import sys
import textwrap
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from summarizer.errors import (
    ArticleTooLong,
    LocalModelNotInstalled,
    ModelCorrupt,
    ServerExited,
    ServerStartFailed,
)
from summarizer.local import commands, weights
from summarizer.local.server import LocalServer, choose_n_ctx
from summarizer.settings import CACHE_ENV

FAKE_SERVER = textwrap.dedent(
    """
    import http.server, json, os, sys, threading, time

    port, mode = int(sys.argv[1]), sys.argv[2]
    if os.environ.get("FAKE_PID_FILE"):
        open(os.environ["FAKE_PID_FILE"], "w").write(str(os.getpid()))
    if mode == "fail":
        print("boom: cannot load the model", file=sys.stderr, flush=True)
        sys.exit(3)
    if mode == "hang":
        time.sleep(600)
    if mode == "busy-once":
        flag = sys.argv[3]
        if not os.path.exists(flag):
            open(flag, "w").close()
            print("ERROR: [Errno 98] address already in use", file=sys.stderr, flush=True)
            sys.exit(1)

    LOAD_SECONDS = 0.8
    started = time.monotonic()
    exiting = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            if self.path == "/health":
                loaded = time.monotonic() - started > LOAD_SECONDS
                status = 200 if loaded else 503
                if loaded and mode == "exit-soon" and not exiting:
                    # die 1 s after the first "ready" (not after start: on a loaded machine
                    # the parent might not have probed yet, and it would never see us up)
                    exiting.append(threading.Timer(1.0, lambda: os._exit(0)))
                    exiting[0].start()
                body = json.dumps({"status": "ok" if loaded else "loading model"}).encode()
            elif self.path == "/v1/models":
                status = 200
                body = json.dumps({"object": "list", "data": [{"id": "fake"}]}).encode()
            else:
                self.send_error(404)
                return
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    http.server.HTTPServer(("127.0.0.1", port), Handler).serve_forever()
    """
)


@pytest.fixture
def fake(tmp_path: Path) -> Path:
    path = tmp_path / "fake_server.py"
    path.write_text(FAKE_SERVER)
    return path


def _command(fake: Path, mode: str = "ok", *extra: str, guard: bool = False) -> list[str]:
    head = [sys.executable, "-m", "summarizer.local._guard"] if guard else [sys.executable]
    return [*head, str(fake), "{port}", mode, *extra]


def _alive(pid: int) -> bool:
    """True while ``pid`` exists and is not a zombie."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


# how long a step may take on a loaded machine (2 cores busy with a model evaluation: a
# Python process that imports summarizer can need many seconds to start or to exit); every
# wait polls, so a healthy run still takes as long as the work, not this
PATIENCE = 60.0


def _wait_gone(pid: int, seconds: float = PATIENCE) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not _alive(pid):
            return True
        time.sleep(0.05)
    return False


def _get_models(base_url: str) -> dict[str, object]:
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with opener.open(base_url + "/models", timeout=5) as resp:
        return dict(json.loads(resp.read()))


def _health(base_url: str) -> int:
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(base_url.removesuffix("/v1") + "/health", timeout=5) as resp:
            return int(resp.status)
    except urllib.error.HTTPError as err:
        return err.code


pytestmark = pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs /proc (Linux)")


def test_start_answers_then_stop_leaves_no_process(fake: Path, tmp_path: Path) -> None:
    srv = LocalServer(tmp_path / "m.gguf", n_ctx=2048, command=_command(fake))
    url = srv.start()
    assert url == f"http://127.0.0.1:{srv.port}/v1"
    assert _get_models(url)["data"] == [{"id": "fake"}]
    # ready means the model is loaded (/health 200), not merely listening (/v1/models)
    assert _health(url) == 200
    assert srv.startup_seconds is not None and srv.startup_seconds > 0.8
    assert srv.start() == url  # idempotent while running
    pid = srv.pid
    assert pid is not None
    srv.stop()
    assert not srv.running
    assert _wait_gone(pid)


def test_exception_inside_with_block_stops_the_server(fake: Path, tmp_path: Path) -> None:
    pid = None
    srv = LocalServer(tmp_path / "m.gguf", n_ctx=2048, command=_command(fake))
    with pytest.raises(RuntimeError, match="caller failed"), srv:
        pid = srv.pid
        raise RuntimeError("caller failed")
    assert pid is not None and _wait_gone(pid)


async def test_async_context_manager(fake: Path, tmp_path: Path) -> None:
    async with LocalServer(tmp_path / "m.gguf", n_ctx=2048, command=_command(fake)) as srv:
        pid = srv.pid
        assert srv.running
    assert pid is not None and _wait_gone(pid)


def test_early_exit_reports_the_servers_last_output(fake: Path, tmp_path: Path) -> None:
    srv = LocalServer(tmp_path / "m.gguf", n_ctx=2048, command=_command(fake, "fail"))
    with pytest.raises(ServerStartFailed) as info:
        srv.start()
    message = str(info.value)
    assert "exited with code 3" in message
    assert "boom: cannot load the model" in message
    assert isinstance(info.value, ServerExited) and "boom" in info.value.log_tail
    assert "\n" not in message


def test_startup_timeout_kills_the_child(fake: Path, tmp_path: Path) -> None:
    srv = LocalServer(
        tmp_path / "m.gguf", n_ctx=2048, command=_command(fake, "hang"), startup_timeout=1.0
    )
    started = time.monotonic()
    with pytest.raises(ServerStartFailed, match=r"no answer at .* within 1s"):
        srv.start()
    assert time.monotonic() - started < 8
    assert not srv.running


def test_auto_port_retries_when_the_port_was_taken(fake: Path, tmp_path: Path) -> None:
    flag = tmp_path / "tried-once"
    srv = LocalServer(
        tmp_path / "m.gguf", n_ctx=2048, command=_command(fake, "busy-once", str(flag))
    )
    with srv:
        assert flag.exists()
        assert _get_models(srv.base_url)["object"] == "list"


def test_server_log_is_kept_when_asked(fake: Path, tmp_path: Path) -> None:
    log = tmp_path / "logs" / "server.log"
    srv = LocalServer(tmp_path / "m.gguf", n_ctx=2048, command=_command(fake, "fail"),
                      log_path=log)
    with pytest.raises(ServerStartFailed):
        srv.start()
    assert "boom" in log.read_text()


PARENT = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from summarizer.local.server import LocalServer

    command = sys.argv[2:]
    srv = LocalServer(Path("m.gguf"), n_ctx=2048, command=command)
    srv.start()
    print(srv.pid, flush=True)
    sys.stdin.readline()  # the test has seen the server alive: go on
    print("waiting", flush=True)  # past the handshake: a signal now finds us asleep
    if sys.argv[1] == "raise":
        raise RuntimeError("the caller crashed")
    time.sleep(120)
    """
)


def _read_line(proc: subprocess.Popen[str], seconds: float = PATIENCE) -> str:
    """The next line ``proc`` prints, waiting at most ``seconds`` (never forever)."""
    assert proc.stdout is not None
    stream = proc.stdout
    box: list[str] = []
    reader = threading.Thread(target=lambda: box.append(stream.readline()), daemon=True)
    reader.start()
    reader.join(seconds)
    if not box:
        proc.kill()
        pytest.fail(f"no line from pid {proc.pid} within {seconds:.0f}s")
    return box[0]


def _default_signals() -> None:
    """In a spawned child: SIGINT at its default, as on a terminal. A test run started in the
    background (``cmd &`` in a script) ignores SIGINT, and children inherit that, so without
    this a Ctrl-C test would fail however the code behaves."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _spawn_parent(
    tmp_path: Path, how: str, command: list[str]
) -> tuple[subprocess.Popen[str], int]:
    script = tmp_path / "parent.py"
    script.write_text(PARENT)
    parent = subprocess.Popen(
        [sys.executable, str(script), how, *command],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        preexec_fn=_default_signals,
    )
    line = _read_line(parent)
    assert line.strip().isdigit(), f"parent did not start its server: {line!r}"
    child = int(line)
    assert _alive(child)
    assert parent.stdin is not None
    parent.stdin.write("go\n")  # only now may the parent crash (else: a race with the check)
    parent.stdin.flush()
    assert _read_line(parent) == "waiting\n"  # ready: signals meet it past the handshake
    return parent, child


@pytest.mark.parametrize(
    ("how", "signum"),
    [("sleep", signal.SIGTERM), ("sleep", signal.SIGINT), ("sleep", signal.SIGHUP)],
)
def test_parent_signal_stops_the_child(
    fake: Path, tmp_path: Path, how: str, signum: int
) -> None:
    parent, child = _spawn_parent(tmp_path, how, _command(fake))
    parent.send_signal(signum)
    # the parent's handler stops the server: poll the child, then see the parent end
    assert _wait_gone(child), "the server outlived its parent"
    code = parent.wait(timeout=PATIENCE)
    if signum != signal.SIGINT:  # SIGINT is Python's own KeyboardInterrupt
        assert code == 128 + signum, code


def test_parent_crash_stops_the_child(fake: Path, tmp_path: Path) -> None:
    parent, child = _spawn_parent(tmp_path, "raise", _command(fake))
    assert _wait_gone(child)
    assert parent.wait(timeout=PATIENCE) == 1


def test_guard_stops_the_child_when_the_parent_is_killed(fake: Path, tmp_path: Path) -> None:
    parent, child = _spawn_parent(tmp_path, "sleep", _command(fake, guard=True))
    parent.kill()  # SIGKILL: no cleanup code runs in the parent
    parent.wait(timeout=PATIENCE)
    assert _wait_gone(child), "the guard did not end the orphaned server"


def test_default_argv_runs_the_native_server_with_chosen_flags(tmp_path: Path) -> None:
    srv = LocalServer(tmp_path / "m.gguf", n_ctx=3072, port=5555, n_threads=3, n_parallel=4,
                      speculative="ngram-simple")
    argv = srv.argv()
    head = [sys.executable, "-m", "summarizer.local._guard", "-m", "summarizer.local._serve"]
    assert argv[:5] == head
    flags = dict(zip(argv[5::2], argv[6::2], strict=True))
    assert flags["--model"] == str(tmp_path / "m.gguf")
    assert flags["--port"] == "5555" and flags["--host"] == "127.0.0.1"
    assert flags["--n-ctx"] == str(3072 * 4)  # n_ctx is per slot; llama.cpp splits the total
    assert flags["--n-parallel"] == "4" and flags["--threads"] == "3"
    assert flags["--speculative"] == "ngram-simple"
    unified = LocalServer(tmp_path / "m.gguf", n_ctx=3072, n_parallel=4, kv_unified=True)
    assert "--kv-unified" in unified.argv()
    assert unified.argv()[unified.argv().index("--n-ctx") + 1] == "3072"  # slots share it
    assert srv.base_url == "http://127.0.0.1:5555/v1"
    assert srv.root_url == "http://127.0.0.1:5555"


def test_serve_module_builds_the_params_it_is_given() -> None:
    pytest.importorskip("xllamacpp")
    from summarizer.local import _serve

    args = _serve.parse_args([
        "--model", "m.gguf", "--port", "5555", "--n-ctx", "8192", "--n-parallel", "4",
        "--threads", "2", "--kv-unified", "--speculative", "ngram-simple",
    ])
    params = _serve.build_params(args)
    assert params.model.path == "m.gguf"
    assert params.port == 5555 and list(params.hostnames) == ["127.0.0.1"]
    assert params.n_ctx == 8192 and params.n_parallel == 4 and params.kv_unified
    assert params.cpuparams.n_threads == 2 and params.cpuparams_batch.n_threads == 2
    assert params.use_jinja and params.cache_prompt and params.endpoint_metrics
    assert [t.name for t in params.speculative.types] == ["COMMON_SPECULATIVE_TYPE_NGRAM_SIMPLE"]


def test_missing_engine_is_reported_as_not_installed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = importlib.util.find_spec

    def find_spec(name: str, package: str | None = None) -> object:
        return None if name == "xllamacpp" else real(name, package)

    monkeypatch.setattr(importlib.util, "find_spec", find_spec)
    with pytest.raises(LocalModelNotInstalled, match=r"xllamacpp"):
        LocalServer(tmp_path / "m.gguf", n_ctx=2048).start()


def test_missing_gguf_is_a_start_failure(tmp_path: Path) -> None:
    pytest.importorskip("xllamacpp")
    with pytest.raises(ServerStartFailed, match="model file not found"):
        LocalServer(tmp_path / "absent.gguf", n_ctx=2048).start()


@pytest.mark.parametrize(
    ("prompt", "max_tokens", "expected"),
    [(100, 200, 2048), (3000, 1024, 5120), (3400, 300, 4096), (20000, 2000, 24576)],
)
def test_choose_n_ctx_rounds_up_to_fit(prompt: int, max_tokens: int, expected: int) -> None:
    n_ctx = choose_n_ctx(prompt, max_tokens)
    assert n_ctx == expected
    assert n_ctx % 1024 == 0 and n_ctx >= prompt + max_tokens


def test_choose_n_ctx_refuses_what_cannot_fit() -> None:
    with pytest.raises(ArticleTooLong, match="limit 30720"):
        choose_n_ctx(31000, 2048)


# --- the CLI commands ------------------------------------------------------------------


def _app() -> typer.Typer:
    app = typer.Typer()

    @app.callback()
    def main() -> None:
        """Test app."""

    commands.register(app)
    return app


@pytest.fixture
def fake_model(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A 2-part fake model whose parts are 'installed' (``find_parts`` patched)."""
    parts = [tmp_path / "p1.bin", tmp_path / "p2.bin"]
    parts[0].write_bytes(b"GGUF-fake-")
    parts[1].write_bytes(b"weights")
    spec = weights.ModelSpec(
        name="fake",
        dist_pattern="fake-nonexistent-part{n}",
        parts=2,
        sha256=hashlib.sha256(b"GGUF-fake-weights").hexdigest(),
        size=17,
        filename="fake.gguf",
        description="fake model",
    )
    monkeypatch.setitem(weights.KNOWN_MODELS, "fake", spec)
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "cache"))
    monkeypatch.setattr(weights, "find_parts", lambda model: parts)
    return tmp_path / "cache" / "models" / "fake.gguf"


def test_model_path_assembles_and_prints_the_path(fake_model: Path) -> None:
    result = CliRunner().invoke(_app(), ["model", "path", "--model", "fake"])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == str(fake_model)
    assert fake_model.read_bytes() == b"GGUF-fake-weights"


def test_model_info_shows_parts_cache_and_status(fake_model: Path) -> None:
    runner = CliRunner()
    before = runner.invoke(_app(), ["model", "info", "--model", "fake"])
    assert before.exit_code == 0
    assert "0/2 installed" in before.stdout  # the fake dists do not exist as packages
    assert str(fake_model) in before.stdout
    assert "not assembled" in before.stdout
    runner.invoke(_app(), ["model", "path", "--model", "fake"])
    after = runner.invoke(_app(), ["model", "info", "--model", "fake"])
    assert "17 bytes" in after.stdout and "verified" in after.stdout


def test_model_verify_exits_non_zero_on_mismatch(fake_model: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(_app(), ["model", "path", "--model", "fake"]).exit_code == 0
    ok = runner.invoke(_app(), ["model", "verify", "--model", "fake"])
    assert ok.exit_code == 0 and ok.stdout.startswith("ok: ")
    fake_model.write_bytes(b"GGUF-fake-weightZ")
    bad = runner.invoke(_app(), ["model", "verify", "--model", "fake"])
    assert bad.exit_code == ModelCorrupt.exit_code
    assert bad.stderr.startswith(f"error: model file {fake_model} is corrupt: 17 bytes")
    assert len(bad.stderr.strip().splitlines()) == 1


def test_unknown_model_is_one_error_line() -> None:
    result = CliRunner().invoke(_app(), ["model", "info", "--model", "nope"])
    assert result.exit_code == 4
    assert result.stderr.strip().startswith("error: unknown embedded model 'nope'")


def test_serve_prints_base_url_and_reports_a_dying_server(
    fake: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        commands, "LocalServer", functools.partial(LocalServer, command=_command(fake, "exit-soon"))
    )
    result = CliRunner().invoke(_app(), ["serve", "--gguf", str(tmp_path / "m.gguf")])
    assert re.search(r"^--base-url http://127\.0\.0\.1:\d+/v1$", result.stdout, re.M)
    assert result.exit_code == 4
    assert "stopped unexpectedly (exit code 0)" in result.stderr


SERVE = textwrap.dedent(
    """
    import functools, sys, typer
    from summarizer.local import commands
    from summarizer.local.server import LocalServer

    commands.LocalServer = functools.partial(
        LocalServer, command=[sys.executable, sys.argv[1], "{port}", "ok"]
    )
    app = typer.Typer()

    @app.callback()
    def main() -> None:
        pass

    commands.register(app)
    app(sys.argv[2:])
    """
)


def test_serve_stops_cleanly_on_ctrl_c(fake: Path, tmp_path: Path) -> None:
    script = tmp_path / "serve.py"
    script.write_text(SERVE)
    pid_file = tmp_path / "child.pid"
    proc = subprocess.Popen(
        [sys.executable, str(script), str(fake), "serve", "--gguf", str(tmp_path / "m.gguf")],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "FAKE_PID_FILE": str(pid_file)},
        preexec_fn=_default_signals,
    )
    line = _read_line(proc)
    assert line.startswith("--base-url http://127.0.0.1:")
    child = int(pid_file.read_text())
    assert _get_models(line.split()[1])["object"] == "list"
    proc.send_signal(signal.SIGINT)
    try:
        _out, err = proc.communicate(timeout=PATIENCE)
    finally:  # never leave a server behind when the test fails
        if proc.poll() is None:
            proc.kill()
        if _alive(child):
            os.kill(child, signal.SIGKILL)
    assert proc.returncode == 0, err
    assert "stopped" in err and "Traceback" not in err
    assert _wait_gone(child)


# --- the real thing (slow; run with: pytest -m live tests/test_local_server.py) -------


@pytest.mark.live
def test_live_roundtrip() -> None:
    """Assemble the real model, serve it, get one json_schema answer through instructor."""
    from typing import Literal

    import instructor
    import openai
    from pydantic import BaseModel

    from summarizer.local.weights import ensure_model

    class Strike(BaseModel):
        attacker: str
        target: str
        weapon: Literal["airstrike", "drone", "missile", "artillery", "ground_raid", "other"]
        killed: int | None

    article = (
        "The Republic of Norvania said its drones struck a fuel depot held by the Crimson "
        "Brigade near the town of Velm on Tuesday, killing four fighters."
    )
    with LocalServer(ensure_model(progress=False), n_ctx=2048) as srv:
        client = instructor.from_openai(
            openai.OpenAI(base_url=srv.base_url, api_key="none", timeout=600),
            mode=instructor.Mode.JSON_SCHEMA,
        )
        strike = client.chat.completions.create(
            model="local",
            response_model=Strike,
            messages=[
                {"role": "system", "content": "Extract the strike the article reports."},
                {"role": "user", "content": article},
            ],
            temperature=0,
            max_retries=1,
        )
    # plumbing, not model quality: a typed answer came back through the schema grammar
    assert isinstance(strike, Strike)
    assert strike.attacker.strip() and strike.target.strip()
    assert strike.killed == 4
