"""Near-duplicate records, cross-source overlap and category variants: found, not invented."""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

import dataready
from dataready.cli import cli
from dataready.dedupe.categories import mapping_table, variant_groups
from dataready.dedupe.cluster import connected_components
from dataready.dedupe.engine import Settings, find_duplicates
from dataready.dedupe.fields import FieldKind, infer_fields
from dataready.dedupe.normalise import normalise_values
from tests.conftest import FULLY_DECLARED, assert_finding, assert_no_finding, findings

GIVEN = [
    "Olivia",
    "Liam",
    "Amelia",
    "Noah",
    "Isla",
    "Oliver",
    "Ava",
    "George",
    "Mia",
    "Arthur",
    "Freya",
    "Leo",
    "Grace",
    "Oscar",
    "Lily",
    "Harry",
    "Ella",
    "Jack",
    "Rosie",
    "Henry",
    "Evie",
    "Theo",
    "Ruby",
    "Alfie",
]
SURNAMES = [
    root + end
    for root in (
        "Okafor",
        "Lind",
        "Marchetti",
        "Kowal",
        "Haddad",
        "Fitz",
        "Naka",
        "Oyelaran",
        "Van Dijk",
        "Castell",
        "Berg",
        "Achter",
        "Moreau",
        "Delacroix",
        "Szabo",
        "Petrakis",
    )
    for end in ("", "son", "ley", "wood", "field", "ton", "ford", "stein")
]
STREETS = [
    "Mill Lane",
    "Station Road",
    "Church Street",
    "Park Avenue",
    "Victoria Road",
    "Green Lane",
    "Manor Way",
]


def people(n: int, seed: int = 3) -> pd.DataFrame:
    """Distinct people: every name, birth date, e-mail, phone and address differs between any two."""
    rng = np.random.default_rng(seed)
    combos = list(itertools.product(GIVEN, SURNAMES))
    picked = [combos[k] for k in rng.permutation(len(combos))[:n]]
    days = rng.permutation(365 * 50)[:n]
    rows = []
    for k, (g, s) in enumerate(picked):
        dob = (pd.Timestamp("1950-01-01") + pd.Timedelta(days=int(days[k]))).strftime("%Y-%m-%d")
        rows.append(
            {
                "customer_id": 1000 + k,
                "first_name": g,
                "last_name": s,
                "birth_date": dob,
                "email": f"{g}.{s.replace(' ', '')}{k}@example.com".lower(),
                "phone": f"07{700 + k:03d} {100000 + 7919 * k % 900000:06d}",
                "address": f"{k + 1} {STREETS[k % len(STREETS)]}",
                "city": ["Leeds", "York", "Bath"][k % 3],
            }
        )
    return pd.DataFrame(rows)


def with_duplicates() -> tuple[pd.DataFrame, list[set[int]]]:
    """Forty people, six of them entered again with typos, other formats and missing fields."""
    base = people(40)
    dups = []

    def again(k: int, new_id: int, **changes: object) -> None:
        row = base.iloc[k].to_dict()
        row.update(changes)
        row["customer_id"] = new_id
        dups.append(row)

    first = base.iloc[0]
    again(
        0,
        5000,
        first_name=first["first_name"][:2] + first["first_name"][3:],
        phone=first["phone"].replace(" ", ""),
    )
    again(
        1,
        5001,
        first_name=base.iloc[1]["last_name"],
        last_name=base.iloc[1]["first_name"],
        email=None,
    )  # swapped
    again(
        2,
        5002,
        birth_date=pd.Timestamp(base.iloc[2]["birth_date"]).strftime("%d/%m/%Y"),
        address=None,
        last_name=base.iloc[2]["last_name"].upper(),
    )
    again(
        3,
        5003,
        first_name=base.iloc[3]["first_name"][0] + ".",
        address=base.iloc[3]["address"].replace("Road", "Rd"),
    )
    again(
        4,
        5004,
        email=base.iloc[4]["email"].replace("@", "_@"),
        phone="+44 " + base.iloc[4]["phone"][1:],
    )
    again(
        4, 5005, last_name=base.iloc[4]["last_name"] + "e", phone=None
    )  # a third record of person 4
    frame = pd.concat([base, pd.DataFrame(dups)], ignore_index=True)
    expected = [{1000, 5000}, {1001, 5001}, {1002, 5002}, {1003, 5003}, {1004, 5004, 5005}]
    return frame, expected


