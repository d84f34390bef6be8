"""``dataready.yml`` → validated project objects.

Every error names the file, the field and what is allowed, because the person reading it is
usually fixing a YAML file in a CI log, not debugging Python.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from dataready.errors import ConfigError
from dataready.models import Dimension, SampleSpec

PROJECT_FILE = "dataready.yml"

Purpose = Literal["training", "evaluation", "retrieval", "features", "reference", "analytics"]
Sensitivity = Literal["public", "internal", "confidential", "personal", "special"]

_ENV_VAR = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class UseCase(_Strict):
    name: str = "unnamed use case"
    purpose: str | None = None


class SourceConfig(_Strict):
    name: str = Field(min_length=1)
    location: str = Field(min_length=1)
    """A file path, folder or glob, or a SQLAlchemy URL."""
    table: str | None = None
    schema_: str | None = Field(default=None, alias="schema")
    query: str | None = None
    purpose: Purpose | None = None
    description: str | None = None
    system_of_record: bool | None = None
    key: list[str] = Field(default_factory=list)
    timestamp: str | None = None
    owner: str | None = None
    steward: str | None = None
    contact: str | None = None
    refresh: str | None = None
    sensitivity: Sensitivity | None = None
    one_table: bool = False
    """A folder or glob of files is one source (one table), not one source per file."""
    options: dict[str, Any] = Field(default_factory=dict)

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    @field_validator("key", mode="before")
    @classmethod
    def _key_as_list(cls, value: Any) -> Any:
        return [value] if isinstance(value, str) else value

    @field_validator("refresh")
    @classmethod
    def _known_cadence(cls, value: str | None) -> str | None:
        if value is not None:
            from dataready.cadence import parse_cadence

            parse_cadence(value)  # raises ValueError with the allowed forms
        return value


class Thresholds(_Strict):
    ready: float = Field(default=80, ge=0, le=100)
    """A source scoring at least this, with no error or blocker finding, is ready."""
    not_ready_below: float = Field(default=60, ge=0, le=100)
    """A source scoring below this is not ready."""
    dimension_pass: float = Field(default=80, ge=0, le=100)
    """The quality checklist item passes when every quality dimension scores at least this."""


class Defaults(_Strict):
    sample_size: int = Field(default=100_000, ge=1)
    seed: int = 42


def _default_weights() -> dict[Dimension, float]:
    return {d: 1.0 for d in Dimension}


class Project(_Strict):
    version: int = 1
    use_case: UseCase = Field(default_factory=UseCase)
    sources: list[SourceConfig] = Field(default_factory=list)
    thresholds: Thresholds = Field(default_factory=Thresholds)
    weights: dict[Dimension, float] = Field(default_factory=_default_weights)
    defaults: Defaults = Field(default_factory=Defaults)
    root: Path = Field(default_factory=Path.cwd, exclude=True)
    """The folder relative paths in the project resolve against."""

    @field_validator("weights", mode="after")
    @classmethod
    def _complete_weights(cls, value: dict[Dimension, float]) -> dict[Dimension, float]:
        if any(w < 0 for w in value.values()):
            raise ValueError("weights must be zero or positive")
        return {**_default_weights(), **value}

    @property
    def sample(self) -> SampleSpec:
        return SampleSpec(size=self.defaults.sample_size, seed=self.defaults.seed)


def expand_env(text: str, *, where: str) -> str:
    """Replace ``${VAR}`` (or ``${VAR:-default}``) with the environment's value."""

    def replace(match: re.Match[str]) -> str:
        name, default = match.group(1), match.group(2)
        value = os.environ.get(name, default)
        if value is None:
            raise ConfigError(f"{where}: environment variable {name} is not set; export it or write ${{{name}:-default}}")
        return value

    return _ENV_VAR.sub(replace, text)


def load_project(path: str | os.PathLike[str] = PROJECT_FILE) -> Project:
    """Read and validate a project file; raise :class:`ConfigError` naming the field at fault."""
    import yaml

    file = Path(path)
    if file.is_dir():
        file = file / PROJECT_FILE
    if not file.is_file():
        raise ConfigError(
            f"{file}: no such project file; run 'dataready demo' for an example or pass a file, folder or URL to audit"
        )
    try:
        raw = yaml.safe_load(file.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{file}:{mark.line + 1}" if mark is not None else str(file)
        problem = getattr(exc, "problem", None) or "not valid YAML"
        raise ConfigError(f"{where}: {problem}; fix the YAML syntax") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{file}: not UTF-8 text; save the project file as UTF-8") from None
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        raise ConfigError(f"{file}: expected a mapping with 'use_case' and 'sources', got {type(raw).__name__}")
    raw = _expand_tree(raw, where=str(file))
    return project_from_dict(raw, root=file.parent.resolve(), where=str(file))


def project_from_dict(raw: dict[str, Any], *, root: Path | None = None, where: str = PROJECT_FILE) -> Project:
    try:
        project = Project.model_validate({**raw, "root": root or Path.cwd()})
    except ValidationError as exc:
        raise ConfigError(_describe_validation_error(exc, raw, where)) from None
    names = [s.name for s in project.sources]
    repeated = sorted({n for n in names if names.count(n) > 1})
    if repeated:
        raise ConfigError(f"{where}: sources: the name {repeated[0]!r} is used twice; give each source its own name")
    return project


def _expand_tree(node: Any, *, where: str) -> Any:
    if isinstance(node, str):
        return expand_env(node, where=where)
    if isinstance(node, list):
        return [_expand_tree(n, where=where) for n in node]
    if isinstance(node, dict):
        return {k: _expand_tree(v, where=where) for k, v in node.items()}
    return node


def _describe_validation_error(exc: ValidationError, raw: dict[str, Any], where: str) -> str:
    error = exc.errors()[0]
    loc = list(error["loc"])
    # Name sources by their name rather than their index: "sources[crm.customers].refresh".
    parts: list[str] = []
    for i, part in enumerate(loc):
        if i > 0 and loc[i - 1] == "sources" and isinstance(part, int):
            try:
                parts[-1] += f"[{raw['sources'][part].get('name', part)}]"
            except (KeyError, IndexError, AttributeError, TypeError):
                parts[-1] += f"[{part}]"
        else:
            parts.append(str(part))
    field = ".".join(parts) or "(top level)"
    kind = error["type"]
    if kind == "extra_forbidden":
        message = "unknown field; check its spelling against the config reference in the README"
    elif kind == "missing":
        message = "is required"
    elif kind == "literal_error":
        message = f"got {error.get('input')!r}; allowed: {error['ctx']['expected']}"
    else:
        message = error["msg"].removeprefix("Value error, ")
        if "input" in error and not isinstance(error["input"], (dict, list)):
            message += f" (got {error['input']!r})"
    more = f" (and {len(exc.errors()) - 1} more problem(s))" if len(exc.errors()) > 1 else ""
    return f"{where}: {field}: {message}{more}"
