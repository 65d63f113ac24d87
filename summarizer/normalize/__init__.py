"""Deterministic, code-side normalisation of what the model extracts (figures, cues, dates)."""

# where a rule found what decided a value: (start, end) offsets into the text it was given
Evidence = tuple[int, int] | None