def clusters_by_id(frame: pd.DataFrame, settings: Settings | None = None) -> list[set[int]]:
    result = find_duplicates(frame, settings)
    ids = frame["customer_id"].to_numpy()
    return sorted(
        ({int(ids[r]) for r in rows} for rows in result.cluster_members().values()), key=min
    )


# --- normalisation and clustering ------------------------------------------------------------------


def test_values_are_normalised_per_kind() -> None:
    assert list(
        normalise_values(
            pd.Series(["+44 7700 900123", "07700-900-123", "(0)7700 900 123", "123"]),
            FieldKind.PHONE,
        )
    ) == ["700900123", "700900123", "700900123", ""]
    assert list(
        normalise_values(
            pd.Series(["1985-03-12", "12/03/1985", "12 Mar 1985", "19850312", "soon", None]),
            FieldKind.DATE,
        )
    ) == ["1985-03-12", "1985-03-12", "1985-03-12", "1985-03-12", "", ""]
    assert list(
        normalise_values(pd.Series(["  Zoë O'Brien ", "Dr. JOHN  smith"]), FieldKind.NAME)
    ) == ["zoe obrien", "john smith"]
    assert list(normalise_values(pd.Series(["12 High Street, Flat 2"]), FieldKind.ADDRESS)) == [
        "12 high st apt 2"
    ]
    assert list(
        normalise_values(pd.Series([" Ann@Example.COM ", "not an e-mail"]), FieldKind.EMAIL)
    ) == ["ann@example.com", ""]


def test_comparison_columns_are_inferred_from_names_and_values() -> None:
    frame = people(30).rename(columns={"email": "contact"})
    frame["status"] = "active"
    kinds = {f.column: f.kind for f in infer_fields(frame)}
    assert kinds == {
        "first_name": FieldKind.GIVEN_NAME,
        "last_name": FieldKind.SURNAME,
        "birth_date": FieldKind.DATE,
        "contact": FieldKind.EMAIL,
        "phone": FieldKind.PHONE,
        "address": FieldKind.ADDRESS,
        "city": FieldKind.CITY,
    }


def test_connected_components_follow_chains() -> None:
    label = connected_components(7, np.array([0, 1, 4]), np.array([1, 2, 5]))
    assert label.tolist() == [0, 0, 0, 3, 4, 4, 6]


# --- near-duplicates within a source ---------------------------------------------------------------


def test_known_duplicates_form_the_expected_clusters() -> None:
    frame, expected = with_duplicates()
    assert clusters_by_id(frame) == expected


def test_a_table_without_duplicates_has_no_pairs() -> None:
    result = find_duplicates(people(300))
    assert result.clusters == 0 and len(result.pairs) == 0


def test_sharing_a_common_surname_or_a_household_is_not_being_the_same_person() -> None:
    frame = people(200)
    frame["last_name"] = "Smith"  # two hundred unrelated Smiths
    # Households: three people each share surname, address and landline, with their own names and birthdays.
    for h in range(10):
        rows = frame.index[h * 3 : (h + 1) * 3]
        frame.loc[rows, ["address", "phone", "city"]] = [
            f"{h + 1} Oak Close",
            f"01632 96{h:04d}",
            "Leeds",
        ]
    frame.loc[1, "birth_date"] = frame.loc[0, "birth_date"]  # twins, even
    assert clusters_by_id(frame) == []


