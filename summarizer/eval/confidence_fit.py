"""Fitting the event-confidence weights on gold (``scripts/fit_confidence.py``): each event
of a brief remade from saved answers, labelled by the scorer's pairing, and a logistic
regression of the labels on the event's features (``summarizer.pipeline.confidence``)."""

from __future__ import annotations

import fnmatch
from pathlib import Path

from summarizer.eval.gold import load_gold_dir
from summarizer.eval.scoring import event_verdicts
from summarizer.pipeline.confidence import features, sigmoid
from summarizer.pipeline.reading import load_reading
from summarizer.reader import article_from_text

Row = tuple[dict[str, float], bool]


def labelled(gold_dir: Path, answers: Path, exclude: list[str]) -> list[Row]:
    """The features and label of every event of every brief remade from ``answers`` with no
    confidence cut: true when it pairs with a gold event that is not optional, false when it
    pairs with none (one paired with an optional event is left out); gold files whose stem
    matches a pattern of ``exclude``, or with no saved answers, are skipped."""
    rows: list[Row] = []
    for gold in load_gold_dir(gold_dir):
        path = answers / f"{gold.stem}.json"
        if any(fnmatch.fnmatch(gold.stem, pattern) for pattern in exclude) or not path.is_file():
            continue
        article = article_from_text(gold.text, gold.stem)
        brief = load_reading(path, article).brief(min_confidence=0.0)
        verdicts = event_verdicts([e.model_dump(mode="json") for e in gold.gold.events],
                                  brief.model_dump(mode="json")["events"])
        for n, (event, true) in enumerate(zip(brief.events, verdicts, strict=True)):
            if true is not None:  # (paired with an optional gold event: neither way)
                rows.append((features(event, n, len(brief.events), len(article.text)), true))
    return rows


def auc(scores: list[float], labels: list[bool]) -> float:
    """The chance that a true event scores above a false one (ties count half; nan when one
    side is empty)."""
    pos = [s for s, y in zip(scores, labels, strict=True) if y]
    neg = [s for s, y in zip(scores, labels, strict=True) if not y]
    if not pos or not neg:
        return float("nan")
    wins = sum((p > q) + 0.5 * (p == q) for p in pos for q in neg)
    return wins / (len(pos) * len(neg))


def fitted(rows: list[Row], *, l2: float = 0.01,
           steps: int = 25) -> tuple[dict[str, float], float]:
    """Weights and bias of an L2-regularised logistic regression of the labels on the
    features, by Newton's method (a few dozen features, a few hundred events: exact and
    fast in plain Python)."""
    names = sorted({n for found, _ in rows for n in found})
    k = len(names) + 1  # the bias last
    xs = [[found.get(n, 0.0) for n in names] + [1.0] for found, _ in rows]
    ys = [1.0 if label else 0.0 for _, label in rows]
    if l2 < 0:
        raise ValueError("l2 must be 0 or more")
    w = [0.0] * k
    for _ in range(steps):
        grad, hess = _derivatives(xs, ys, w, l2)
        step = _solve(hess, grad)
        w = [wj - dj for wj, dj in zip(w, step, strict=True)]
        if max(map(abs, step)) < 1e-8:
            break  # converged
    return {n: round(w[i], 4) for i, n in enumerate(names)}, round(w[-1], 4)


def _solve(a: list[list[float]], b: list[float]) -> list[float]:
    """x with a·x = b (Gaussian elimination with partial pivoting; a is small and positive
    definite here)."""
    n = len(b)
    m = [[*row, b[i]] for i, row in enumerate(a)]
    for col in range(n):
        pivot = max(range(col, n), key=lambda r: abs(m[r][col]))
        m[col], m[pivot] = m[pivot], m[col]
        for r in range(col + 1, n):
            f = m[r][col] / m[col][col]
            for c in range(col, n + 1):
                m[r][c] -= f * m[col][c]
    x = [0.0] * n
    for r in range(n - 1, -1, -1):
        x[r] = (m[r][n] - sum(m[r][c] * x[c] for c in range(r + 1, n))) / m[r][r]
    return x


def _derivatives(xs: list[list[float]], ys: list[float], w: list[float],
                 l2: float) -> tuple[list[float], list[list[float]]]:
    """Gradient and Hessian of the mean log-loss plus the L2 term (the bias, last, is not
    penalised)."""
    k, m = len(w), max(len(xs), 1)
    grad = [l2 * w[j] * (j < k - 1) for j in range(k)]
    hess = [[(l2 * (i < k - 1) if i == j else 0.0) + (1e-9 if i == j else 0.0)
             for j in range(k)] for i in range(k)]
    for x, y in zip(xs, ys, strict=True):
        p = sigmoid(sum(wj * xj for wj, xj in zip(w, x, strict=True)))
        nonzero = [i for i in range(k) if x[i]]
        for i in nonzero:
            grad[i] += (p - y) * x[i] / m
            for j in nonzero:
                hess[i][j] += p * (1 - p) * x[i] * x[j] / m
    return grad, hess
