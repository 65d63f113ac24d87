"""schemas/brief.schema.json is generated from the models, and ships with the package."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import jsonschema  # type: ignore[import-untyped]
import pytest

from summarizer import resources
from summarizer.models import Brief, Meta, brief_json_schema

ROOT = Path(__file__).resolve().parent.parent
SCHEMA_FILE = ROOT / "schemas" / "brief.schema.json"
REGENERATE = (
    'python -c "import json; from summarizer.models import brief_json_schema; '
    "open('schemas/brief.schema.json', 'w').write(json.dumps(brief_json_schema(), indent=2) "
    "+ '\\n')\""
)


def test_schema_file_is_generated_from_the_models() -> None:
    expected = json.dumps(brief_json_schema(), indent=2) + "\n"
    assert SCHEMA_FILE.read_text(encoding="utf-8") == expected, (
        f"schemas/brief.schema.json is stale; regenerate it with: {REGENERATE}"
    )


def test_schema_is_a_valid_draft_2020_12_schema() -> None:
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)
    brief = Brief(headline="h", summary="s", meta=Meta(model="m", prompt_version="p",
                                                        article_sha256="0" * 64))
    jsonschema.validate(brief.model_dump(mode="json"), schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**brief.model_dump(mode="json"), "extra": 1}, schema)


def test_data_dirs_exist() -> None:
    prompts = resources.data_dir("prompts")
    schemas = resources.data_dir("schemas")
    assert prompts.is_dir() and schemas.is_dir()
    assert (schemas / "brief.schema.json").is_file()
    assert (prompts / "version.txt").is_file()
    for name in ("strike.system", "strike.user"):  # the only model calls: strikes
        assert (prompts / f"{name}.j2").is_file(), name


def test_data_dir_of_a_missing_folder_raises() -> None:
    with pytest.raises(FileNotFoundError, match="nope"):
        resources.data_dir("nope")


def test_wheel_force_includes_prompts_and_schemas() -> None:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    wheel = pyproject["tool"]["hatch"]["build"]["targets"]["wheel"]
    assert "summarizer" in wheel["packages"]
    include = wheel["force-include"]
    for name in ("prompts", "schemas"):
        assert include[name] == f"summarizer/_data/{name}"
        assert (ROOT / name).is_dir()
    sdist = pyproject["tool"]["hatch"]["build"]["targets"]["sdist"]["include"]
    assert {"summarizer", "prompts", "schemas"} <= set(sdist)


def test_data_dir_prefers_the_packaged_copy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A wheel puts the folders at summarizer/_data/<name> (the force-include above);
    a source checkout has them next to the package. The packaged copy wins."""
    pkg = tmp_path / "summarizer"
    (pkg / "_data" / "prompts").mkdir(parents=True)
    (tmp_path / "prompts").mkdir()
    (tmp_path / "schemas").mkdir()
    monkeypatch.setattr(resources, "_PKG", pkg)
    assert resources.data_dir("prompts") == pkg / "_data" / "prompts"
    assert resources.data_dir("schemas") == tmp_path / "schemas"
