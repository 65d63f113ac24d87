"""CLI paths of the analyst outputs: ``summarize --format html|acled-csv|plover-jsonl|geojson``
(seed 000 replayed from its cassette), ``export``, ``--version``, byte-order-marked input,
and one-line errors for bad input."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import vcr
from click.testing import Result
from seed_briefs import CASSETTES, SEEDS, seed_brief
from typer.testing import CliRunner

import summarizer
from summarizer.cassettes import REPLAY_BASE_URL, read_manifest, vcr_config
from summarizer.cli import app
from summarizer.cliutil import write_output
from summarizer.outputs import ACLED_COLUMNS, acled_rows
from summarizer.settings import ENV_VARS

SEED = SEEDS[0]


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for var in [*ENV_VARS.values(), "SUMMARIZER_FORMAT", "SUMMARIZER_EXPORT_FORMAT"]:
        monkeypatch.delenv(var, raising=False)
    # a request the cassette does not hold fails at once instead of retrying for minutes
    monkeypatch.setenv("SUMMARIZER_MAX_RETRY_SECONDS", "0")


@pytest.fixture
def replayed() -> Iterator[list[str]]:
    """Backend flags that make ``summarize`` replay seed 000's cassette."""
    recorder = vcr.VCR(cassette_library_dir=str(CASSETTES), **vcr_config("none"))
    manifest = read_manifest(CASSETTES)
    with recorder.use_cassette(f"{SEED.stem}.yaml"):
        yield ["--model", str(manifest["model"]), "--base-url", REPLAY_BASE_URL,
               "--api-key", "sk-replay-not-a-key"]


def invoke(args: list[str]) -> Result:
    return CliRunner().invoke(app, args)


def one_line_error(result: Result, code: int, *needles: str) -> None:
    assert result.exit_code == code, (result.output, result.exception)
    assert "Traceback" not in result.output and result.stdout == ""
    (line,) = result.stderr.splitlines()
    assert line.startswith("error: ")
    for needle in needles:
        assert needle in line, (needle, line)


def test_version() -> None:
    result = invoke(["--version"])
    assert result.exit_code == 0
    assert result.stdout == f"summarizer {summarizer.__version__}\n"


def test_summarize_html_writes_the_review_page(replayed: list[str], tmp_path: Path) -> None:
    out = tmp_path / "brief.html"
    result = invoke(["summarize", str(SEED), *replayed, "--format", "html", "--out", str(out)])
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert page.count("<mark ") >= sum(len(e.evidence) for e in seed_brief(SEED).events)
    assert seed_brief(SEED).meta.prompt_version in page


@pytest.mark.parametrize("fmt", ["acled-csv", "plover-jsonl", "geojson"])
def test_summarize_export_formats_equal_export_of_the_brief(
    fmt: str, replayed: list[str], tmp_path: Path
) -> None:
    direct = invoke(["summarize", str(SEED), *replayed, "--format", fmt])
    assert direct.exit_code == 0, direct.output
    brief_file = tmp_path / "brief.json"
    brief_file.write_text(json.dumps({"id": SEED.stem, "source": str(SEED),
                                      "brief": seed_brief(SEED).model_dump(mode="json")}) + "\n")
    exported = invoke(["export", str(brief_file), "--to", fmt])
    assert exported.exit_code == 0, exported.output
    assert direct.stdout == exported.stdout  # same article, same ids, same rows


def test_export_of_a_batch_file(tmp_path: Path) -> None:
    jsonl = tmp_path / "briefs.jsonl"
    jsonl.write_text("".join(
        json.dumps({"id": s.stem, "source": s.name, "brief": seed_brief(s).model_dump(
            mode="json")}) + "\n" for s in SEEDS), encoding="utf-8")
    out = tmp_path / "events.csv"
    result = invoke(["export", str(jsonl), "--to", "acled-csv", "--out", str(out)])
    assert result.exit_code == 0 and result.stdout == "", result.output
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert len(rows) == sum(len(seed_brief(s).events) for s in SEEDS) > 0
    assert tuple(rows[0]) == ACLED_COLUMNS
    # each line's rows in order, named by that line's source
    assert [r["source"] for r in rows] == [s.name for s in SEEDS for _ in seed_brief(s).events]
    assert [r["actor1"] for r in rows] == [r["actor1"] for s in SEEDS
                                           for r in acled_rows(seed_brief(s))]
    geo = invoke(["export", str(jsonl), "--to", "geojson"])
    assert geo.exit_code == 0, geo.output
    collection = json.loads(geo.stdout)
    assert collection["type"] == "FeatureCollection"
    assert collection["metadata"]["events"] == len(rows)
    # a single brief's JSON (what `summarize --format json` writes) works too
    single = tmp_path / "one.json"
    single.write_text(seed_brief(SEEDS[1]).model_dump_json(indent=2), encoding="utf-8")
    plover = invoke(["export", str(single), "--to", "plover-jsonl"])
    assert plover.exit_code == 0, plover.output
    assert len(plover.stdout.splitlines()) == len(seed_brief(SEEDS[1]).events) > 0