def test_same_named_places_in_different_states_are_different_places() -> None:
    towns = [
        f"{w}{e}"
        for w in ("Ash", "Oak", "Elm", "Fair", "Green", "Mill", "Stone", "Brook")
        for e in ("ton", "field", "ford", "wood")
    ]
    states = ["TN", "IN", "OR", "ME", "TX", "OH"]
    rows = [
        {"name": f"{t} Municipal", "city": t, "state": states[k % 6]} for k, t in enumerate(towns)
    ]
    rows += [
        {"name": f"{t} Municipal", "city": t, "state": states[(k + 1) % 6]}
        for k, t in enumerate(towns[:8])
    ]
    rows += [
        {"name": "Ashtn Municipal", "city": "Ashton", "state": "TN"}
    ]  # a typo: the same airport
    frame = pd.DataFrame(rows)
    result = find_duplicates(frame)
    assert [sorted(rows) for rows in result.cluster_members().values()] == [[0, 40]]


def test_a_stricter_threshold_keeps_fewer_pairs() -> None:
    frame, _expected = with_duplicates()
    loose = find_duplicates(frame, Settings(threshold=0.5))
    strict = find_duplicates(frame, Settings(threshold=0.999999))
    assert len(strict.pairs) <= len(loose.pairs)
    assert (strict.pairs.probability >= 0.999999).all()


def test_the_audit_reports_clusters_with_masked_examples() -> None:
    frame, _expected = with_duplicates()
    card = dataready.audit(frame)
    f = assert_finding(card, "uniqueness", check="near_duplicates", severity="error", affected=6)
    assert f.basis.value == "exact"
    assert "11 records form 5 clusters" in f.message
    assert set(f.columns) >= {"first_name", "last_name", "email", "phone"}
    assert f.examples and not any("@example.com" in e for e in f.examples)
    shown = dataready.audit(frame, show_values=True)
    raw = assert_finding(shown, "uniqueness", check="near_duplicates")
    assert any("Rd" in e or "@" in e or "/" in e or e.count("'") == 4 for e in raw.examples)


def test_a_sample_estimates_the_duplicate_rate_of_the_whole_table() -> None:
    from dataready.checks.duplicates import estimate_redundant

    frame, _expected = with_duplicates()
    result = find_duplicates(frame)
    redundant, pairs = estimate_redundant(
        result, sample_size=len(frame), rows=len(frame) * 3, complete=False
    )
    # 7 pairs among 5 clusters found in a third of the table: each pair survives sampling with p = 1/9.
    assert pairs == 63 and redundant == 54
    card = dataready.audit(
        pd.concat(
            [frame]
            + [
                people(40, seed=s).assign(customer_id=lambda d, s=s: d.customer_id + 10_000 * s)
                for s in range(4, 9)
            ],
            ignore_index=True,
        ),
        sample_size=150,
    )
    found = findings(card, "uniqueness", check="near_duplicates")
    for f in found:
        assert (
            f.basis.value == "sample"
            and f.sample_size == 150
            and "estimated for the whole table" in f.message
        )


def test_exact_copies_are_left_to_the_duplicate_rows_check() -> None:
    frame = people(50)
    frame = pd.concat([frame, frame.iloc[:5]], ignore_index=True)
    card = dataready.audit(frame)
    assert_finding(card, "uniqueness", check="duplicate_rows", affected=5)
    assert_no_finding(card, "uniqueness", check="near_duplicates")


def test_tables_without_entity_columns_are_not_compared() -> None:
    frame = pd.DataFrame({"sensor": np.arange(500) % 7, "reading": np.linspace(0, 1, 500)})
    card = dataready.audit(frame)
    assert_no_finding(card, "uniqueness", check="near_duplicates")


# --- settings ---------------------------------------------------------------------------------------


