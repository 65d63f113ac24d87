"""The exception tree: one module holds it, its docstring draws it, and nothing escapes it."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re

import summarizer
from summarizer import errors
from summarizer.errors import GateClosed, RateLimited, SummarizerError


def _modules() -> list[str]:
    found = [m.name for m in pkgutil.walk_packages(summarizer.__path__, "summarizer.")]
    return [name for name in found if not name.endswith("__main__")]


def _tree_classes() -> dict[str, type[SummarizerError]]:
    return {
        name: cls for name, cls in vars(errors).items()
        if inspect.isclass(cls) and issubclass(cls, SummarizerError)
    }


def test_every_exception_of_the_package_is_defined_in_errors() -> None:
    strays = []
    for name in _modules():
        module = importlib.import_module(name)
        for attr, cls in vars(module).items():
            if (inspect.isclass(cls) and issubclass(cls, BaseException)
                    and cls.__module__ == name and name != "summarizer.errors"):
                strays.append(f"{name}.{attr}")
    assert strays == []


def test_every_exception_is_a_summarizer_error() -> None:
    for name, cls in vars(errors).items():
        if inspect.isclass(cls) and issubclass(cls, BaseException):
            assert issubclass(cls, SummarizerError), name
    assert issubclass(GateClosed, RateLimited)


def test_the_docstring_draws_the_whole_tree_with_each_parent() -> None:
    lines = [line for line in (errors.__doc__ or "").splitlines()
             if re.match(r"^ +(SummarizerError|[│ ]*[├└]── )", line)]
    names = [re.findall(r"[A-Z]\w+", line)[0] for line in lines]
    classes = _tree_classes()
    assert sorted(names) == sorted(classes)
    # a class's parent is the nearest class above it drawn one level further left
    column = {name: line.index(name) for name, line in zip(names, lines, strict=True)}
    for i, name in enumerate(names[1:], 1):
        parent = next(n for n in reversed(names[:i]) if column[n] < column[name])
        assert classes[name].__bases__[0] is classes[parent], name


def test_exit_codes_drawn_are_the_classes_exit_codes() -> None:
    drawn = re.findall(r"([A-Z]\w+) \((\d)\)", errors.__doc__ or "")
    assert len(drawn) == 9
    for name, code in drawn:
        assert _tree_classes()[name].exit_code == int(code), name


def test_gate_closed_reads_as_a_rate_limit() -> None:
    exc = GateClosed(12.0)
    assert isinstance(exc, SummarizerError) and exc.exit_code == 3
    assert exc.seconds == 12.0
    assert str(exc) == "backing off for another 12.0s, beyond the retry budget"
