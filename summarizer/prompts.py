"""Prompt templates: files in ``prompts/`` rendered with Jinja2 ``StrictUndefined``.

``PROMPT_VERSION`` is the declared version plus a hash of every template, so any edit to
a template changes it (and invalidates cached briefs and recorded cassettes).
"""

from __future__ import annotations

import hashlib
from functools import cache

import jinja2

from summarizer.resources import data_dir


@cache
def _env() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(data_dir("prompts"))),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=False,
    )


def render(name: str, **values: object) -> str:
    """Render ``prompts/NAME.j2``; a missing variable is an error, never an empty string."""
    return _env().get_template(f"{name}.j2").render(**values).strip()


def prompt_version() -> str:
    """``<declared>+<sha256 of the templates, 8 hex>``."""
    folder = data_dir("prompts")
    digest = hashlib.sha256()
    for path in sorted(folder.glob("*.j2")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    declared = (folder / "version.txt").read_text(encoding="utf-8").strip()
    return f"{declared}+{digest.hexdigest()[:8]}"
