"""The brief cache serves a brief only to the code that made it.

The prompt version does not change when a rule does; a brief cached before an upgrade (or a
local change to the rules) must be made again, not served as today's.
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

from summarizer.batch.cache import FILENAME, BriefCache, code_digest
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
    rows = sqlite3.connect(tmp_path / FILENAME).execute("SELECT COUNT(*) FROM briefs").fetchone()
    assert rows == (1,)  # the old code's brief was replaced, not kept beside the new one


def test_the_default_code_is_a_digest_of_the_package_source(tmp_path: Path) -> None:
    assert re.fullmatch(r"[0-9a-f]{12}", code_digest())
    with BriefCache(tmp_path) as cache:
        assert cache.code == code_digest()
