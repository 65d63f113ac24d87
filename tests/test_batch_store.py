"""The JSONL store: torn last lines are cut off, ids are read back, records are lines."""

from __future__ import annotations

import json
from pathlib import Path

from summarizer.batch import store


def test_recover_cuts_a_torn_last_line(tmp_path: Path) -> None:
    path = tmp_path / "out.jsonl"
    path.write_bytes(b'{"id":"a"}\n{"id":"b"}\n{"id":"c","brief":{"head')
    assert store.recover(path) == len(b'{"id":"c","brief":{"head')
    assert path.read_bytes() == b'{"id":"a"}\n{"id":"b"}\n'
    assert store.ids(path) == {"a", "b"}
    assert store.recover(path) == 0  # idempotent


def test_recover_a_file_that_is_one_torn_line(tmp_path: Path) -> None:
    path = tmp_path / "out.jsonl"
    path.write_bytes(b'{"id":"a"' * 20000)  # longer than one read-back chunk
    store.recover(path)
    assert path.read_bytes() == b""


def test_records_skip_garbled_and_unterminated_lines(tmp_path: Path) -> None:
    path = tmp_path / "out.jsonl"
    path.write_bytes(b'{"id":"a"}\nnot json\n[1]\n{"id":"b"}\n{"id":"c"}')
    assert [r["id"] for r in store.records(path)] == ["a", "b"]


def test_writer_appends_whole_lines_after_recovering(tmp_path: Path) -> None:
    path = tmp_path / "out.jsonl"
    path.write_bytes(b'{"id":"a"}\n{"id":"tor')
    with store.JsonlWriter(path, fsync=True) as writer:
        writer.append({"id": "b", "text": "line\nbreak é"})
    lines = path.read_bytes().splitlines()
    assert [json.loads(line)["id"] for line in lines] == ["a", "b"]
    assert json.loads(lines[1])["text"] == "line\nbreak é"


def test_reset_keeps_only_the_given_ids(tmp_path: Path) -> None:
    path = tmp_path / "errors.jsonl"
    path.write_text('{"id":"a"}\n{"id":"b"}\n')
    store.reset(path, keep={"b"})
    assert store.ids(path) == {"b"}
    store.reset(path)
    assert path.read_text() == ""


def test_batch_gc_tunes_the_collector_and_restores_it() -> None:
    import gc

    from summarizer.batch.gctune import batch_gc

    before = gc.get_threshold()
    with batch_gc(gen0=12345):
        assert gc.get_threshold()[0] == max(12345, before[0])
        assert gc.get_freeze_count() > 0
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0

    gc.freeze()  # the caller's own freeze and a disabled collector are left alone
    gc.set_threshold(0)
    try:
        with batch_gc():
            assert gc.get_threshold()[0] == 0
        assert gc.get_freeze_count() > 0
    finally:
        gc.set_threshold(*before)
        gc.unfreeze()
