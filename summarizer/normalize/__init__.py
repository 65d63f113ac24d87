"""Deterministic, code-side normalisation of what the model extracts (figures, cues, dates)."""
