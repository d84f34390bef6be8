"""``dataready contract``: a project as an Open Data Contract Standard (ODCS v3.1) contract, and back.

Export measures each source (column names and types come from the data, as in an audit), takes
what people declared from ``dataready.yml`` (owner, steward, contact, refresh, purpose,
sensitivity, key) and translates each source's expectation suite into quality rules
(:mod:`dataready.suites.contract`). The document is validated against the ODCS model before it
is written.

Import writes ``dataready.yml`` and ``expectations/<source>.json`` from a contract. What each
source declared is read from its schema object's custom properties (as export writes them), else
from the contract's team, support channels and SLA. Where the data lives comes from the server
named like the source (or the only server); a contract without one gets a ``${NAME_LOCATION}``
placeholder, so the project reads once that variable is exported or the line is edited.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dataready.atomic import write_text
from dataready.errors import ConfigError, SourceError
from dataready.model import ColumnKind

if TYPE_CHECKING:
    from dataready.config import SourceConfig
    from dataready.model import Measurement, Source

API_VERSION = "v3.1.0"
"""The ODCS version written: the first with the ``team`` object and ``metric`` quality rules."""

DECLARED = ("owner", "steward", "contact", "refresh", "purpose", "sensitivity", "timestamp")
"""What a source declares, carried per schema object as custom properties."""

_LOGICAL = {
    ColumnKind.STRING: "string",
    ColumnKind.NUMBER: "number",
    ColumnKind.DATETIME: "timestamp",
    ColumnKind.DATE: "date",
    ColumnKind.BOOLEAN: "boolean",
}
_INTEGER = re.compile(r"int|serial|long|short|byte", re.IGNORECASE)
_SENSITIVITIES = ("public", "internal", "confidential", "personal", "special")


def _odcs() -> Any:
    try:
        from open_data_contract_standard.model import OpenDataContractStandard
    except ImportError:
        from dataready._version import install_hint

        raise ConfigError(
            f"data contracts need open-data-contract-standard: {install_hint('contracts')}"
        ) from None
    return OpenDataContractStandard


def validated(document: Mapping[str, Any], *, where: str) -> Any:
    """The contract as the ODCS model, or one line saying what is wrong with it."""
    from pydantic import ValidationError

    model = _odcs()
    try:
        return model.model_validate(dict(document))
    except ValidationError as exc:
        first = exc.errors()[0]
        path = ".".join(str(p) for p in first["loc"]) or "the contract"
        raise ConfigError(
            f"{where}: not an ODCS contract: {path}: {first['msg']} ({exc.error_count()} problem(s))"
        ) from None


# --- export ----------------------------------------------------------------------------------------


def export_contract(
    target: str | Path | None = None,
    *,
    sources: Sequence[str] = (),
    sample_size: int | None = None,
    progress: Callable[[str, str], None] | None = None,
) -> dict[str, Any]:
    """The ODCS contract of the project's sources (every source when none is named), validated."""
    from dataready.pipeline.suggest import _measured_for_suggest
    from dataready.pipeline.targets import resolve, source_or_target
    from dataready.suites.files import config_of, load_suite, suite_path

    _odcs()
    target, sources = source_or_target(sources, target)
    targets = resolve(target, names=sources, sample_size=sample_size, on_unreadable="keep")
    for error in targets.unreadable.values():
        raise SourceError(error)
    project = targets.project
    note = progress or (lambda _s, _stage: None)
    objects, servers, sla = [], [], []
    owners: dict[str, str] = {}
    contacts: list[str] = []
    for source, connector in targets.readable:
        note(source.name, "measuring")

        def stage(text: str, name: str = source.name) -> None:
            note(name, text)

        m = _measured_for_suggest(source, connector, targets.spec, stage)
        path = suite_path(project, source.name)
        expectations = load_suite(path, build_in_gx=False).expectations if path else ()
        config = config_of(project, source.name)
        objects.append(_schema_object(source, m, expectations))
        servers.append(_server(source, config, project.root))
        for role in ("owner", "steward"):
            who = getattr(source, role)
            if who:
                owners.setdefault(who, role)
        if source.contact and source.contact not in contacts:
            contacts.append(source.contact)
        if source.refresh:
            sla.append({"property": "frequency", "value": source.refresh, "element": source.name})
    name = project.use_case.name
    document: dict[str, Any] = {
        "apiVersion": API_VERSION,
        "kind": "DataContract",
        "id": re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or "data-contract",
        "name": name,
        "version": "1.0.0",
        "status": "draft",
    }
    if project.use_case.purpose:
        document["description"] = {"purpose": project.use_case.purpose}
    document["servers"] = servers
    document["schema"] = objects
    if owners:
        sole = [who for who, role in owners.items() if role == "owner"]
        document["team"] = {
            "name": sole[0] if len(sole) == 1 else name,
            "members": [{"username": who, "role": role} for who, role in owners.items()],
        }
    if contacts:
        document["support"] = [_support(c) for c in contacts]
    if sla:
        document["slaProperties"] = sla
    validated(document, where="contract export")
    return document


