"""The seed briefs, replayed once from their cassettes (offline), for the output tests."""

from __future__ import annotations

import asyncio
import functools
from pathlib import Path

from summarizer.api import Summarizer
from summarizer.cassettes import read_manifest, replay_settings, vcr_config
from summarizer.models import Brief

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
CASSETTES = ROOT / "cassettes" / "seeds"


@functools.cache
def seed_brief(seed: Path) -> Brief:
    """The brief of ``seed`` made from its recorded cassette."""
    import vcr

    manifest = read_manifest(CASSETTES)
    recorder = vcr.VCR(cassette_library_dir=str(CASSETTES), **vcr_config("none"))

    async def run() -> Brief:
        async with Summarizer(replay_settings(manifest)) as engine:
            return await engine.asummarize(seed.read_text(encoding="utf-8"), source=seed.name)

    with recorder.use_cassette(f"{seed.stem}.yaml"):
        return asyncio.run(run())


def seed_text(seed: Path) -> str:
    return seed.read_text(encoding="utf-8")
