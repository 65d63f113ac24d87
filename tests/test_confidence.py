"""The event-confidence cut: its features, its score, what it drops (with a note), the
packaged weights, and the fit that makes them (``scripts/fit_confidence.py``)."""

from __future__ import annotations

import importlib.util
import json
import math
from pathlib import Path

import pytest

from summarizer import trace
from summarizer.eval.confidence_fit import auc, fitted, labelled
from summarizer.models import Count, Event, Location, Span, Usage
from summarizer.pipeline import assemble, confidence
from summarizer.pipeline.confidence import (
    FEATURES,
    RULE,
    Weights,
    confident,
    features,
    packaged_weights,
    score,
    shown_score,
)
from summarizer.pipeline.draft import Draft
from summarizer.pipeline.planning import StrikeOut, StrikesOut, plan
from summarizer.pipeline.reading import load_reading
from summarizer.reader import article_from_text

ROOT = Path(__file__).resolve().parent.parent
LEAD = "Norland jets bombed a market in Kessa, Chad, on Monday, killing 13 people, officials said."
LATER = "Norland has also shelled border posts in Varn, killing two soldiers."


def _event(*quotes: str, start: int = 0, **fields: object) -> Event:
    spans, at = [], start
    for q in quotes:
        spans.append(Span(quote=q, start=at, end=at + len(q)))
        at += len(q) + 1
    return Event(evidence=spans, **fields)  # type: ignore[arg-type]


def test_features_read_the_event_not_its_words() -> None:
    lead = _event(LEAD, "A second sentence.", "A third.", attribution="claimed",
                  killed=Count(min=13, max=13, text="killing 13 people"),
                  location=Location(place="Kessa", country="Chad"), weapon="airstrike")
    found = features(lead, 0, 2, 1000)
    assert set(found) == set(FEATURES)
    assert found["three_sentences"] == found["in_lead"] == found["first_event"] == 1.0
    assert found["killed_figure"] == found["killed_words"] == found["sourced"] == 1.0
    assert found["attribution_claimed"] == found["country"] == found["place"] == 1.0
    assert found["one_sentence"] == found["weapon_unknown"] == found["killed_zero"] == 0.0
    assert found["events"] == pytest.approx(2 / 6)
    later = features(_event(LATER, start=800), 1, 2, 1000)
    assert later["one_sentence"] == later["weapon_unknown"] == 1.0
    assert later["in_lead"] == later["first_event"] == later["sourced"] == 0.0
    assert later["position"] == pytest.approx(0.8)


def test_the_score_is_the_logistic_of_the_weighted_features() -> None:
    weights = Weights(weights={"one_sentence": -2.0, "country": 1.0}, bias=0.5, threshold=0.4)
    found = {"one_sentence": 1.0, "country": 0.0, "unweighted": 1.0}
    assert score(found, weights) == pytest.approx(1 / (1 + math.exp(1.5)))
    assert score({**found, "country": 1.0}, weights) > score(found, weights)


def test_an_event_below_the_threshold_is_dropped_with_its_targets_noted() -> None:
    weights = Weights(weights={"one_sentence": -3.0}, bias=1.0, threshold=0.4)
    events = [_event(LEAD, "More."), _event(LATER, start=300)]
    drafts = [Draft(["Norland"], ["market"], ["Kessa"], [0]),
              Draft(["Norland"], ["border posts", "a depot"], [], [2])]
    with trace.tracing() as records:
        kept_drafts, kept = confident(drafts, events, 1000, weights=weights)
    assert kept == events[:1] and kept_drafts == drafts[:1]
    [note] = [r for r in records.records if r.rule == RULE]
    assert note.subject is drafts[1] and note.action == "drop"
    assert note.value == "border posts, a depot"  # as the rule report reads a dropped event
    assert (note.start, note.end) == (300, 300 + len(LATER))
    # a threshold of 0 keeps every event; a threshold above every score keeps none
    assert confident(drafts, events, 1000, 0.0, weights=weights)[1] == events
    assert confident(drafts, events, 1000, 0.99, weights=weights)[1] == []
    # a text shorter than any article fitted on (a line, a paragraph) keeps every event
    short = confidence.MIN_TEXT_CHARS - 1
    assert confident(drafts, events, short, 0.99, weights=weights)[1] == events


