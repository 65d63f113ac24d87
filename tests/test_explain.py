"""The decision trace: ``--explain`` names a rule for every value, costs nothing when off,
and saved readings replay to the same brief (``eval --answers``), which the rule report reads.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema  # type: ignore[import-untyped]
import pytest
from seed_briefs import SEEDS, seed_text
from typer.testing import CliRunner

from summarizer.cli import app
from summarizer.eval.gold import GoldFile
from summarizer.eval.rules import rule_report
from summarizer.models import Brief, Usage
from summarizer.pipeline import plan
from summarizer.pipeline.planning import StrikeOut, StrikesOut
from summarizer.pipeline.reading import Reading, load_reading
from summarizer.reader import article_from_text
from summarizer.render import to_markdown

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = json.loads((ROOT / "schemas" / "brief.schema.json").read_text(encoding="utf-8"))
ARTICLE = ("Norland jets struck an ammunition depot in Kessel, Estavia, on Monday, killing "
           "two soldiers. The Estavian defence ministry condemned the attack. A spokesman "
           "for Norland said the strike hit a legitimate target.")


def _reading() -> Reading:
    article = article_from_text(ARTICLE, "fictional")
    calls = plan(article)
    answers: dict[str, Any] = {}
    for call in calls:  # strike calls only: reactions come from the statement frames
        answers[call.name] = StrikesOut(strikes=[StrikeOut(
            attacker="Norland", target="an ammunition depot", place="Kessel")])
    return Reading(article, calls, answers, Usage(prompt_tokens=5, completion_tokens=3), 1.5,
                   "m")


def _paths(brief: Brief) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for d in brief.meta.trace or []:
        out.setdefault(d.path, []).append(d.rule)
    return out


def test_the_trace_is_absent_unless_asked() -> None:
    plain, explained = _reading().brief(), _reading().brief(explain=True)
    assert "trace" not in plain.model_dump(mode="json")["meta"]
    assert explained.meta.trace
    # the trace adds decisions and changes nothing else
    assert explained.model_copy(update={"meta": plain.meta}) == plain
    jsonschema.validate(explained.model_dump(mode="json"), SCHEMA)


def test_each_value_names_the_rule_that_decided_it() -> None:
    paths = _paths(_reading().brief(explain=True))
    assert "attacker.model" in paths["events[0].attacker"]
    assert "place.model" in paths["events[0].place"]
    assert "killed.figure" in paths["events[0].killed"] or any(
        r.startswith("killed.") for r in paths["events[0].killed"])
    assert paths["events[0].injured"] == ["injured.no_figure"]


def test_a_fallback_names_only_itself() -> None:
    """A value a fallback gives ("no figure" in the event's sentences, then the article's
    toll; no country from the place, then the article's) names only the fallback's rule."""
    text = ("Norland jets struck an ammunition depot in the village of Kessa on Monday. The "
            "fire burned for hours. Two soldiers were wounded, Chadian officials said, and "
            "Chad's army said the depot was empty.")
    article = article_from_text(text, "fictional")
    calls = plan(article)
    answers: dict[str, Any] = {c.name: StrikesOut(strikes=[]) for c in calls}
    answers[calls[0].name] = StrikesOut(strikes=[StrikeOut(
        attacker="Norland", target="an ammunition depot", place="the village of Kessa")])
    brief = Reading(article, calls, answers, Usage(), 1.0, "m").brief(explain=True)
    paths = _paths(brief)
    assert (brief.events[0].injured.min, brief.events[0].location.country) == (2, "Chad")
    assert paths["events[0].injured"] == ["injured.toll_in_article"]
    assert paths["events[0].country"] == ["country.most_named_in_article"]
    assert paths["events[0].killed"] == ["killed.no_figure"]


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.stem[:3])
def test_seed_briefs_explain_every_value(seed: Path) -> None:
    """The issue's bar: a rule id for every event's attacker, place, killed, injured and
    attribution, and every reaction's actor and stance, on both seed briefs."""
    brief = _seed_explained(seed)
    paths = _paths(brief)
    assert brief.events
    if seed.stem.startswith("001"):
        assert brief.reactions  # seed 000's brief has none since the reaction rules went
    for i in range(len(brief.events)):
        for name in ("attacker", "place", "killed", "injured", "attribution"):
            assert paths.get(f"events[{i}].{name}"), (i, name)
    for j in range(len(brief.reactions)):
        for name in ("actor", "stance"):
            assert paths.get(f"reactions[{j}].{name}"), (j, name)
    markdown = to_markdown(brief)
    assert markdown.count("- why attacker:") == len(brief.events)
    assert markdown.count("- why stance:") == len(brief.reactions)


def _seed_explained(seed: Path) -> Brief:
    import asyncio

    import vcr
    from seed_briefs import CASSETTES

    from summarizer.api import Summarizer
    from summarizer.cassettes import read_manifest, replay_settings, vcr_config

    manifest = read_manifest(CASSETTES)
    recorder = vcr.VCR(cassette_library_dir=str(CASSETTES), **vcr_config("none"))

    async def run() -> Brief:
        async with Summarizer(replay_settings(manifest)) as engine:
            return await engine.asummarize(seed_text(seed), source=seed.name, explain=True)

    with recorder.use_cassette(f"{seed.stem}.yaml"):
        return asyncio.run(run())


def test_a_saved_reading_replays_to_the_same_brief(tmp_path: Path) -> None:
    reading = _reading()
    reading.save(tmp_path / "a.json")
    again = load_reading(tmp_path / "a.json", reading.article)
    assert again.brief().model_dump_json() == reading.brief().model_dump_json()


def test_a_reading_of_another_text_is_refused(tmp_path: Path) -> None:
    from summarizer.errors import ReadingUnusable

    _reading().save(tmp_path / "a.json")
    with pytest.raises(ReadingUnusable, match="another text"):
        load_reading(tmp_path / "a.json", article_from_text(ARTICLE + " More.", "x"))


def _gold(events: list[dict[str, Any]], reactions: list[dict[str, Any]]) -> GoldFile:
    return GoldFile.model_validate({"source": "fictional", "title": None, "published": None,
                                    "text": ARTICLE,
                                    "gold": {"events": events, "reactions": reactions}})


def _event(attacker: list[str]) -> dict[str, Any]:
    return {"attacker": attacker, "attacker_aliases": [], "target": ["ammunition depot"],
            "target_kind": "military", "weapon": "airstrike",
            "location": {"place": "Kessel", "country": "Estavia"}, "date": None,
            "attribution": "confirmed", "killed": {"min": 2, "max": 2},
            "injured": {"min": None, "max": None}, "casualty_notes": None,
            "is_retaliation_for": None}


def test_the_rule_report_judges_decisions_against_the_gold() -> None:
    brief = _reading().brief(explain=True)
    right = _gold([_event(["Norland"])], [{"actor": "Estavian defence ministry",
                                            "stance": "condemn", "summary": "s", "quote": None}])
    stats = {s.rule: s for s in rule_report([(right, brief)], group=lambda s, _: "all")}
    assert stats["attacker.model"].total.agree == stats["attacker.model"].total.judged >= 1
    assert stats["event.model"].total.agree >= 1
    wrong = _gold([], [])  # a no-strike text: every event made is a false one
    stats = {s.rule: s for s in rule_report([(wrong, brief)], group=lambda s, _: "all")}
    assert stats["event.model"].total.agree == 0 < stats["event.model"].total.judged
    assert "wrong ≥ right" in stats["event.model"].flags
    assert "one article" in stats["event.model"].flags


def test_eval_replays_saved_answers_and_prints_the_rule_report(tmp_path: Path) -> None:
    gold_dir, answers = tmp_path / "gold", tmp_path / "answers"
    gold_dir.mkdir()
    gold = _gold([_event(["Norland"])], [])
    (gold_dir / "x01-fictional.json").write_text(
        json.dumps(gold.as_dict(), ensure_ascii=False), encoding="utf-8")
    _reading().save(answers / "x01-fictional.json")
    out = tmp_path / "run" / "report.json"
    result = CliRunner().invoke(app, ["eval", str(gold_dir), "--answers", str(answers),
                                      "--rules", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "attacker.model" in result.stdout and "rule ids fired" in result.stdout
    report = json.loads(out.read_text(encoding="utf-8"))
    assert {r["rule"] for r in report["rules"]} >= {"attacker.model", "event.model"}
    assert report["totals"]["event_f1"] == 1.0


def test_summarize_explain_on_the_command_line(tmp_path: Path) -> None:
    from fakeserver import FakeOpenAIServer

    def answer(request: dict[str, Any]) -> dict[str, Any]:
        # every call is a strike call
        return {"strikes": [{"attacker": "Norland", "target": "an ammunition depot",
                             "place": "Kessel"}]}

    article = tmp_path / "a.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    with FakeOpenAIServer(answer=answer) as srv:
        flags = ["--base-url", srv.base_url, "--model", "m", "--api-key", "k"]
        runner = CliRunner()
        md = runner.invoke(app, ["summarize", str(article), *flags, "--format", "markdown",
                                 "--explain"])
        plain = runner.invoke(app, ["summarize", str(article), *flags, "--format", "json"])
        traced = runner.invoke(app, ["summarize", str(article), *flags, "--format", "json",
                                     "--explain"])
    assert md.exit_code == 0, md.output
    assert "- why attacker: `attacker.model` kept “Norland”" in md.stdout
    assert "trace" not in json.loads(plain.stdout)["meta"]
    rules = {d["rule"] for d in json.loads(traced.stdout)["meta"]["trace"]}
    assert {"attacker.model", "place.model", "event.model"} <= rules


def test_the_rule_report_judges_an_event_a_check_dropped() -> None:
    """A dropped event is wrong when what it hit is a gold strike's target that no kept event
    reports, right otherwise."""
    from summarizer.models import Decision

    brief = _reading().brief(explain=True)
    drops = [Decision(path="dropped.event", rule="event.interception", action="drop",
                      value="two drones"),
             Decision(path="dropped.event", rule="event.in_a_drill", action="drop",
                      value="fuel depot near Olm")]
    meta = brief.meta.model_copy(update={"trace": [*(brief.meta.trace or []), *drops]})
    brief = brief.model_copy(update={"meta": meta})
    other = _event(["Norland"]) | {"target": ["fuel depot near Olm"],
                                   "location": {"place": "Olm", "country": "Estavia"}}
    gold = _gold([_event(["Norland"]), other], [])
    stats = {s.rule: s for s in rule_report([(gold, brief)], group=lambda s, _: "all")}
    assert (stats["event.interception"].total.agree, stats["event.interception"].total.judged) \
        == (1, 1)
    assert (stats["event.in_a_drill"].total.agree, stats["event.in_a_drill"].total.judged) \
        == (0, 1)
