"""Fit the event-confidence weights (``summarizer/pipeline/confidence.json``) on gold.

Each set is a gold folder (``shared/eval/README.md`` format) and the model answers a
``summarizer eval GOLD --out DIR/report.json`` run saved for it (``DIR/answers``). Every
brief is remade from its answers with no confidence cut; each of its events is labelled by
the scorer's pairing (true: paired with a gold event that is not optional; false: paired
with none; paired with an optional one: left out), and a logistic regression of the labels
on the event's features (``summarizer.pipeline.confidence.features``) is fitted. No text
and no gold value is written, only one weight per feature::

    python scripts/fit_confidence.py ../shared/eval/dev=runs/dev/answers \\
        probes/AQ=runs/AQ/answers --exclude 'f[0-9]*' --exclude 'g[0-9]*' --threshold 0.4

Prints the events used, the fit's AUC on them, and the events each threshold would drop;
``--out`` writes the weights (the packaged file by default; ``--dry-run`` writes nothing).
Refit whenever a rule changes what an event looks like.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from summarizer.errors import SummarizerError
from summarizer.eval.confidence_fit import Row, auc, fitted, labelled
from summarizer.pipeline.confidence import WEIGHTS_FILE, Weights, as_json, score


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sets", nargs="+", metavar="GOLD_DIR=ANSWERS_DIR")
    parser.add_argument("--exclude", action="append", default=[], metavar="GLOB",
                        help="leave out gold files whose stem matches (a held-out group)")
    parser.add_argument("--threshold", type=float, default=0.4)
    parser.add_argument("--l2", type=float, default=0.01)
    parser.add_argument("--describe", default="", metavar="TEXT",
                        help="what the sets are, for the weights file (default: their names)")
    parser.add_argument("--out", type=Path, default=WEIGHTS_FILE)
    parser.add_argument("--dry-run", action="store_true")
    args = parser.parse_args(argv)
    rows: list[Row] = []
    names: list[str] = []
    for spec in args.sets:
        gold_dir, sep, answers = spec.partition("=")
        if not sep:
            print(f"error: {spec!r} is not GOLD_DIR=ANSWERS_DIR", file=sys.stderr)
            return 2
        try:
            found = labelled(Path(gold_dir), Path(answers), args.exclude)
        except SummarizerError as err:
            print(f"error: {err}", file=sys.stderr)
            return 2
        rows += found
        names.append(f"{Path(gold_dir).name} ({len(found)} events)")
    true = sum(y for _, y in rows)
    if not true or true == len(rows):
        print("error: need both true and false events to fit", file=sys.stderr)
        return 2
    weights, bias = fitted(rows, l2=args.l2)
    model = Weights(weights=weights, bias=bias, threshold=args.threshold,
                    fitted_on=f"{dt.date.today()}: " + (args.describe or ", ".join(names))
                    + f"; {true} true and {len(rows) - true} false events")
    scores = [score(found, model) for found, _ in rows]
    print(f"{len(rows)} events ({true} true, {len(rows) - true} false); "
          f"AUC on them {auc(scores, [y for _, y in rows]):.3f}")
    for cut in (0.3, 0.4, 0.5):
        dropped = [y for s, (_, y) in zip(scores, rows, strict=True) if s < cut]
        print(f"  threshold {cut}: drops {len(dropped) - sum(dropped)} false and "
              f"{sum(dropped)} true events")
    for name, w in sorted(weights.items(), key=lambda kv: -abs(kv[1]))[:8]:
        print(f"  {w:+.2f} {name}")
    if not args.dry_run:
        args.out.write_text(as_json(model), encoding="utf-8")
        print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
