"""The eval runner and ``summarizer eval`` on an invented gold set, with fake brief makers."""

from __future__ import annotations

import json
import subprocess
import sys
import types
from pathlib import Path
from typing import Any

import pytest
import typer
from conftest import DEV_DIR, SCORE_PY
from typer.testing import CliRunner

from summarizer.errors import AuthFailed, BackendFailed, GoldFormatError, PredictionsNotFound
from summarizer.eval.command import register
from summarizer.eval.run import load_gold_dir, run_eval
from summarizer.eval.scoring import score_all
from summarizer.models import Actor, Brief, Count, Event, Location, Meta, Reaction, Span

STRIKE_TEXT = (
    "Northland jets struck a fuel depot near Lakeside on Sunday, killing four guards. "
    "Southland condemned \"a reckless act\" and vowed a response."
)
CALM_TEXT = "The two governments signed a trade agreement in Harbourtown on Friday."
TWO_TEXT = (
    "Eastmarch drones hit a radar post in Westria, wounding two soldiers. "
    "Last year Eastmarch shelled the same post."
)


def _event(**over: Any) -> dict[str, Any]:
    event: dict[str, Any] = {
        "attacker": ["Northland"], "attacker_aliases": [], "target": ["fuel depot"],
        "target_kind": "infrastructure", "weapon": "airstrike",
        "location": {"place": "Lakeside", "country": None}, "date": None,
        "attribution": "confirmed", "killed": {"min": 4, "max": 4},
        "injured": {"min": None, "max": None}, "casualty_notes": None,
        "is_retaliation_for": None,
    }
    event.update(over)
    return event


