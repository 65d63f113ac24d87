"""How ``--help`` reads: value names instead of typer's type tags.

typer (0.29) writes a tag in angle brackets after every option and argument:
``--api-key <str>``, ``--fsync <bool>``, even ``--help <bool>``. Here a flag, which takes no
value, gets none; an option shows its ``metavar`` if it has one, else the kind of value in
capitals as click does (``TEXT``, ``PATH``, ``INTEGER``; choices as ``[a|b]``); an
argument's name says enough. :func:`install` swaps the two methods that make the tags.
"""

from __future__ import annotations

from typing import Any

from typer.core import TyperArgument, TyperOption

# looked up now, so that a renamed method fails at import instead of silently later
_option_type = TyperOption.display_type_rich
_argument_type = TyperArgument.display_type_rich
_NAMES = {"str": "TEXT", "int": "INTEGER", "float": "FLOAT", "bool": "BOOLEAN"}


def plain_type(tag: str | None) -> str | None:
    """``<str>`` -> ``TEXT``, ``<path>`` -> ``PATH``, ``<a|b>`` -> ``[a|b]``, a metavar or
    None unchanged."""
    if tag is None or not (tag.startswith("<") and ">" in tag):
        return tag
    label, _, rest = tag[1:].partition(">")
    if "|" in label:
        return f"[{label}]{rest}"
    return _NAMES.get(label, label.upper()) + rest


def _option_display(self: TyperOption, ctx: Any) -> str | None:
    if self.metavar is None and (self.is_flag or self.count):
        return None
    return plain_type(_option_type(self, ctx))


def _argument_display(self: TyperArgument, ctx: Any) -> str | None:
    return self.metavar


def install() -> None:
    """Make every typer command's help use plain value names (idempotent)."""
    option: Any = TyperOption
    argument: Any = TyperArgument
    option.display_type_rich = _option_display
    argument.display_type_rich = _argument_display