def test_declared_columns_threshold_and_switch(tmp_path: Path, project_file) -> None:
    frame, _expected = with_duplicates()
    frame.to_csv(tmp_path / "customers.csv", index=False)
    declared = project_file(
        {
            "name": "customers",
            "location": "customers.csv",
            **FULLY_DECLARED,
            "duplicates": {
                "columns": {"first_name": "given_name", "last_name": "surname", "email": "email"}
            },
        }
    )
    f = assert_finding(dataready.audit(declared), "uniqueness", check="near_duplicates")
    assert set(f.columns) == {"first_name", "last_name", "email"}
    off = project_file(
        {"name": "customers", "location": "customers.csv", **FULLY_DECLARED, "duplicates": False}
    )
    assert_no_finding(dataready.audit(off), "uniqueness", check="near_duplicates")
    missing = project_file(
        {
            "name": "customers",
            "location": "customers.csv",
            **FULLY_DECLARED,
            "duplicates": {"columns": ["surname"]},
        }
    )
    broken = assert_finding(
        dataready.audit(missing), "uniqueness", check="near_duplicates", severity="error"
    )
    assert "'surname'" in broken.message


def test_match_with_must_name_another_source(project_file) -> None:
    from dataready.errors import ConfigError

    path = project_file({"name": "a", "location": "a.csv", "match_with": "crm"})
    with pytest.raises(ConfigError, match=r"sources\[a\]\.match_with: 'crm' is not another source"):
        dataready.audit(path)


# --- cross-source overlap ---------------------------------------------------------------------------