def test_export_bad_input_is_one_line(tmp_path: Path) -> None:
    one_line_error(invoke(["export", str(tmp_path / "nope.jsonl"), "--to", "geojson"]), 2,
                   "not found")
    one_line_error(invoke(["export", str(tmp_path), "--to", "geojson"]), 2, "directory")
    empty = tmp_path / "empty.jsonl"
    empty.write_text("\n")
    one_line_error(invoke(["export", str(empty), "--to", "geojson"]), 2, "empty")
    garbled = tmp_path / "garbled.jsonl"
    good = json.dumps({"id": "a", "brief": seed_brief(SEED).model_dump(mode="json")})
    garbled.write_text(good + "\n{oops\n")
    one_line_error(invoke(["export", str(garbled), "--to", "acled-csv"]), 2,
                   f"{garbled}:2", "not JSON")
    wrong = tmp_path / "wrong.jsonl"
    wrong.write_text(json.dumps({"id": "a", "brief": {"headline": 3}}) + "\n")
    one_line_error(invoke(["export", str(wrong), "--to", "acled-csv"]), 2, f"{wrong}:1",
                   "not a brief")
    result = invoke(["export", str(wrong), "--to", "shapefile"])
    assert result.exit_code == 2 and "Traceback" not in result.output
    out_dir = tmp_path / "missing-dir" / "x.csv"
    good_file = tmp_path / "good.jsonl"
    good_file.write_text(good + "\n")
    one_line_error(invoke(["export", str(good_file), "--to", "acled-csv", "--out",
                           str(out_dir)]), 1, "cannot write")



def test_output_ends_in_one_newline_and_no_events_is_empty(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_output("a", None)
    write_output("", None)
    assert capsys.readouterr().out == "a\n"
    write_output("b\n", tmp_path / "b.txt")
    assert (tmp_path / "b.txt").read_text(encoding="utf-8") == "b\n"
    empty = tmp_path / "none.json"
    empty.write_text(seed_brief(SEED).model_copy(update={"events": []}).model_dump_json())
    plover = invoke(["export", str(empty), "--to", "plover-jsonl"])
    assert plover.exit_code == 0 and plover.stdout == ""  # no record, not a blank line
    acled = invoke(["export", str(empty), "--to", "acled-csv"])
    assert acled.stdout == ",".join(ACLED_COLUMNS) + "\n"

@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-8-sig"])
def test_byte_order_marked_article_gives_the_same_brief(
    encoding: str, replayed: list[str], tmp_path: Path
) -> None:
    """Windows-saved text is read as the same article: the cassette's requests match."""
    text = SEED.read_text(encoding="utf-8")
    data = text.encode(encoding)
    if encoding == "utf-16-be":
        data = b"\xfe\xff" + data
    path = tmp_path / "windows.txt"
    path.write_bytes(data)
    result = invoke(["summarize", str(path), *replayed, "--format", "json"])
    assert result.exit_code == 0, result.output
    brief = json.loads(result.stdout)
    assert brief["meta"]["article_sha256"] == seed_brief(SEED).meta.article_sha256
    assert brief["events"] == seed_brief(SEED).model_dump(mode="json")["events"]


def test_other_encodings_keep_the_clear_error(tmp_path: Path) -> None:
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Frappe aérienne à Kessel.\n".encode("latin-1"))
    one_line_error(invoke(["summarize", str(latin)]), 2, "UTF-8", str(latin))
    utf32 = tmp_path / "utf32.txt"
    utf32.write_bytes("Strike on Kessel.\n".encode("utf-32"))
    one_line_error(invoke(["summarize", str(utf32)]), 2, "binary", str(utf32))
    broken = tmp_path / "broken16.txt"
    broken.write_bytes(b"\xff\xfe" + "Strike".encode("utf-16-le") + b"\x00\xd8")
    one_line_error(invoke(["summarize", str(broken)]), 2, "UTF-16", str(broken))