def _gold_file(text: str, events: list[dict[str, Any]],
               reactions: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return {"source": "invented", "title": None, "published": None, "text": text,
            "gold": {"events": events, "reactions": reactions or []}}


GOLD = {
    "a-strike": _gold_file(STRIKE_TEXT, [_event()], [
        {"actor": "Southland", "stance": "condemn", "summary": "s", "quote": "a reckless act"}]),
    "b-calm": _gold_file(CALM_TEXT, []),
    "c-two": _gold_file(TWO_TEXT, [
        _event(attacker=["Eastmarch"], target=["radar post"], target_kind="military",
               weapon="drone", location={"place": None, "country": "Westria"},
               killed={"min": None, "max": None}, injured={"min": 2, "max": 2}),
        _event(attacker=["Eastmarch"], target=["radar post"], weapon="artillery",
               casualty_notes="[background] last year"),
    ]),
}


@pytest.fixture
def gold_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "gold"
    folder.mkdir()
    for stem, data in GOLD.items():
        (folder / f"{stem}.json").write_text(json.dumps(data), encoding="utf-8")
    return folder


def _span(text: str, quote: str, shift: int = 0) -> Span:
    start = text.index(quote) + shift
    return Span(quote=quote, start=start, end=start + len(quote))


def _brief(stem: str, *, prompt_version: str = "p7") -> Brief:
    """A plausible brief per invented article: a is perfect, b invents an event, c half right."""
    meta = Meta(model="fake-model", prompt_version=prompt_version, article_sha256="0" * 64)
    northland = Actor(name="Northland", kind="state")
    if stem == "a-strike":
        return Brief(headline="h", summary="s", meta=meta, events=[Event(
            attacker=[northland], target=[Actor(name="fuel depot")], weapon="airstrike",
            attribution="confirmed", location=Location(place="Lakeside"),
            killed=Count(min=4, max=4, text="four"),
            evidence=[_span(STRIKE_TEXT, "Northland jets struck a fuel depot")])],
            reactions=[Reaction(actor=Actor(name="Southland"), stance="condemn", summary="s",
                                quote="a reckless act",
                                evidence=[_span(STRIKE_TEXT, "vowed a response", shift=1)])])
    if stem == "b-calm":
        return Brief(headline="h", summary="s", meta=meta, events=[Event(
            attacker=[northland], target=[Actor(name="Harbourtown")])])
    return Brief(headline="h", summary="s", meta=meta, events=[Event(
        attacker=[Actor(name="Eastmarch")], target=[Actor(name="radar post")], weapon="missile",
        location=Location(country="Westria"), injured=Count(min=2, max=2))])


def _write_predictions(folder: Path, stems: list[str]) -> Path:
    folder.mkdir()
    for stem in stems:
        (folder / f"{stem}.json").write_text(_brief(stem).model_dump_json(), encoding="utf-8")
    return folder


# --------------------------------------------------------------------------------------------
# gold files


def test_load_gold_dir_reads_sorted_files(gold_dir: Path) -> None:
    golds = load_gold_dir(gold_dir)
    assert [g.stem for g in golds] == ["a-strike", "b-calm", "c-two"]
    assert [e.optional for e in golds[2].gold.events] == [False, True]


@pytest.mark.parametrize(("content", "message"), [
    ("{not json", "not JSON (line 1"),
    ("[]", "not a JSON object"),
    (json.dumps({**GOLD["b-calm"], "extra": 1}), "extra: Extra inputs are not permitted"),
    (json.dumps({k: v for k, v in GOLD["b-calm"].items() if k != "text"}), "text: Field required"),
    (json.dumps(_gold_file(STRIKE_TEXT, [_event(weapon="laser+drone")])), "unknown weapon 'laser'"),
    (json.dumps(_gold_file(STRIKE_TEXT, [_event(killed={"min": -1, "max": None})])),
     "gold.events.0.killed.min"),
    (json.dumps(_gold_file(CALM_TEXT, [], [{"actor": "x", "stance": "other", "summary": "s",
                                            "quote": "not in text"}])),
     "quote is not a substring of text"),
])
def test_malformed_gold_file_names_file_and_field(
    gold_dir: Path, content: str, message: str
) -> None:
    (gold_dir / "z-bad.json").write_text(content, encoding="utf-8")
    with pytest.raises(GoldFormatError) as info:
        load_gold_dir(gold_dir)
    assert "z-bad.json" in str(info.value)
    assert message in str(info.value)
    assert info.value.exit_code == 2


def test_gold_dir_missing_or_empty(tmp_path: Path) -> None:
    with pytest.raises(GoldFormatError, match="not a folder"):
        load_gold_dir(tmp_path / "nope")
    with pytest.raises(GoldFormatError, match=r"no \*\.json"):
        load_gold_dir(tmp_path)


# --------------------------------------------------------------------------------------------
# run_eval


async def test_saved_predictions_are_scored_and_reported(gold_dir: Path, tmp_path: Path) -> None:
    preds = _write_predictions(tmp_path / "preds", ["a-strike", "b-calm"])
    (preds / "c-two.json").write_text("{broken", encoding="utf-8")
    out = tmp_path / "out" / "report.json"
    report = await run_eval(gold_dir, predictions=preds, out=out)

    rows = {row.stem: row for row in report.rows}
    assert rows["a-strike"].score.slot_f1 == 1.0
    assert (rows["b-calm"].score.ev_fp, rows["b-calm"].score.slot_f1) == (1, 0.0)
    assert rows["c-two"].error is not None and "unreadable prediction" in rows["c-two"].error
    assert rows["c-two"].score.ev_fn == 1
    assert report.no_strike_articles_with_events == ["b-calm"]
    assert report.prompt_version == "p7" and report.model == "fake-model"

    data = json.loads(out.read_text())
    assert [a["stem"] for a in data["articles"]] == ["a-strike", "b-calm", "c-two"]
    assert data["totals"] == score_all(
        (stem, GOLD[stem], json.loads((preds / f"{stem}.json").read_text())
         if stem != "c-two" else None) for stem in GOLD).totals()
    assert data["grounding"] == {"ok": 3, "all": 3, "rate": 1.0}
    # the reaction's evidence span is shifted by one character: verbatim, but not at its offsets
    assert data["quotes_verbatim_at_offsets"] == {"ok": 1, "all": 2, "rate": 0.5}
    assert data["errors"] == 1
    assert data["fields"]["killed"] == {"hits": 1, "n": 1, "accuracy": 1.0}
    assert not (out.parent / "briefs").exists()  # nothing was made, nothing saved


async def test_missing_prediction_is_an_empty_brief(gold_dir: Path, tmp_path: Path) -> None:
    preds = _write_predictions(tmp_path / "preds", ["a-strike"])
    report = await run_eval(gold_dir, predictions=preds, out=None)
    assert [row.origin for row in report.rows] == ["predictions", "missing", "missing"]
    assert report.rows[2].error == "no prediction"
    assert report.scores.events.recall == 0.5


async def test_briefs_are_made_timed_and_saved(gold_dir: Path, tmp_path: Path) -> None:
    calls: list[tuple[str, str]] = []

    async def make_brief(text: str, stem: str) -> Brief:
        calls.append((stem, text))
        if stem == "c-two":
            raise BackendFailed("http://127.0.0.1:1/v1", "HTTP 500")
        return _brief(stem, prompt_version="p9")

    out = tmp_path / "run" / "report.json"
    report = await run_eval(gold_dir, make_brief=make_brief, out=out, model="fallback")

    assert [stem for stem, _ in calls] == ["a-strike", "b-calm", "c-two"]
    assert calls[0][1] == STRIKE_TEXT
    assert sorted(p.name for p in (out.parent / "briefs").iterdir()) == [
        "a-strike.json", "b-calm.json"]
    saved = Brief.model_validate_json((out.parent / "briefs" / "a-strike.json").read_text())
    assert saved == _brief("a-strike", prompt_version="p9")
    failed = report.rows[2]
    assert failed.error == "BackendFailed: model endpoint http://127.0.0.1:1/v1 failed: HTTP 500"
    assert failed.prediction == {} and failed.score.ev_fn == 1
    assert all(row.seconds is not None and row.seconds >= 0 for row in report.rows)
    data = json.loads(out.read_text())
    assert data["prompt_version"] == "p9" and data["model"] == "fake-model"
    assert data["articles"][2]["error"].startswith("BackendFailed")
    assert data["mean_seconds_per_article"] is not None


async def test_meta_fallbacks_and_distinct_values(gold_dir: Path, tmp_path: Path) -> None:
    async def make_brief(text: str, stem: str) -> Brief:
        return _brief(stem, prompt_version=stem[0])

    report = await run_eval(gold_dir, make_brief=make_brief, out=None, prompt_version="given")
    assert report.prompt_version == "a, b, c"
    preds = tmp_path / "p"
    preds.mkdir()
    (preds / "a-strike.json").write_text(json.dumps({"events": []}), encoding="utf-8")
    report = await run_eval(gold_dir, predictions=preds, model="m", prompt_version="given")
    assert (report.model, report.prompt_version) == ("m", "given")


async def test_errors_that_would_repeat_stop_the_run(gold_dir: Path) -> None:
    async def make_brief(text: str, stem: str) -> Brief:
        raise AuthFailed("http://127.0.0.1:1/v1", 401)

    with pytest.raises(AuthFailed):
        await run_eval(gold_dir, make_brief=make_brief, out=None)


async def test_predictions_folder_must_exist(gold_dir: Path, tmp_path: Path) -> None:
    with pytest.raises(PredictionsNotFound):
        await run_eval(gold_dir, predictions=tmp_path / "missing")


# --------------------------------------------------------------------------------------------
# the command


def _app() -> typer.Typer:
    app = typer.Typer()
    register(app)

    @app.command("noop")
    def _noop() -> None:  # a second command keeps "eval" a named subcommand
        """Nothing."""

    return app


def test_command_scores_predictions(gold_dir: Path, tmp_path: Path) -> None:
    preds = _write_predictions(tmp_path / "preds", list(GOLD))
    out = tmp_path / "r.json"
    result = CliRunner().invoke(
        _app(), ["eval", str(gold_dir), "--predictions", str(preds), "--out", str(out)],
        terminal_width=200)
    assert result.exit_code == 0, result.output
    for stem in GOLD:
        assert stem in result.stdout
    assert "1/0/0" in result.stdout  # a-strike's events tp/fp/fn
    assert "grounded 3/3 (100%)" in result.stdout
    assert json.loads(out.read_text())["articles"][0]["slot_f1"] == 1.0


def test_command_bad_gold_is_one_line_and_exit_2(tmp_path: Path) -> None:
    result = CliRunner().invoke(_app(), ["eval", str(tmp_path / "none")])
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        f"error: bad gold file {tmp_path / 'none'}: not a folder of gold files"]