def _two_systems(tmp_path: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    crm = people(60)
    export = crm.iloc[:40][["first_name", "last_name", "email", "phone", "city"]].copy()
    export.insert(0, "id", range(1, 41))
    export.loc[:7, "email"] = [
        f"new.address{k}@mail.test" for k in range(8)
    ]  # eight customers changed e-mail
    export.loc[10:12, "first_name"] = export.loc[
        10:12, "first_name"
    ].str.upper()  # formatting only: no conflict
    extra = people(70, seed=11).iloc[60:][["first_name", "last_name", "email", "phone", "city"]]
    export = pd.concat([export, extra.assign(id=range(41, 51))], ignore_index=True)
    crm.to_csv(tmp_path / "crm.csv", index=False)
    export.to_csv(tmp_path / "export.csv", index=False)
    return crm, export


def test_the_same_customers_in_two_sources(tmp_path: Path, project_file) -> None:
    _two_systems(tmp_path)
    path = project_file(
        {"name": "crm", "location": "crm.csv", **FULLY_DECLARED},
        {
            "name": "export",
            "location": "export.csv",
            **{**FULLY_DECLARED, "system_of_record": False},
        },
    )
    card = dataready.audit(path)
    f = assert_finding(
        card,
        "consistency",
        check="cross_source_overlap",
        source="export",
        severity="error",
        affected=40,
    )
    assert "40 of 50 records (80 %) of export are also in crm" in f.message
    assert "10 only in export" in f.message and "20 only in crm" in f.message
    assert "disagree on email (20 %)" in f.message
    assert f.remediation and "crm is the system of record" in f.remediation.action
    assert not findings(card, "consistency", check="cross_source_overlap", source="crm")


def test_unrelated_sources_are_not_matched_unless_declared(tmp_path: Path, project_file) -> None:
    _two_systems(tmp_path)
    pd.DataFrame({"city": ["Leeds", "York"] * 20, "visits": range(40)}).to_csv(
        tmp_path / "visits.csv", index=False
    )
    path = project_file(
        {"name": "crm", "location": "crm.csv"}, {"name": "visits", "location": "visits.csv"}
    )
    assert not findings(dataready.audit(path), "consistency", check="cross_source_overlap")
    declared = project_file(
        {"name": "crm", "location": "crm.csv"},
        {"name": "export", "location": "export.csv", "match_with": ["crm"]},
        {"name": "other", "location": "export.csv"},
    )
    card = dataready.audit(declared)
    # export declared its pairing (so it is not matched with 'other'); 'other' declared none and is
    # matched with crm automatically.
    found = findings(card, "consistency", check="cross_source_overlap")
    assert [f.source for f in found] == ["export", "other"]
    assert "also in crm" in found[0].message and "also in crm" in found[1].message


# --- category variants ------------------------------------------------------------------------------


def test_category_variants_are_clustered_with_a_mapping_to_the_dominant_spelling() -> None:
    counts = [
        ("Biscoe", 160),
        ("Dream", 120),
        ("Torgersen", 60),
        ("Torgerson", 3),
        ("torgersen ", 2),
        ("TORGERSEN", 1),
        ("Biscoj", 1),
        ("Model 2021", 300),
        ("Model 2022", 5),
        ("female", 100),
        ("FEMALE", 4),
    ]
    groups = {g.canonical: g for g in variant_groups(counts)}
    assert set(groups) == {"Torgersen", "female", "Biscoe"}
    assert groups["Torgersen"].mapping == {
        "Torgerson": "Torgersen",
        "torgersen ": "Torgersen",
        "TORGERSEN": "Torgersen",
    }
    assert groups["Torgersen"].rows == 6
    assert {"value": "FEMALE", "canonical": "female", "rows": 4} in mapping_table(groups.values())


# --- the duplicates command -------------------------------------------------------------------------


def test_the_duplicates_command_exports_clusters(tmp_path: Path) -> None:
    frame, _expected = with_duplicates()
    frame.to_csv(tmp_path / "customers.csv", index=False)
    out = tmp_path / "clusters.csv"
    result = CliRunner().invoke(
        cli, ["duplicates", str(tmp_path / "customers.csv"), "--output", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert "11 of 46 records in 5 clusters (6 redundant)" in result.output
    table = pd.read_csv(out)
    assert list(table.columns[:7]) == [
        "cluster_id",
        "cluster_size",
        "record",
        "representative",
        "similarity",
        "match_probability",
        "differing_fields",
    ]
    assert table.groupby("cluster_id")["record"].apply(set).tolist()[0] == {1004, 5004, 5005}
    assert table["representative"].sum() == 5
    assert not table["email"].dropna().str.contains("example.com").any()  # masked by default
    member = table[table.record == 5004].iloc[0]
    assert member.differing_fields == "email" and 0.9 < member.similarity <= 1

    parquet = tmp_path / "clusters.parquet"
    shown = CliRunner().invoke(
        cli, ["duplicates", str(tmp_path / "customers.csv"), "-o", str(parquet), "--show-values"]
    )
    assert shown.exit_code == 0, shown.output
    assert pd.read_parquet(parquet)["email"].dropna().str.contains("example.com").any()

    bad = CliRunner().invoke(
        cli, ["duplicates", str(tmp_path / "customers.csv"), "-o", str(tmp_path / "x.txt")]
    )
    assert bad.exit_code == 2 and "write .csv or .parquet" in bad.output


def test_the_same_project_audited_twice_gives_the_same_cross_source_findings(
    tmp_path: Path,
) -> None:
    """What the cross-source check keeps of earlier sources belongs to one audit, not the project."""
    import pandas as pd

    from tests.conftest import FULLY_DECLARED

    people = pd.DataFrame(
        {
            "email": [f"person{i}@example.com" for i in range(40)],
            "name": [f"Person {i}" for i in range(40)],
            "phone": [f"+44 20 7946 {i:04d}" for i in range(40)],
        }
    )
    people.to_csv(tmp_path / "crm.csv", index=False)
    people.iloc[:30].to_csv(tmp_path / "shop.csv", index=False)
    import yaml

    (tmp_path / "dataready.yml").write_text(
        yaml.safe_dump(
            {
                "sources": [
                    {"name": "crm", "location": "crm.csv", **FULLY_DECLARED},
                    {"name": "shop", "location": "shop.csv", **FULLY_DECLARED},
                ]
            }
        )
    )
    project = dataready.load_project(tmp_path / "dataready.yml")

    first = dataready.audit(project)
    second = dataready.audit(project)

    def overlap(card: dataready.Scorecard) -> list[tuple[str, str]]:
        return [(f.source, f.message) for f in card.findings if f.check == "cross_source_overlap"]

    assert overlap(first) == overlap(second)
    assert [source for source, _ in overlap(first)] == ["shop"]
    assert overlap(first)[0][1].startswith("30 of 30 records (100")