def test_the_packaged_weights_cover_every_feature_and_cut_inside_zero_one() -> None:
    weights = packaged_weights()
    assert set(weights.weights) == set(FEATURES)
    assert 0.0 < weights.threshold < 1.0
    assert "true" in weights.fitted_on and "false" in weights.fitted_on
    text = confidence.WEIGHTS_FILE.read_text(encoding="utf-8")
    assert json.loads(text) == weights.model_dump()  # no key the model would ignore


FILL = " ".join(f"Filler sentence {n} adds nothing to the story." for n in
                ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
                 "eleven", "twelve"))
WEAK = "Estavian forces also hit a depot near Tarn."


def test_a_brief_drops_what_the_cut_drops_and_reactions_go_with_the_last_event() -> None:
    """An article with its lead strike and, late, a strike told in one sentence with no
    figure and no weapon: the packaged weights drop the second only."""
    text = f"{LEAD} The United Nations condemned the attack on the market. {FILL} {WEAK} {FILL}"
    article = article_from_text(text)
    assert len(article.text) >= confidence.MIN_TEXT_CHARS
    calls = plan(article)
    answers = {"strike-0": StrikesOut(strikes=[StrikeOut(attacker="Norland", target="market",
                                                         place="Kessa")]),
               "strike-14": StrikesOut(strikes=[StrikeOut(attacker="Estavian forces",
                                                          target="a depot", place="Tarn")])}
    assert {c.name for c in calls} >= set(answers)
    every = assemble(article, answers, Usage(), 0.0, "test", calls, min_confidence=0.0)
    assert [e.target[0].name for e in every.events] == ["market", "a depot"]
    default = assemble(article, answers, Usage(), 0.0, "test", calls, explain=True)
    assert [e.target[0].name for e in default.events] == ["market"]
    assert default.reactions == every.reactions != []
    drops = [d for d in default.meta.trace or [] if d.rule == RULE]
    assert [(d.path, d.value) for d in drops] == [("dropped.event", "a depot")]
    none = assemble(article, answers, Usage(), 0.0, "test", calls, min_confidence=1.0)
    assert none.events == [] and none.reactions == []


def test_the_fit_separates_what_the_labels_separate() -> None:
    rows = [({"good": 1.0, "noise": float(n % 2)}, True) for n in range(30)]
    rows += [({"good": 0.0, "noise": float(n % 2)}, n < 5) for n in range(30)]
    weights, bias = fitted(rows, l2=0.01)
    assert weights["good"] > 2.0 and abs(weights["noise"]) < 0.5 and bias < 0
    model = Weights(weights=weights, bias=bias, threshold=0.5)
    assert score({"good": 1.0, "noise": 0.0}, model) > 0.9
    assert score({"good": 0.0, "noise": 0.0}, model) < 0.3
    assert auc([0.9, 0.8, 0.2], [True, False, False]) == 1.0
    assert auc([0.5, 0.5], [True, False]) == 0.5


