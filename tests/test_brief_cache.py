"""The brief cache serves a brief only to the code that made it.

The prompt version does not change when a rule does; a brief cached before an upgrade (or a
local change to the rules) must be made again, not served as today's.
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

from summarizer.batch.cache import FILENAME, BriefCache, code_digest, source_digest
from summarizer.models import Actor, Brief, Event, Meta


def _brief(target: str) -> Brief:
    meta = Meta(model="m", prompt_version="p1", article_sha256="0" * 64)
    return Brief(headline="h", summary="s", meta=meta,
                 events=[Event(attacker=[Actor(name="Norland")], target=[Actor(name=target)])])


def test_a_brief_made_by_other_code_is_a_miss_and_is_replaced(tmp_path: Path) -> None:
    with BriefCache(tmp_path, code="old") as old:
        old.put("sha", "m", "p1", _brief("depot"))
        hit = old.get("sha", "m", "p1")
        assert hit is not None and hit.events[0].target[0].name == "depot"
    with BriefCache(tmp_path, code="new") as new:
        assert new.get("sha", "m", "p1") is None  # same article, model, prompt: other rules
        new.put("sha", "m", "p1", _brief("bridge"))
        hit = new.get("sha", "m", "p1")
        assert hit is not None and hit.events[0].target[0].name == "bridge"
        assert new.get("sha", "m", "p2") is None  # the prompt version still counts
    with BriefCache(tmp_path, code="old") as old:
        assert old.get("sha", "m", "p1") is None
    assert _rows(tmp_path) == 1  # the old code's brief was replaced, not kept beside the new one


def _rows(directory: Path) -> int:
    db = sqlite3.connect(directory / FILENAME)
    try:
        count: int = db.execute("SELECT COUNT(*) FROM briefs").fetchone()[0]
        return count
    finally:
        db.close()


def test_a_brief_cached_before_the_code_was_in_the_key_is_replaced(tmp_path: Path) -> None:
    with BriefCache(tmp_path, code="new") as cache:
        cache._db.execute("INSERT INTO briefs VALUES ('sha', 'm', 'p1', ?)",
                          (_brief("depot").model_dump_json(),))
        assert cache.get("sha", "m", "p1") is None
        cache.put("sha", "m", "p1", _brief("bridge"))
    assert _rows(tmp_path) == 1


def test_the_digest_changes_with_any_source_file(tmp_path: Path) -> None:
    (tmp_path / "pipeline").mkdir()
    rule = tmp_path / "pipeline" / "rule.py"
    rule.write_text("LIMIT = 3\n", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not source", encoding="utf-8")
    before = source_digest(tmp_path)
    assert re.fullmatch(r"[0-9a-f]{12}", before)
    (tmp_path / "notes.txt").write_text("changed, still not source", encoding="utf-8")
    assert source_digest(tmp_path) == before
    rule.write_text("LIMIT = 4\n", encoding="utf-8")
    assert source_digest(tmp_path) != before


def test_the_digest_changes_with_the_fitted_weights(tmp_path: Path) -> None:
    (tmp_path / "rule.py").write_text("LIMIT = 3\n", encoding="utf-8")
    weights = tmp_path / "pipeline" / "confidence.json"
    weights.parent.mkdir()
    weights.write_text('{"bias": 0.5}', encoding="utf-8")
    before = source_digest(tmp_path)
    weights.write_text('{"bias": 0.6}', encoding="utf-8")
    assert source_digest(tmp_path) != before


def test_an_install_of_compiled_files_only_is_digested_too(tmp_path: Path) -> None:
    (tmp_path / "rule.pyc").write_bytes(b"compiled one")
    (tmp_path / "__pycache__").mkdir()
    (tmp_path / "__pycache__" / "cached.pyc").write_bytes(b"regenerated at will")
    before = source_digest(tmp_path)
    (tmp_path / "__pycache__" / "cached.pyc").write_bytes(b"regenerated again")
    assert source_digest(tmp_path) == before
    (tmp_path / "rule.pyc").write_bytes(b"compiled two")
    assert source_digest(tmp_path) != before


def test_the_default_code_is_this_package_source(tmp_path: Path) -> None:
    package = Path(__file__).resolve().parent.parent / "summarizer"
    assert code_digest() == source_digest(package)
    with BriefCache(tmp_path) as cache:
        assert cache.code == code_digest()
