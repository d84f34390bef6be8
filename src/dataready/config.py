"""``dataready.yml`` → validated project objects.

Every error names the file, the field and what is allowed, because the person reading it is
usually fixing a YAML file in a CI log, not debugging Python.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from dataready.errors import ConfigError
from dataready.model import DetectorSpec, Dimension, DuplicateSettings, SampleSpec

PROJECT_FILE = "dataready.yml"

Purpose = Literal["training", "evaluation", "retrieval", "features", "reference", "analytics"]
Sensitivity = Literal["public", "internal", "confidential", "personal", "special"]

_ENV_VAR = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _region(value: str) -> str:
    region = value.strip().lower()
    if not re.fullmatch(r"[a-z0-9][a-z0-9_-]*", region):
        raise ValueError(
            f"expected a region name such as eu, eu-west-1 or us-east-2; got {value!r}"
        )
    return region


class UseCase(_Strict):
    name: str = "unnamed use case"
    purpose: str | None = None
    allowed_regions: list[str] | None = None
    """Where the use case may keep personal data: region names (``eu-west-1``) or prefixes (``eu``)."""

    @field_validator("allowed_regions", mode="before")
    @classmethod
    def _regions_as_list(cls, value: Any) -> Any:
        return [value] if isinstance(value, str) else value

    @field_validator("allowed_regions")
    @classmethod
    def _region_names(cls, value: list[str] | None) -> list[str] | None:
        return None if value is None else [_region(v) for v in value]


class ColumnConfig(_Strict):
    """What the owners declare about one column."""

    sensitivity: Sensitivity | None = None


class DetectorConfig(_Strict):
    """A custom personal-data detector: a name (the kind reported), a regex and an optional validator."""

    name: str = Field(min_length=1, pattern=r"^[A-Za-z][\w.-]*$")
    pattern: str = Field(min_length=1)
    validator: str | None = None
    """A built-in check (luhn, mod97, iban, payment_card, uk_nino, us_ssn, …) or ``package.module:function``."""
    ignore_case: bool = False

    @field_validator("pattern")
    @classmethod
    def _compiles(cls, value: str) -> str:
        try:
            re.compile(value)
        except re.error as exc:
            raise ValueError(f"not a valid regular expression: {exc}") from None
        return value

    @field_validator("validator")
    @classmethod
    def _loads(cls, value: str | None) -> str | None:
        from dataready.pii.classify import resolve_validator

        resolve_validator(value)  # raises ValueError naming the allowed validators
        return value

    def spec(self) -> DetectorSpec:
        return DetectorSpec(self.name, self.pattern, self.validator, self.ignore_case)


FieldKindName = Literal[
    "given_name",
    "middle_name",
    "surname",
    "name",
    "email",
    "phone",
    "date",
    "address",
    "city",
    "postcode",
    "identifier",
    "text",
]


class DuplicatesConfig(_Strict):
    """``duplicates:`` of a source: which columns describe an entity, and how alike is the same."""

    enabled: bool = True
    columns: list[str] | dict[str, FieldKindName | None] | None = None
    """Columns to compare (kinds inferred from names), or a mapping column → kind; default: inferred."""
    threshold: float | None = Field(default=None, gt=0, lt=1)
    """Minimum match probability of a pair (default 0.9)."""
    blocking: list[list[str]] = Field(default_factory=list)
    """Extra blocking keys, each a column or a list of columns."""
    window: int | None = Field(default=None, ge=1, le=100)

    @field_validator("blocking", mode="before")
    @classmethod
    def _keys_as_lists(cls, value: Any) -> Any:
        if isinstance(value, str):
            value = [value]
        return (
            [[v] if isinstance(v, str) else v for v in value] if isinstance(value, list) else value
        )

    def settings(self) -> DuplicateSettings:
        columns = self.columns or {}
        return DuplicateSettings(
            enabled=self.enabled,
            columns=dict(columns) if isinstance(columns, dict) else dict.fromkeys(columns),
            threshold=self.threshold,
            blocking=tuple(tuple(k) for k in self.blocking),
            window=self.window,
        )


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
    all_schemas: bool = False
    """A database URL stands for the tables of every schema, not only the default (or named) one."""
    one_table: bool = False
    """A folder or glob of files is one source (one table), not one source per file."""
    suite: str | None = None
    """A Great Expectations 1.x suite (JSON) for this entry; default ``expectations/<source name>.json``."""
    options: dict[str, Any] = Field(default_factory=dict)
    columns: dict[str, ColumnConfig] = Field(default_factory=dict)
    """Per-column declarations, e.g. ``{email: {sensitivity: personal}}``."""
    personal_columns: list[str] = Field(default_factory=list)
    """Shorthand for declaring columns ``sensitivity: personal``."""
    label: str | None = Field(default=None, min_length=1)
    """The column a model learns to predict: label checks run on it."""
    text_column: str | None = Field(default=None, min_length=1)
    """The column holding documents' text, for a table used for retrieval."""
    id_column: str | None = Field(default=None, min_length=1)
    title_column: str | None = Field(default=None, min_length=1)
    url_column: str | None = Field(default=None, min_length=1)
    chunk_tokens: int | None = Field(default=None, ge=16, le=1_000_000)
    """The chunk size (tokens) the retrieval pipeline uses; documents are measured against it."""
    languages: list[str] = Field(default_factory=list)
    """Languages documents should be written in, as ISO 639-1 codes (en, de, fr ...)."""
    max_age: str | None = None
    """How old one document may get before it is stale; defaults to the refresh cadence."""
    duplicates: DuplicatesConfig | None = None
    """Near-duplicate settings; ``duplicates: false`` turns the check off for this source."""
    match_with: list[str] = Field(default_factory=list)
    """Other sources (by name) holding the same entities, for the cross-source check."""
    region: str | None = None
    """Where the data lives: a region name such as ``eu-west-1`` (or ``eu``)."""
    readers: list[str] | None = None
    """The roles (PostgreSQL) or accounts (MariaDB: ``app`` or ``app@%``) meant to read the data;
    grants to others on a table holding personal data are reported."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    @model_validator(mode="before")
    @classmethod
    def _one_select(cls, data: Any) -> Any:
        # Checked here, once, so that no entry point (audit, suggest, validate, duplicates) can run
        # a query that writes: see connectors/statements.py.
        if isinstance(data, dict) and isinstance(data.get("query"), str):
            from dataready.connectors.statements import dialect_of, single_select

            try:
                query = single_select(data["query"], dialect_of(str(data.get("location", ""))))
            except ValueError as exc:
                raise ValueError(f"the query {exc}") from None
            data = {**data, "query": query}
        return data

    @field_validator("duplicates", mode="before")
    @classmethod
    def _duplicates_switch(cls, value: Any) -> Any:
        return {"enabled": value} if isinstance(value, bool) else value

    @field_validator("match_with", "readers", mode="before")
    @classmethod
    def _match_with_as_list(cls, value: Any) -> Any:
        return [value] if isinstance(value, str) else value

    def source_fields(self) -> dict[str, Any]:
        """Everything declared about the source, as :class:`~dataready.model.Source` fields.

        Every connector builds its sources from these, so a declaration means the same whatever
        the source is (a file, a table, a folder of documents, a DataFrame).
        """
        return {
            "purpose": self.purpose,
            "description": self.description,
            "system_of_record": self.system_of_record,
            "key": tuple(self.key),
            "timestamp": self.timestamp,
            "owner": self.owner,
            "steward": self.steward,
            "contact": self.contact,
            "refresh": self.refresh,
            "sensitivity": self.sensitivity,
            "options": dict(self.options),
            "readers": None if self.readers is None else tuple(self.readers),
            "region": self.region,
            **self.ai_fields(),
            **self.dedupe_fields(),
        }

    def dedupe_fields(self) -> dict[str, Any]:
        """The duplicate and cross-source settings, as :class:`~dataready.model.Source` fields."""
        return {
            "duplicates": self.duplicates.settings() if self.duplicates else None,
            "match_with": tuple(self.match_with),
            "entry": self.name,
        }

    @field_validator("key", "languages", mode="before")
    @classmethod
    def _key_as_list(cls, value: Any) -> Any:
        return [value] if isinstance(value, str) else value

    @field_validator("region")
    @classmethod
    def _region_name(cls, value: str | None) -> str | None:
        return None if value is None else _region(value)

    @field_validator("refresh", "max_age")
    @classmethod
    def _known_cadence(cls, value: str | None) -> str | None:
        if value is not None:
            from dataready.vocabulary.cadence import parse_cadence

            parse_cadence(value)  # raises ValueError with the allowed forms
        return value

    @field_validator("languages")
    @classmethod
    def _language_codes(cls, value: list[str]) -> list[str]:
        codes = [v.strip().lower() for v in value]
        bad = [v for v in codes if not re.fullmatch(r"[a-z]{2,3}", v)]
        if bad:
            raise ValueError(
                f"expected ISO 639-1 language codes such as en, de, fr; got {bad[0]!r}"
            )
        return codes

    @field_validator("personal_columns", mode="before")
    @classmethod
    def _columns_as_list(cls, value: Any) -> Any:
        return [value] if isinstance(value, str) else value

    @model_validator(mode="after")
    def _one_sensitivity_per_column(self) -> SourceConfig:
        for column in self.personal_columns:
            declared = self.columns.get(column)
            if declared is not None and declared.sensitivity not in (None, "personal", "special"):
                raise ValueError(
                    f"personal_columns lists {column!r} but columns.{column}.sensitivity is {declared.sensitivity!r}; keep one"
                )
        return self

    def column_sensitivity(self) -> dict[str, str]:
        """Sensitivity declared per column, from ``personal_columns`` and ``columns``."""
        declared = {column: "personal" for column in self.personal_columns}
        declared.update({name: c.sensitivity for name, c in self.columns.items() if c.sensitivity})
        return declared

    def ai_fields(self) -> dict[str, Any]:
        """The label and grounding settings, as :class:`~dataready.model.Source` fields."""
        return {
            "label": self.label,
            "text_column": self.text_column,
            "id_column": self.id_column,
            "title_column": self.title_column,
            "url_column": self.url_column,
            "chunk_tokens": self.chunk_tokens,
            "languages": tuple(self.languages),
            "max_age": self.max_age,
        }


class Thresholds(_Strict):
    ready: float = Field(default=80, ge=0, le=100)
    """A source scoring at least this, with no error or blocker finding, is ready."""
    not_ready_below: float = Field(default=60, ge=0, le=100)
    """A source scoring below this is not ready."""
    dimension_pass: float = Field(default=80, ge=0, le=100)
    """The quality checklist item passes when every quality dimension scores at least this."""

    @model_validator(mode="after")
    def _ordered(self) -> Thresholds:
        if self.ready < self.not_ready_below:
            raise ValueError(
                f"ready ({self.ready:g}) is below not_ready_below ({self.not_ready_below:g}); "
                "a source at or above ready must not also be not ready: raise ready or lower not_ready_below"
            )
        return self


class Defaults(_Strict):
    sample_size: int = Field(default=100_000, ge=1)
    seed: int = 42
    connect_timeout: float = Field(default=10, gt=0, le=3600)
    """Seconds a database server has to accept a connection and answer (each source may override
    it in ``options``)."""
    statement_timeout: float = Field(default=600, gt=0, le=7 * 24 * 3600)
    """Seconds one statement may run on a database server (each source may override it in ``options``)."""


class HistoryConfig(_Strict):
    """``history:`` where recorded audits are kept: a path (a SQLite file) or a SQLAlchemy URL."""

    url: str | None = None
    path: str | None = None
    db_schema: str | None = Field(default=None, alias="schema")
    """The schema holding the history tables on a server (PostgreSQL); created when missing."""

    @model_validator(mode="after")
    def _one_location(self) -> HistoryConfig:
        if self.url is not None and self.path is not None:
            raise ValueError("give url or path, not both")
        return self

    @property
    def location(self) -> str | None:
        return self.url or self.path


def _default_weights() -> dict[Dimension, float]:
    return {d: 1.0 for d in Dimension}


class Project(_Strict):
    version: int = 1
    use_case: UseCase = Field(default_factory=UseCase)
    sources: list[SourceConfig] = Field(default_factory=list)
    thresholds: Thresholds = Field(default_factory=Thresholds)
    weights: dict[Dimension, float] = Field(default_factory=_default_weights)
    defaults: Defaults = Field(default_factory=Defaults)
    detectors: list[DetectorConfig] = Field(default_factory=list)
    """Custom personal-data detectors, run with the built-in ones on every source."""
    history: HistoryConfig | None = None
    """Where ``dataready audit --record`` keeps runs (default ``.dataready/history.sqlite``)."""
    root: Path = Field(default_factory=Path.cwd, exclude=True)
    """The folder relative paths in the project resolve against."""

    @field_validator("history", mode="before")
    @classmethod
    def _history_as_path(cls, value: Any) -> Any:
        if isinstance(value, str):
            return {"url": value} if "://" in value else {"path": value}
        return value

    @field_validator("weights", mode="after")
    @classmethod
    def _complete_weights(cls, value: dict[Dimension, float]) -> dict[Dimension, float]:
        if any(w < 0 for w in value.values()):
            raise ValueError("weights must be zero or positive")
        complete = {**_default_weights(), **value}
        if not any(complete.values()):
            raise ValueError(
                "every weight is 0, so no score could be computed; give at least one dimension a weight above 0"
            )
        return complete

    @field_validator("detectors", mode="after")
    @classmethod
    def _unique_detectors(cls, value: list[DetectorConfig]) -> list[DetectorConfig]:
        names = [d.name for d in value]
        repeated = sorted({n for n in names if names.count(n) > 1})
        if repeated:
            raise ValueError(
                f"the detector name {repeated[0]!r} is used twice; give each detector its own name"
            )
        return value

    @property
    def detector_specs(self) -> tuple[DetectorSpec, ...]:
        return tuple(d.spec() for d in self.detectors)

    @property
    def sample(self) -> SampleSpec:
        return SampleSpec(size=self.defaults.sample_size, seed=self.defaults.seed)


_URL_START = re.compile(r"^\s*[A-Za-z][A-Za-z0-9+.-]*://")


def _url_parts_to_encode(template: str) -> list[tuple[int, int]]:
    """Where in a URL template substituted values must be percent-encoded: userinfo and query.

    A password such as ``p@ss#1`` pasted raw would move the host (``@``) or cut the URL (``#``);
    encoded, it reaches the driver intact. The host, port and path are left as written, so a
    variable may still hold a host name or a whole URL.
    """
    start = _URL_START.match(template)
    if not start:
        return []
    # Skip over ${...} so that characters of a default value do not end the authority.
    masked = _ENV_VAR.sub(lambda m: "x" * len(m.group(0)), template)
    authority_start = start.end()
    authority_end = len(masked)
    for i in range(authority_start, len(masked)):
        if masked[i] in "/?#":
            authority_end = i
            break
    spans = []
    at = masked.rfind("@", authority_start, authority_end)
    if at != -1:
        spans.append((authority_start, at))
    query = masked.find("?", authority_start)
    if query != -1:
        fragment = masked.find("#", query)
        spans.append((query, fragment if fragment != -1 else len(masked)))
    return spans


def expand_env(text: str, *, where: str) -> str:
    """Replace ``${VAR}`` (or ``${VAR:-default}``) with the environment's value.

    Inside a URL's user, password or query string the value is percent-encoded, so a secret
    with ``@ # / : ?`` in it stays one value.
    """
    from urllib.parse import quote

    encoded = _url_parts_to_encode(text)

    def replace(match: re.Match[str]) -> str:
        name, default = match.group(1), match.group(2)
        value = os.environ.get(name, default)
        if value is None:
            raise ConfigError(
                f"{where}: environment variable {name} is not set; export it or write ${{{name}:-default}}"
            )
        if any(a <= match.start() < b for a, b in encoded):
            return quote(value, safe="")
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
        raise ConfigError(
            f"{file}: expected a mapping with 'use_case' and 'sources', got {type(raw).__name__}"
        )
    raw = _expand_tree(raw, where=str(file))
    return project_from_dict(raw, root=file.parent.resolve(), where=str(file))


def project_from_dict(
    raw: dict[str, Any], *, root: Path | None = None, where: str = PROJECT_FILE
) -> Project:
    try:
        project = Project.model_validate({**raw, "root": root or Path.cwd()})
    except ValidationError as exc:
        raise ConfigError(_describe_validation_error(exc, raw, where)) from None
    project = _with_timeouts(project, where)
    names = [s.name for s in project.sources]
    repeated = sorted({n for n in names if names.count(n) > 1})
    if repeated:
        raise ConfigError(
            f"{where}: sources: the name {repeated[0]!r} is used twice; give each source its own name"
        )
    for s in project.sources:
        unknown = [m for m in s.match_with if m not in names or m == s.name]
        if unknown:
            raise ConfigError(
                f"{where}: sources[{s.name}].match_with: {unknown[0]!r} is not another source of this project; "
                f"use one of: {', '.join(n for n in names if n != s.name) or '(none)'}"
            )
    return project


TIMEOUT_OPTIONS = ("connect_timeout", "statement_timeout")
"""The source ``options`` that set a database source's timeouts (seconds)."""


def _with_timeouts(project: Project, where: str) -> Project:
    """Every database source with its connect and statement timeouts: its own, else the defaults."""
    defaults = {
        "connect_timeout": project.defaults.connect_timeout,
        "statement_timeout": project.defaults.statement_timeout,
    }
    sources = []
    for source in project.sources:
        for option in TIMEOUT_OPTIONS:
            value = source.options.get(option)
            if value is not None and (
                isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0
            ):
                raise ConfigError(
                    f"{where}: sources[{source.name}].options.{option}: expected a number of seconds above 0 (got {value!r})"
                )
        if "://" in source.location:
            source = source.model_copy(update={"options": {**defaults, **source.options}})
        sources.append(source)
    return project.model_copy(update={"sources": sources})


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
        if i > 0 and loc[i - 1] in ("sources", "detectors") and isinstance(part, int):
            try:
                parts[-1] += f"[{raw[str(loc[i - 1])][part].get('name', part)}]"
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