def _schema_object(
    source: Source, m: Measurement, expectations: Sequence[Mapping[str, Any]]
) -> dict[str, Any]:
    from dataready.suites.contract import quality_rules

    table_rules, column_rules, options = quality_rules(expectations)
    properties = []
    for c in m.columns:
        prop: dict[str, Any] = {"name": c.name}
        logical = _LOGICAL.get(c.kind)
        if logical == "number" and _INTEGER.search(c.db_type or ""):
            logical = "integer"
        if logical:
            prop["logicalType"] = logical
        if c.db_type:
            prop["physicalType"] = c.db_type
        if c.comment:
            prop["description"] = c.comment
        if c.name in source.key:
            prop["primaryKey"] = True
            prop["primaryKeyPosition"] = source.key.index(c.name) + 1
        sensitivity = source.column_sensitivity.get(c.name)
        if sensitivity:
            prop["classification"] = sensitivity
        if c.name in options and logical in ("number", "integer"):
            prop["logicalTypeOptions"] = options.pop(c.name)
        if c.name in column_rules:
            prop["quality"] = column_rules.pop(c.name)
        properties.append(prop)
    # Rules on columns the data does not have are kept on the object, whole, as expectations.
    from dataready.suites.contract import _custom, expectations_from

    missing = [
        {"name": column, "quality": column_rules.get(column, []), "logicalTypeOptions": bounds}
        for column, bounds in [
            *options.items(),
            *((c, {}) for c in column_rules if c not in options),
        ]
    ]
    table_rules += [_custom(e) for e in expectations_from((), missing)[0]]
    obj: dict[str, Any] = {
        "name": source.name,
        "logicalType": "object",
        "physicalType": "table" if source.table or source.query else "file",
    }
    if source.table:
        obj["physicalName"] = f"{source.schema}.{source.table}" if source.schema else source.table
    if source.description:
        obj["description"] = source.description
    obj["properties"] = properties
    if table_rules:
        obj["quality"] = table_rules
    declared = [
        {"property": field, "value": getattr(source, field)}
        for field in DECLARED
        if getattr(source, field) is not None
    ]
    if source.system_of_record is not None:
        declared.append({"property": "systemOfRecord", "value": source.system_of_record})
    if declared:
        obj["customProperties"] = declared
    return obj


def _server(source: Source, config: SourceConfig | None, root: Path) -> dict[str, Any]:
    """Where the source lives: its dataready.yml location as written (never a password)."""
    location = config.location if config is not None else source.location
    server: dict[str, Any] = {"server": source.name}
    if "://" in location:
        backend = location.split("://", 1)[0].split("+", 1)[0]
        kind = {"postgresql": "postgres", "mssql": "sqlserver"}.get(backend, backend)
        known = {"postgres", "mysql", "duckdb", "snowflake", "bigquery", "trino", "sqlserver"}
        server["type"] = kind if kind in known else "custom"
        server["customProperties"] = [{"property": "location", "value": location}]
        if kind in known and source.schema:
            server["schema"] = source.schema
        return {
            **server,
            **_server_required(server["type"], location, source),
        }
    suffix = Path(source.location).suffix.lstrip(".").lower() or "folder"
    return {**server, "type": "local", "path": location, "format": suffix}


def _server_required(kind: str, location: str, source: Source) -> dict[str, Any]:
    """The fields the ODCS schema requires of a server type, read from the URL where it has them."""
    if kind in ("postgres", "mysql", "sqlserver", "trino"):
        from urllib.parse import urlsplit

        parts = urlsplit(location)
        defaults = {"postgres": 5432, "mysql": 3306, "sqlserver": 1433, "trino": 8080}
        found: dict[str, Any] = {"host": parts.hostname or "localhost"}
        found["port"] = parts.port or defaults[kind]
        found["database"] = parts.path.lstrip("/") or source.name
        if kind in ("postgres", "sqlserver"):
            found["schema"] = source.schema or ("public" if kind == "postgres" else "dbo")
        if kind == "trino":
            found.pop("database")
            found["catalog"] = parts.path.lstrip("/") or source.name
            found["schema"] = source.schema or "default"
        return found
    if kind == "duckdb":
        return {"database": location.split("://", 1)[1].lstrip("/") or ":memory:"}
    return {}