def test_command_uses_summarizer_with_flags(
    gold_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: dict[str, Any] = {}

    class FakeSummarizer:
        def __init__(self, **flags: Any) -> None:
            seen["flags"] = flags

        async def __aenter__(self) -> FakeSummarizer:
            seen["entered"] = True
            return self

        async def __aexit__(self, *exc: object) -> None:
            seen["exited"] = True

        async def aread(self, article: Any) -> Any:
            class Reading:  # what eval uses of a reading: save it, make its brief
                def save(self, path: Path) -> None:
                    path.parent.mkdir(parents=True, exist_ok=True)
                    path.write_text("{}", encoding="utf-8")

                def brief(self, *, explain: bool = False,
                          min_confidence: float | None = None) -> Brief:
                    return _brief(article.source)

            return Reading()

    monkeypatch.setitem(sys.modules, "summarizer.api",
                        types.SimpleNamespace(Summarizer=FakeSummarizer))
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    out = tmp_path / "run" / "report.json"
    result = CliRunner().invoke(_app(), [
        "eval", str(gold_dir), "--model", "gpt-x", "--base-url", "http://127.0.0.1:9/v1",
        "--out", str(out), "--no-progress"])
    assert result.exit_code == 0, result.output
    assert seen == {"flags": {"model": "gpt-x", "base_url": "http://127.0.0.1:9/v1"},
                    "entered": True, "exited": True}
    assert len(list((out.parent / "briefs").glob("*.json"))) == 3
    assert len(list((out.parent / "answers").glob("*.json"))) == 3  # replayable


def test_command_agrees_with_reference_on_dev_set(tmp_path: Path) -> None:
    """Saved briefs for the dev set (made from its gold, then damaged) score as score.py says."""
    dev, score_py = DEV_DIR, SCORE_PY
    if not score_py.is_file() or not dev.is_dir():
        pytest.skip("shared/eval not available")
    preds = tmp_path / "preds"
    preds.mkdir()
    for n, path in enumerate(sorted(dev.glob("*.json"))):
        gold = json.loads(path.read_text(encoding="utf-8"))["gold"]
        events = [{"attacker": e["attacker"], "target": e["target"][: 1 + n % 2],
                   "weapon": e["weapon"], "attribution": e["attribution"],
                   "location": {"country": e["location"]["country"]},
                   "killed": e["killed"], "injured": {"min": n, "max": None}}
                  for e in gold["events"][n % 3:]]
        reactions = [{"actor": r["actor"], "stance": "other"} for r in gold["reactions"]]
        (preds / path.name).write_text(json.dumps({"events": events, "reactions": reactions}))
    ref_out, out = tmp_path / "ref.json", tmp_path / "ours.json"
    subprocess.run([sys.executable, str(score_py), str(dev), str(preds), "--json", str(ref_out)],
                   check=True, capture_output=True)
    result = CliRunner().invoke(
        _app(), ["eval", str(dev), "--predictions", str(preds), "--out", str(out)])
    assert result.exit_code == 0, result.output
    theirs = json.loads(ref_out.read_text())
    ours = json.loads(out.read_text())["totals"]
    assert {k: ours[k] for k in theirs} == theirs
    assert 0.0 < theirs["slot_f1"] < 1.0