def _fit_script():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("fit_confidence",
                                                  ROOT / "scripts" / "fit_confidence.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _gold_and_answers(tmp_path: Path, *, both: bool = False) -> tuple[Path, Path]:
    """Two gold articles (one strike each, or both strikes) and their saved readings, in
    which the model read both strikes."""
    gold_dir, answers = tmp_path / "gold", tmp_path / "answers"
    gold_dir.mkdir()
    answers.mkdir()
    text = f"{LEAD} {FILL} {LATER}"
    event = {"attacker": ["Norland"], "attacker_aliases": [], "target": ["market"],
             "target_kind": "civilian", "weapon": "airstrike",
             "location": {"place": "Kessa", "country": "Chad"}, "date": None,
             "attribution": "confirmed", "killed": {"min": 13, "max": 13},
             "injured": {"min": None, "max": None}, "casualty_notes": None,
             "is_retaliation_for": None}
    article = article_from_text(text, "one")
    calls = plan(article)
    replies = {calls[0].name: {"strikes": [{"attacker": "Norland", "target": "market",
                                            "place": "Kessa"}]},
               calls[-1].name: {"strikes": [{"attacker": "Norland", "target": "border posts",
                                             "place": "Varn"}]}}
    for stem in ("one", "two"):
        (gold_dir / f"{stem}.json").write_text(json.dumps({
            "source": "https://example.org", "title": None, "published": None, "text": text,
            "gold": {"events": [event, {**event, "target": ["border posts"],
                                        "location": {"place": "Varn", "country": "Chad"},
                                        "killed": {"min": 2, "max": 2}}][:1 + both],
                     "reactions": []}}), encoding="utf-8")
        (answers / f"{stem}.json").write_text(json.dumps({
            "format": 1, "model": "test", "prompt_version": "x",
            "article_sha256": article.sha256, "usage": {}, "seconds": 0.0,
            "answers": replies}), encoding="utf-8")
    return gold_dir, answers


def test_the_fit_script_labels_events_by_the_scorers_pairing(tmp_path: Path) -> None:
    """The true strike and the false one are labelled so, and the weights written load as
    the package's."""
    gold_dir, answers = _gold_and_answers(tmp_path)
    script = _fit_script()
    rows = labelled(gold_dir, answers, [])
    assert sorted(y for _, y in rows) == [False, False, True, True]
    assert labelled(gold_dir, answers, ["t*"]) == rows[:2]  # "two" left out
    out = tmp_path / "weights.json"
    assert script.main([f"{gold_dir}={answers}", "--out", str(out), "--threshold", "0.3"]) == 0
    written = Weights.model_validate_json(out.read_text(encoding="utf-8"))
    assert written.threshold == 0.3 and set(written.weights) <= set(FEATURES)
    assert "2 true and 2 false" in written.fitted_on
    assert script.main([str(gold_dir)]) == 2  # not GOLD=ANSWERS: one line, exit 2


def test_the_fit_script_refuses_a_set_with_no_false_event(tmp_path: Path) -> None:
    gold_dir, answers = _gold_and_answers(tmp_path, both=True)
    assert sorted(y for _, y in labelled(gold_dir, answers, [])) == [True] * 4
    assert _fit_script().main([f"{gold_dir}={answers}", "--dry-run"]) == 2


def test_eval_min_confidence_keeps_or_drops_events(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from summarizer.cli import app

    gold_dir, answers = _gold_and_answers(tmp_path)
    runner = CliRunner()

    def report(*flags: str) -> dict[str, object]:
        out = tmp_path / "report.json"
        result = runner.invoke(app, ["eval", str(gold_dir), "--no-progress", "--out", str(out),
                                     *flags])
        assert result.exit_code == 0, result.output
        return json.loads(out.read_text(encoding="utf-8"))  # type: ignore[no-any-return]

    def predicted(found: dict[str, object]) -> int:
        return sum(row["pred_events"] for row in found["articles"])

    every = report("--answers", str(answers), "--min-confidence", "0")
    assert predicted(every) == 4 and every["min_confidence"] == 0.0
    assert predicted(report("--answers", str(answers), "--min-confidence", "1")) == 0
    assert report("--answers", str(answers))["min_confidence"] == packaged_weights().threshold
    for bad in ("1.5", "-0.1", "nan"):
        result = runner.invoke(app, ["eval", str(gold_dir), "--answers", str(answers),
                                     "--min-confidence", bad])
        assert result.exit_code == 2
        assert result.output.strip().splitlines() == [
            f"error: the setting min_confidence (SUMMARIZER_MIN_CONFIDENCE) cannot be "
            f"{float(bad)}: it must be from 0 to 1"]
    # saved briefs are scored as they are, whatever the environment asks
    monkeypatch.setenv("SUMMARIZER_MIN_CONFIDENCE", "1")
    saved = tmp_path / "saved"
    saved.mkdir()
    found = report("--predictions", str(saved))
    assert "min_confidence" not in found


def _long_article(tmp_path: Path) -> Path:
    article = tmp_path / "article.txt"
    article.write_text(f"{LEAD} The United Nations condemned the attack on the market. {FILL} "
                       f"{WEAK} {FILL}", encoding="utf-8")
    return article


def _answer(request: dict[str, object]) -> dict[str, object]:
    """The model's reading of each call: the late one-sentence strike, or the lead's."""
    said = str(request["messages"][-1]["content"])  # type: ignore[index]
    if "Estavian forces" in said:
        return {"strikes": [{"attacker": "Estavian forces", "target": "a depot",
                             "place": "Tarn"}]}
    return {"strikes": [{"attacker": "Norland", "target": "market", "place": "Kessa"}]}


def test_summarize_and_batch_take_the_threshold_and_the_cache_keys_on_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from fakeserver import FakeOpenAIServer
    from typer.testing import CliRunner

    from summarizer.cli import app

    monkeypatch.setenv("SUMMARIZER_MAX_RETRY_SECONDS", "0")
    article = _long_article(tmp_path)
    runner = CliRunner()
    with FakeOpenAIServer(answer=_answer) as srv:
        backend = ["--base-url", srv.base_url, "--model", "m", "--api-key", "k"]

        def targets(*flags: str) -> list[str]:
            result = runner.invoke(app, ["summarize", str(article), "--format", "json",
                                         *backend, *flags])
            assert result.exit_code == 0, result.output
            return [e["target"][0]["name"] for e in json.loads(result.stdout)["events"]]

        assert targets() == ["market"]  # the packaged cut drops the late mention
        asked = len(srv.requests)
        # cached under the packaged cut, the brief is not served for another threshold
        assert targets("--min-confidence", "0") == ["market", "a depot"]
        assert len(srv.requests) > asked
        asked = len(srv.requests)
        assert targets("--min-confidence", "0") == ["market", "a depot"]  # now cached
        assert targets() == ["market"]
        assert len(srv.requests) == asked
        monkeypatch.setenv("SUMMARIZER_MIN_CONFIDENCE", "0")
        assert targets() == ["market", "a depot"]  # the environment, as for every setting
        monkeypatch.delenv("SUMMARIZER_MIN_CONFIDENCE")

        bad = runner.invoke(app, ["summarize", str(article), *backend, "--min-confidence",
                                  "2"])
        assert bad.exit_code == 2 and bad.stdout == ""
        assert bad.stderr.splitlines() == [
            "error: the setting min_confidence (SUMMARIZER_MIN_CONFIDENCE) cannot be 2.0: "
            "Input should be less than or equal to 1"]

        out = tmp_path / "briefs.jsonl"
        done = runner.invoke(app, ["batch", str(article), "--out", str(out), "--no-progress",
                                   "--no-cache", *backend, "--min-confidence", "0"])
        assert done.exit_code == 0, done.output
        [record] = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
        assert [e["target"][0]["name"] for e in record["brief"]["events"]] == [
            "market", "a depot"]


def test_a_batch_api_run_cuts_at_its_threshold_and_a_resumed_run_keeps_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from fake_batch_server import FakeBatchServer
    from typer.testing import CliRunner, Result

    from summarizer.cli import app

    monkeypatch.setenv("SUMMARIZER_MAX_RETRY_SECONDS", "0")
    monkeypatch.setenv("SUMMARIZER_CACHE_DIR", str(tmp_path / "cache"))
    article = _long_article(tmp_path)
    runner = CliRunner()

    def targets(out: Path) -> list[str]:
        [record] = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
        return [e["target"][0]["name"] for e in record["brief"]["events"]]

    with FakeBatchServer(answer=_answer) as srv:
        backend = ["--base-url", srv.base_url, "--model", "m", "--api-key", "k"]

        def batch(*flags: str) -> Result:
            return runner.invoke(app, ["batch", "--no-progress", "--poll-interval", "0",
                                       *flags])

        packaged = tmp_path / "packaged.jsonl"
        done = batch(str(article), "--out", str(packaged), "--via", "openai-batch", *backend)
        assert done.exit_code == 0, done.output
        assert targets(packaged) == ["market"]

        out, state = tmp_path / "every.jsonl", tmp_path / "every.state.json"
        started = batch(str(article), "--out", str(out), "--via", "openai-batch",
                        "--state", str(state), "--detach", *backend, "--min-confidence", "0")
        assert started.exit_code == 0, started.output
        assert not out.read_text(encoding="utf-8")  # submitted, nothing joined yet
        # another threshold on resume is refused in one line; nothing is joined
        other = batch("--resume", str(state), "--min-confidence", "0.5")
        assert other.exit_code == 6
        assert other.stderr.splitlines() == [
            "error: this run was started with the threshold 0 and a resumed run keeps it: "
            "--min-confidence (or SUMMARIZER_MIN_CONFIDENCE) 0.5 is refused"]
        assert not out.read_text(encoding="utf-8")
        # the resumed run (a new process: no flag given) cuts at the threshold it started with
        resumed = batch("--resume", str(state))
        assert resumed.exit_code == 0, resumed.output
        assert targets(out) == ["market", "a depot"]
        # its brief was cached under its own threshold, not served to a packaged-cut run
        again = tmp_path / "again.jsonl"
        direct = batch(str(article), "--out", str(again), *backend)
        assert direct.exit_code == 0, direct.output
        assert "(1 from cache)" in direct.stderr
        assert targets(again) == ["market"]
        cut = tmp_path / "cut.jsonl"
        served = batch(str(article), "--out", str(cut), *backend, "--min-confidence", "0")
        assert served.exit_code == 0 and "(1 from cache)" in served.stderr
        assert targets(cut) == ["market", "a depot"]


@pytest.mark.parametrize(("env", "refused"), [(None, False), ("0.4", False), ("0", True)])
def test_a_state_of_the_previous_version_resumes_at_the_packaged_threshold(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, env: str | None,
        refused: bool) -> None:
    """A state file written before the threshold was saved (version 1) resumes with the
    packaged threshold; the environment may say the same, not another."""
    from fake_batch_server import FakeBatchServer
    from typer.testing import CliRunner

    from summarizer.cli import app

    monkeypatch.setenv("SUMMARIZER_MAX_RETRY_SECONDS", "0")
    monkeypatch.setenv("SUMMARIZER_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("SUMMARIZER_MIN_CONFIDENCE", raising=False)
    article = _long_article(tmp_path)
    runner = CliRunner()
    with FakeBatchServer(answer=_answer) as srv:
        out, state = tmp_path / "out.jsonl", tmp_path / "state.json"
        started = runner.invoke(app, [
            "batch", "--no-progress", str(article), "--out", str(out), "--via", "openai-batch",
            "--state", str(state), "--detach", "--base-url", srv.base_url, "--model", "m",
            "--api-key", "k"])
        assert started.exit_code == 0, started.output
        data = json.loads(state.read_text(encoding="utf-8"))
        assert (data["version"], data["min_confidence"]) == (2, None)
        del data["min_confidence"]
        state.write_text(json.dumps({**data, "version": 1}), encoding="utf-8")
        if env is not None:
            monkeypatch.setenv("SUMMARIZER_MIN_CONFIDENCE", env)
        resumed = runner.invoke(app, ["batch", "--no-progress", "--poll-interval", "0",
                                      "--resume", str(state)])
        if refused:
            assert resumed.exit_code == 6 and resumed.stderr.splitlines() == [
                "error: this run was started with the packaged threshold and a resumed run "
                "keeps it: --min-confidence (or SUMMARIZER_MIN_CONFIDENCE) 0 is refused"]
            assert not out.read_text(encoding="utf-8")
        else:
            assert resumed.exit_code == 0, resumed.output
            [record] = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
            assert [e["target"][0]["name"] for e in record["brief"]["events"]] == ["market"]


@pytest.mark.parametrize("bad", ["2", "\"x\"", "true"])
def test_a_state_with_a_bad_threshold_is_refused(tmp_path: Path, bad: str) -> None:
    from summarizer.batch.openai_batch import State
    from summarizer.errors import StateError

    state = tmp_path / "state.json"
    State(path=state, out="o", errors="e", model="m", base_url=None,
          prompt_version="p").save()
    data = json.loads(state.read_text(encoding="utf-8"))
    state.write_text(json.dumps({**data, "min_confidence": json.loads(bad)}), encoding="utf-8")
    with pytest.raises(StateError, match="malformed \\(min_confidence"):
        State.load(state)


def test_the_cache_version_names_a_threshold_other_than_the_packaged_one() -> None:
    from summarizer.batch.cache import cache_version

    assert cache_version("v1", None) == "v1"
    assert cache_version("v1", 0.0) == "v1+confidence=0"
    assert cache_version("v1", 0.45) == "v1+confidence=0.45"


def test_the_one_event_left_takes_no_toll_from_a_strike_the_cut_dropped() -> None:
    """The lead strike gives no figure; the late strike the cut drops gives one: that
    figure is the dropped strike's, not the one event's (toll_in_article skips it)."""
    lead = "Norland jets bombed a market in Kessa, Chad, on Monday, officials said."
    late = "Estavian forces also hit a depot near Tarn, wounding four guards."
    text = f"{lead} The United Nations condemned the attack on the market. {FILL} {late} {FILL}"
    article = article_from_text(text)
    calls = plan(article)
    answers = {"strike-0": StrikesOut(strikes=[StrikeOut(attacker="Norland", target="market",
                                                         place="Kessa")]),
               "strike-14": StrikesOut(strikes=[StrikeOut(attacker="Estavian forces",
                                                          target="a depot", place="Tarn")])}
    every = assemble(article, answers, Usage(), 0.0, "test", calls, min_confidence=0.0)
    assert [(e.target[0].name, e.injured.min) for e in every.events] == [
        ("market", None), ("a depot", 4)]
    default = assemble(article, answers, Usage(), 0.0, "test", calls, min_confidence=0.6)
    assert [(e.target[0].name, e.injured.min) for e in default.events] == [("market", None)]


def test_a_resumed_run_retries_failed_articles_directly_at_its_threshold(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """--retry-direct after a resume: the article the batch failed is briefed by a direct
    request, cut at the threshold the run was started with."""
    from fake_batch_server import FakeBatchServer
    from typer.testing import CliRunner

    from summarizer.cli import app

    monkeypatch.setenv("SUMMARIZER_MAX_RETRY_SECONDS", "0")
    monkeypatch.setenv("SUMMARIZER_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("SUMMARIZER_MIN_CONFIDENCE", raising=False)
    article = _long_article(tmp_path)
    runner = CliRunner()
    fails = {f"{name}::strike-0" for name in (str(article), article.name, article.stem)}
    with FakeBatchServer(answer=_answer, fail_ids=fails) as srv:
        out, state = tmp_path / "out.jsonl", tmp_path / "state.json"
        started = runner.invoke(app, [
            "batch", "--no-progress", str(article), "--out", str(out), "--via", "openai-batch",
            "--state", str(state), "--detach", "--retry-direct", "--base-url", srv.base_url,
            "--model", "m", "--api-key", "k", "--min-confidence", "0"])
        assert started.exit_code == 0, started.output
        resumed = runner.invoke(app, ["batch", "--no-progress", "--poll-interval", "0",
                                      "--resume", str(state)])
        assert resumed.exit_code == 0, resumed.output
        assert (tmp_path / "state.json.d" / "retry-direct.jsonl").read_text(encoding="utf-8")
        [record] = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
        assert [e["target"][0]["name"] for e in record["brief"]["events"]] == [
            "market", "a depot"]


def test_a_kept_event_carries_its_confidence_in_the_trace(tmp_path: Path) -> None:
    """--explain shows each kept event's score, rounded down (so that a shown 0.58 clears
    --min-confidence 0.58 exactly when the score does); the Markdown lists it, and a brief
    made without the trace has none."""
    from summarizer.render import to_markdown

    gold_dir, answers = _gold_and_answers(tmp_path)
    text = json.loads((gold_dir / "one.json").read_text(encoding="utf-8"))["text"]
    reading = load_reading(answers / "one.json", article_from_text(text, "one"))
    for cut in (None, 0.0):  # the packaged cut, and none (still scored when traced)
        brief = reading.brief(explain=True, min_confidence=cut)
        shown = {d.path: d.value for d in brief.meta.trace or []
                 if d.rule == "event.confidence"}
        assert set(shown) == {"events[0].event", "events[1].event"}
        for value in shown.values():
            assert 0.0 <= float(value) <= 1.0 and len(value.split(".")[1]) == 2
    assert reading.brief(explain=True).confidences() == [float(shown[f"events[{i}].event"])
                                                         for i in range(2)]
    assert reading.brief().confidences() == [None, None]  # no trace: no score
    markdown = to_markdown(reading.brief(explain=True))
    assert markdown.count("- confidence: ") == 2
    assert "- confidence: " not in to_markdown(reading.brief())
    top = max(float(v) for v in shown.values())
    assert len(reading.brief(min_confidence=top).events) == 1  # a shown score clears itself
    assert len(reading.brief(min_confidence=top + 0.01).events) == 0


def test_eval_calibration_bands_and_cuts_agree(tmp_path: Path) -> None:
    """``eval --calibration``: every event falls in the band of its confidence, true or
    false by the scorer's pairing; the events each cut keeps are those of the bands at or
    above it; the packaged cut scores as the run itself."""
    from typer.testing import CliRunner

    from summarizer.cli import app

    gold_dir, answers = _gold_and_answers(tmp_path)
    out = tmp_path / "report.json"
    result = CliRunner().invoke(app, ["eval", str(gold_dir), "--answers", str(answers),
                                      "--calibration", "--rules", "--no-progress",
                                      "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "confidence calibration" in result.output and "packaged, this run" in result.output
    report = json.loads(out.read_text(encoding="utf-8"))
    # the rule report judges each kept event's score as the event: right when it pairs
    [kept] = [r for r in report["rules"] if r["rule"] == "event.confidence"]
    assert (kept["judged"], kept["agree"]) == (4, 2)
    cal = report["calibration"]
    bands, cuts = cal["bands"], {c["threshold"]: c for c in cal["cuts"]}
    assert cal["articles"] == 2 and cal["left_out"] == []
    assert sum(b["true"] for b in bands) == 2 and sum(b["false"] for b in bands) == 2
    assert sorted(cuts) == [round(0.1 * i, 1) for i in range(10)]  # the packaged 0.4 among
    for t, cut in cuts.items():
        assert cut["events"] == sum(b["true"] + b["background"] + b["false"]
                                    for b in bands if b["from"] >= t - 1e-9)
    packaged = cuts[packaged_weights().threshold]
    assert (packaged["slot_f1"], packaged["event_f1"]) == (
        report["totals"]["slot_f1"], report["totals"]["event_f1"])
    assert cuts[0.0]["event_p"] == 0.5 and max(c["event_p"] for c in cuts.values()) == 1.0


def test_eval_calibration_names_what_it_cannot_replay(tmp_path: Path) -> None:
    """An article without saved answers is left out and named; saved briefs, which carry no
    confidence, are refused in one line."""
    from typer.testing import CliRunner

    from summarizer.cli import app

    gold_dir, answers = _gold_and_answers(tmp_path)
    (answers / "two.json").unlink()
    out = tmp_path / "report.json"
    runner = CliRunner()
    result = runner.invoke(app, ["eval", str(gold_dir), "--answers", str(answers),
                                 "--calibration", "--no-progress", "--out", str(out)])
    assert result.exit_code == 0, result.output
    cal = json.loads(out.read_text(encoding="utf-8"))["calibration"]
    assert cal["articles"] == 1 and cal["left_out"] == ["two"]
    assert "1 left out (an error, or no saved answers)" in result.output
    # the cuts cover fewer articles than the run scored: its own row is marked so
    assert "this run's cut" in result.output and "this run\n" not in result.output
    saved = tmp_path / "saved"
    saved.mkdir()
    refused = runner.invoke(app, ["eval", str(gold_dir), "--predictions", str(saved),
                                  "--calibration"])
    assert refused.exit_code == 2
    assert refused.output.strip().splitlines() == [
        "error: --calibration cannot be used with --predictions: saved briefs carry no "
        "confidence; replay the run's answers (--answers DIR) instead"]
    # no article with usable answers: one line, nothing calibrated
    empty = tmp_path / "empty"
    empty.mkdir()
    nothing = runner.invoke(app, ["eval", str(gold_dir), "--answers", str(empty),
                                  "--calibration", "--no-progress", "--out",
                                  str(tmp_path / "r2.json")])
    assert nothing.exit_code == 2
    assert nothing.output.strip().splitlines()[-1] == (
        f"error: saved answers {empty} cannot be replayed: none of the 2 articles has "
        "answers saved by this run: nothing to calibrate")


def test_the_shown_score_is_rounded_down() -> None:
    """A score of 0.8999 shows 0.89, not 0.90: the shown value clears a threshold exactly
    when the score does (--min-confidence 0.9 drops it); a dropped event shows none."""
    weights = Weights(weights={}, bias=math.log(0.8999 / 0.1001), threshold=0.4)
    events = [_event(LEAD, "More.")]
    drafts = [Draft(["Norland"], ["market"], ["Kessa"], [0])]
    with trace.tracing() as records:
        confident(drafts, events, 1000, weights=weights)
    assert [r.value for r in records.records if r.rule == "event.confidence"] == ["0.89"]
    with trace.tracing() as records:
        assert confident(drafts, events, 1000, 0.9, weights=weights)[1] == []
    assert [r.rule for r in records.records] == [RULE]
    # a float product that falls short of a whole hundredth (0.57 * 100 = 56.999...)
    for p, shown in ((0.29, "0.29"), (0.57, "0.57"), (0.58, "0.58"), (0.28999, "0.28"),
                     (0.0, "0.00"), (1.0, "1.00")):
        assert shown_score(p) == shown, p
        assert float(shown) <= p < float(shown) + 0.01


def test_eval_calibration_adds_the_runs_own_cut(tmp_path: Path) -> None:
    """A --min-confidence off the grid gets its own row, marked as the run's."""
    from typer.testing import CliRunner

    from summarizer.cli import app

    gold_dir, answers = _gold_and_answers(tmp_path)
    out = tmp_path / "report.json"
    result = CliRunner().invoke(app, ["eval", str(gold_dir), "--answers", str(answers),
                                      "--calibration", "--min-confidence", "0.65",
                                      "--no-progress", "--out", str(out)])
    assert result.exit_code == 0, result.output
    report = json.loads(out.read_text(encoding="utf-8"))
    cuts = {c["threshold"]: c for c in report["calibration"]["cuts"]}
    assert 0.65 in cuts and report["calibration"]["this_run_threshold"] == 0.65
    assert (cuts[0.65]["slot_f1"], cuts[0.65]["event_f1"]) == (
        report["totals"]["slot_f1"], report["totals"]["event_f1"])
    assert "this run" in result.output
