"""benchmarks/choices.py asks the model its choices and tallies them against gold and brief.

Against the fake OpenAI-compatible server on loopback, whose answers are scripted per
question, so each tally line can be checked. The article is invented.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType
from typing import Any

from fakeserver import FakeOpenAIServer

TEXT = ("Norland jets struck a fuel depot in Chad on Monday. "
        "Officials said the strike on the depot killed two guards. "
        "Separately, rebels shelled a market in Niger.")


def _module() -> ModuleType:
    path = Path(__file__).parent.parent / "benchmarks" / "choices.py"
    spec = importlib.util.spec_from_file_location("bench_choices", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _event(attacker: str, target: str, code: str, quote: str) -> dict[str, Any]:
    start = TEXT.index(quote)
    return {"attacker": [{"name": attacker, "aliases": [], "kind": "state"}],
            "target": [{"name": target, "aliases": [], "kind": "unknown"}],
            "target_kind": "unknown", "weapon": "unknown",
            "location": {"place": None, "country": None, "country_code": code,
                         "countries": [code]},
            "date": None, "attribution": "confirmed",
            "killed": {"min": None, "max": None, "text": None},
            "injured": {"min": None, "max": None, "text": None}, "retaliation_for": None,
            "evidence": [{"quote": quote, "start": start, "end": start + len(quote)}]}


def _files(tmp_path: Path) -> tuple[Path, Path]:
    gold_dir, briefs = tmp_path / "gold", tmp_path / "briefs"
    gold_dir.mkdir()
    briefs.mkdir()
    gold = {"text": TEXT, "gold": {"reactions": [], "events": [
        {"attacker": ["Norland"], "attacker_aliases": [], "target": ["fuel depot"],
         "location": {"place": "Chad", "country": "Chad"}, "weapon": "airstrike",
         "attribution": "confirmed", "killed": {"min": 2, "max": 2},
         "injured": {"min": None, "max": None}, "casualty_notes": None}]}}
    (gold_dir / "x01.json").write_text(json.dumps(gold), encoding="utf-8")
    (gold_dir / "held01.json").write_text(json.dumps(gold), encoding="utf-8")
    brief = {"events": [
        _event("Norland", "fuel depot", "TCD",
               "Norland jets struck a fuel depot in Chad on Monday."),
        _event("rebels", "market", "NER", "Separately, rebels shelled a market in Niger.")]}
    for stem in ("x01", "held01"):
        (briefs / f"{stem}.json").write_text(json.dumps(brief), encoding="utf-8")
    return gold_dir, briefs


def _scripted(request: dict[str, Any]) -> dict[str, Any]:
    """The attacker question gets "Norland", the place question "none", pairs "same", the
    article count "1", the verifier "yes"."""
    name = request["response_format"]["json_schema"]["name"]
    options = request["response_format"]["json_schema"]["schema"]["properties"]["answer"]["enum"]
    wanted = {"attacker": "Norland", "place": "none", "same": "same", "count": "1",
              "verify": "yes"}[name]
    assert wanted in options, options
    return {"answer": wanted}


def test_probe_tallies_each_choice_against_gold_and_brief(tmp_path: Path) -> None:
    choices = _module()
    gold_dir, briefs = _files(tmp_path)
    with FakeOpenAIServer(answer=_scripted) as srv:
        tally = choices.probe(gold_dir, briefs, choices.Chooser(srv.base_url, "local"),
                              ("held",))
        asked = srv.chat_requests
    # one paired event (attacker and place asked), one pair of events, one count, each of
    # the two events verified; held01 skipped
    assert len(asked) == 6
    assert tally["attacker asked"] == 1 and tally["attacker chosen right"] == 1
    assert tally["attacker today right"] == 1
    assert tally["place asked"] == 1 and tally["place chosen right"] == 0
    assert tally["place today right"] == 1
    # the rebels' event pairs with no gold event: a "false" one, answered "same"
    assert tally["pairs one false: answered same"] == 1
    assert not tally["pairs both true: answered same"]
    assert not tally["pairs both false: answered same"]
    # one strike in the gold, counted right; the cap at 1 removes the false event only
    assert tally["count asked"] == 1 and tally["count right"] == 1
    assert tally["cap removes false events"] == 1 and tally["cap removes true events"] == 0
    assert "<article>Norland jets struck" in json.dumps(asked[3].json["messages"])
    # the verifier answered yes for the true event and for the false one
    assert tally["verify true event: answered yes"] == 1
    assert tally["verify false event: answered yes"] == 1
    verified = json.dumps(asked[5].json["messages"])
    assert "Coding: attacker = rebels; target = market." in verified
    assert "<sentence>Separately, rebels shelled a market in Niger.</sentence>" in verified
    prompt = json.dumps(asked[0].json["messages"])
    assert "<sentence>Norland jets struck a fuel depot in Chad on Monday.</sentence>" in prompt


def test_candidates_come_from_the_text() -> None:
    choices = _module()
    assert choices.names_in("Officials said Norland jets hit Chad.")[:2] == ["Officials",
                                                                          "Norland"]
    assert "Chad" in choices.names_in("Officials said Norland jets hit Chad.")
    assert choices.places_in("The strike hit Chad.") == {"Chad": "Chad"}