def _support(contact: str) -> dict[str, Any]:
    item: dict[str, Any] = {"channel": contact}
    if "@" in contact and " " not in contact and "://" not in contact:
        item.update(url=f"mailto:{contact}", tool="email")
    elif "://" in contact:
        item["url"] = contact
    return item


def contract_yaml(document: Mapping[str, Any]) -> str:
    import yaml

    return yaml.safe_dump(dict(document), sort_keys=False, allow_unicode=True, width=100)


def write_contract(document: Mapping[str, Any], output: Path, *, force: bool) -> None:
    refuse_existing(output, force=force)
    write_text(output, contract_yaml(document))


def refuse_existing(path: Path, *, force: bool) -> None:
    if path.is_dir():
        raise ConfigError(f"{path}: is a folder; give the file to write with -o FILE")
    if path.exists() and not force:
        raise ConfigError(
            f"{path}: already exists; keep it, choose another file with -o, or add --force to replace it"
        )


# --- import ----------------------------------------------------------------------------------------


def read_contract(path: Path) -> dict[str, Any]:
    """The contract file, parsed and validated against the ODCS model."""
    import yaml

    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such contract file") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read the contract: {exc}") from None
    try:
        document = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        at = f":{mark.line + 1}:{mark.column + 1}" if mark else ""
        raise ConfigError(f"{path}{at}: not valid YAML") from None
    if not isinstance(document, dict):
        raise ConfigError(f"{path}: not an ODCS contract: expected a mapping at the top")
    if document.get("kind", "DataContract") != "DataContract":
        raise ConfigError(f"{path}: not an ODCS contract: kind is {document.get('kind')!r}")
    validated(document, where=str(path))
    if not document.get("schema"):
        raise ConfigError(f"{path}: the contract describes no schema object: nothing to import")
    return document


def import_contract(
    contract: Path, output: Path, *, force: bool = False
) -> tuple[list[tuple[str, Path, int]], list[str]]:
    """Write ``output`` (dataready.yml) and a suite per schema object with quality rules.

    Returns (source, suite file, expectations) per suite written, and notes on what was left out.
    """
    from dataready.suites.contract import expectations_from
    from dataready.suites.files import SUITES_FOLDER

    document = read_contract(contract)
    refuse_existing(output, force=force)
    root = output.resolve().parent
    suites: list[tuple[str, Path, list[dict[str, Any]]]] = []
    notes: list[str] = []
    lines = _header(document, contract)
    for obj in document["schema"]:
        name = obj.get("name")
        if not isinstance(name, str) or not name:
            raise ConfigError(f"{contract}: every schema object needs a name")
        properties = [p for p in obj.get("properties") or () if isinstance(p, dict)]
        expectations, skipped = expectations_from(obj.get("quality") or (), properties)
        notes += [f"{name}: rule not translated: {s}" for s in skipped]
        lines += _source_lines(document, obj, properties, notes)
        if expectations:
            suites.append((name, root / SUITES_FOLDER / f"{name}.json", expectations))
    existing = [str(p) for _n, p, _e in suites if p.exists()]
    if existing and not force:
        raise ConfigError(
            f"{', '.join(existing[:3])}: already exists; keep it, or add --force to replace it"
        )
    write_text(output, "\n".join(lines).rstrip("\n") + "\n")
    written = []
    for name, path, expectations in suites:
        suite = {
            "name": name,
            "expectations": expectations,
            "meta": {"imported_from": contract.name},
        }
        write_text(path, json.dumps(suite, indent=2, ensure_ascii=False) + "\n")
        written.append((name, path, len(expectations)))
    return written, notes


def _header(document: Mapping[str, Any], contract: Path) -> list[str]:
    from dataready.pipeline.init import _scalar

    purpose = (document.get("description") or {}).get("purpose")
    lines = [
        f"# dataready project imported by 'dataready contract import' from {contract.name}",
        f"# (ODCS {document.get('apiVersion', '?')} contract {document.get('id', '?')}, version "
        f"{document.get('version', '?')}). Check it, then run: dataready audit",
        "version: 1",
        "use_case:",
        f"  name: {_scalar(document.get('name') or document.get('id') or 'data contract')}",
    ]
    if purpose:
        lines.append(f"  purpose: {_scalar(purpose)}")
    return [*lines, "", "sources:"]


def _custom_properties(obj: Mapping[str, Any]) -> dict[str, Any]:
    return {
        p["property"]: p.get("value")
        for p in obj.get("customProperties") or ()
        if isinstance(p, dict) and isinstance(p.get("property"), str)
    }


def _declared(document: Mapping[str, Any], obj: Mapping[str, Any]) -> dict[str, Any]:
    """What the source declares: its own custom properties, else the contract's team, support, SLA."""
    own = _custom_properties(obj)
    found = {field: own[field] for field in DECLARED if own.get(field) is not None}
    team = document.get("team")
    members = team.get("members") if isinstance(team, dict) else team
    for role in ("owner", "steward"):
        people = [
            m.get("username") or m.get("name")
            for m in members or ()
            if isinstance(m, dict) and str(m.get("role", "")).lower().replace("data ", "") == role
        ]
        if role not in found and len(people) == 1 and people[0]:
            found[role] = people[0]
    if "owner" not in found and isinstance(team, dict) and team.get("name"):
        found["owner"] = team["name"]
    channels = [s for s in document.get("support") or () if isinstance(s, dict)]
    if "contact" not in found and len(channels) == 1:
        url = str(channels[0].get("url") or "")
        found["contact"] = url.removeprefix("mailto:") or channels[0].get("channel")
    frequencies = [
        p
        for p in document.get("slaProperties") or ()
        if isinstance(p, dict) and p.get("property") == "frequency" and p.get("value") is not None
    ]
    mine = [p for p in frequencies if p.get("element") in (obj.get("name"), None)]
    if "refresh" not in found and mine:
        p = mine[0]
        found["refresh"] = f"{p['value']} {p['unit']}" if p.get("unit") else str(p["value"])
    if "systemOfRecord" in own:
        found["system_of_record"] = bool(own["systemOfRecord"])
    return found


def _location(document: Mapping[str, Any], name: str) -> str | None:
    servers = [s for s in document.get("servers") or () if isinstance(s, dict)]
    named = [s for s in servers if s.get("server") == name]
    server = named[0] if named else servers[0] if len(servers) == 1 else None
    if server is None:
        return None
    own = _custom_properties(server)
    if isinstance(own.get("location"), str):
        return str(own["location"])
    if server.get("path"):
        return str(server["path"])
    if server.get("location"):
        return str(server["location"])
    return None


def _source_lines(
    document: Mapping[str, Any],
    obj: Mapping[str, Any],
    properties: Sequence[Mapping[str, Any]],
    notes: list[str],
) -> list[str]:
    from dataready.pipeline.init import _flow, _scalar

    name = obj["name"]
    declared = _declared(document, obj)
    location = _location(document, name)
    lines = [f"  - name: {_scalar(name)}"]
    if location is None:
        variable = re.sub(r"[^A-Za-z0-9]+", "_", name).strip("_").upper() + "_LOCATION"
        lines.append(
            f'    location: "${{{variable}}}"   # the contract names no server for it: '
            "export the variable or write the file path or database URL here"
        )
        notes.append(f"{name}: no server in the contract; set its location (${{{variable}}})")
    else:
        lines.append(f"    location: {_scalar(location)}")
    physical = obj.get("physicalName")
    if obj.get("physicalType") == "table" and isinstance(physical, str):
        schema, _dot, table = physical.rpartition(".")
        if schema:
            lines.append(f"    schema: {_scalar(schema)}")
        lines.append(f"    table: {_scalar(table)}")
    if obj.get("description"):
        lines.append(f"    description: {_scalar(obj['description'])}")
    for field in ("purpose", "owner", "steward", "contact", "refresh", "sensitivity", "timestamp"):
        value = declared.get(field)
        if value is None:
            continue
        if field == "sensitivity" and value not in _SENSITIVITIES:
            notes.append(f"{name}: sensitivity {value!r} is not one of dataready's; left out")
            continue
        lines.append(f"    {field}: {_scalar(value)}")
    if "system_of_record" in declared:
        lines.append(f"    system_of_record: {'true' if declared['system_of_record'] else 'false'}")
    keyed = sorted(
        (p for p in properties if p.get("primaryKey")),
        key=lambda p: p.get("primaryKeyPosition") or 0,
    )
    if keyed:
        lines.append(f"    key: {_flow(tuple(str(p['name']) for p in keyed))}")
    columns = []
    for p in properties:
        classification = p.get("classification")
        if classification is None:
            continue
        if classification in _SENSITIVITIES:
            columns.append(f"      {_scalar(p['name'])}: {{sensitivity: {classification}}}")
        else:
            notes.append(
                f"{name}.{p['name']}: classification {classification!r} is not one of dataready's "
                f"sensitivities ({', '.join(_SENSITIVITIES)}); left out"
            )
    if columns:
        lines += ["    columns:", *columns]
    return [*lines, ""]
