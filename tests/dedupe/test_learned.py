"""Weights learned from the table itself: EM, term frequencies, identifiers, linkage of two files."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

import dataready
from dataready.dedupe import compare
from dataready.dedupe.crosssource import link_frames
from dataready.dedupe.engine import find_duplicates, score_pairs
from dataready.dedupe.export import cluster_table
from dataready.dedupe.fields import FieldKind, infer_fields
from tests.conftest import assert_finding
from tests.dedupe.test_dedupe import GIVEN, SURNAMES, people

STREETS = ["Mill Lane", "Station Road", "Church Street", "Park Avenue", "Green Lane", "Manor Way"]


def registry(n: int, seed: int) -> pd.DataFrame:
    """People with a national id (sparse seven-digit numbers) and compact birth dates."""
    rng = np.random.default_rng(seed)
    ids = rng.choice(np.arange(1_000_000, 9_999_999), n, replace=False)
    return pd.DataFrame(
        {
            "given_name": rng.choice(GIVEN, n),
            "surname": rng.choice(SURNAMES, n),
            "street": [f"{rng.integers(1, 300)} {rng.choice(STREETS)}" for _ in range(n)],
            "born": [
                (pd.Timestamp("1940-01-01") + pd.Timedelta(days=int(d))).strftime("%Y%m%d")
                for d in rng.integers(0, 365 * 60, n)
            ],
            "national_no": ids.astype(str),
        }
    )


def corrupted(frame: pd.DataFrame, rows: np.ndarray, seed: int) -> pd.DataFrame:
    """Copies of ``rows`` with one typo in the surname and the street missing in half."""
    rng = np.random.default_rng(seed)
    out = frame.iloc[rows].copy()
    out["surname"] = [s[:1] + s[2:] if len(s) > 3 else s + "e" for s in out["surname"]]
    out.loc[out.index[rng.random(len(out)) < 0.5], "street"] = None
    return out


def test_em_learns_sensible_m_and_u_from_a_table_with_known_duplicates() -> None:
    base = registry(2000, seed=1)
    dups = corrupted(base, np.arange(0, 2000, 5), seed=2)
    frame = pd.concat([base, dups], ignore_index=True)
    result = find_duplicates(frame)
    model = result.model
    assert model is not None and model.fitted and model.converged
    for column in ("national_no", "born", "given_name"):
        m, u = model.fields[column].m, model.fields[column].u
        assert m[compare.EXACT] > 0.9  # copies agree on these
        assert u[compare.EXACT] < 0.05  # strangers rarely do
    surname = model.fields["surname"].m
    assert surname[compare.CLOSE] + surname[compare.PARTIAL] > 0.6  # every copy has a typo there
    # λ: 400 duplicate pairs among 2,400 × 2,399 / 2 pairs.
    assert abs(model.prior - np.log2(400 / (2400 * 2399 / 2))) < 1
    assert {tuple(sorted(p)) for p in zip(result.pairs.i, result.pairs.j, strict=True)} == {
        (r, 2000 + k) for k, r in enumerate(range(0, 2000, 5))
    }


def test_a_shared_rare_value_outweighs_a_shared_common_one() -> None:
    frame = people(400)
    frame.loc[:299, "last_name"] = "Smith"
    result = find_duplicates(frame)
    prep = result.prepared
    assert prep is not None
    common = prep.model.bits(
        "last_name", np.array([compare.EXACT]), prep.tf["last_name"][np.array([0])]
    )
    rare = prep.model.bits(
        "last_name", np.array([compare.EXACT]), prep.tf["last_name"][np.array([350])]
    )
    assert rare[0] > common[0] + 5


def test_an_identifier_match_links_records_that_otherwise_look_different() -> None:
    base = registry(1500, seed=3)
    dups = corrupted(base, np.arange(0, 1500, 6), seed=4)
    moved = base.iloc[[7]].copy()
    # The same person after a marriage and a move, birth date written another way: only the
    # national number, a close given name and the birth date speak for the pair.
    moved["surname"], moved["street"] = "Oyelaranwood", "3 Harbour View"
    moved["given_name"] = moved["given_name"].iloc[0] + "e"
    moved["born"] = pd.to_datetime(moved["born"]).dt.strftime("%d/%m/%Y")
    frame = pd.concat([base, dups, moved], ignore_index=True)
    kinds = {f.column: f.kind for f in infer_fields(frame)}
    assert kinds["national_no"] is FieldKind.IDENTIFIER and kinds["born"] is FieldKind.DATE
    result = find_duplicates(frame)
    assert result.label[len(frame) - 1] == result.label[7]
    # Without the identifier the same pair stays apart.
    alone = find_duplicates(frame.drop(columns=["national_no"]))
    assert alone.label[len(frame) - 1] != alone.label[7]


def test_one_keystroke_in_an_identifier_is_still_evidence() -> None:
    base = registry(1500, seed=5)
    frame = pd.concat([base, corrupted(base, np.arange(0, 1500, 4), seed=6)], ignore_index=True)
    prep = find_duplicates(frame).prepared
    assert prep is not None
    close = prep.model.bits("national_no", np.array([compare.CLOSE]), np.array([0.0]))
    different = prep.model.bits("national_no", np.array([compare.DIFFERENT]), np.array([0.0]))
    assert close[0] > 3 > different[0]


def test_linkage_finds_the_known_pairs_and_none_between_unrelated_files() -> None:
    left = registry(1200, seed=6)
    right = corrupted(left, np.arange(0, 1200, 2), seed=7).reset_index(drop=True)
    right = pd.concat([right, registry(300, seed=8)], ignore_index=True)
    result = link_frames(left, right)
    found = {
        (int(i), int(j) - len(left)) for i, j in zip(result.pairs.i, result.pairs.j, strict=True)
    }
    assert found == {(2 * k, k) for k in range(600)}
    unrelated = link_frames(registry(1000, seed=9), registry(1000, seed=10))
    assert len(unrelated.pairs) == 0


def test_the_cluster_export_and_the_audits_finding_agree() -> None:
    base = registry(600, seed=11)
    frame = pd.concat([base, corrupted(base, np.arange(0, 600, 10), seed=12)], ignore_index=True)
    result = find_duplicates(frame)
    table = cluster_table(frame, result, show_values=True)
    card = dataready.audit(frame)
    finding = assert_finding(card, "uniqueness", check="near_duplicates")
    clusters = table["cluster_id"].nunique()
    assert f"{len(table)} records form {clusters} clusters" in finding.message
    assert finding.affected == len(table) - clusters == 60
    # Every member scores at or above the threshold against its representative.
    members = table[~table["representative"]]
    assert (members["match_probability"] >= result.threshold).all()
    assert result.prepared is not None
    again = score_pairs(result.prepared, np.array([0]), np.array([600]))
    assert again.probability[0] >= result.threshold  # the same model scores the export and finding


def test_twins_do_not_teach_the_model_that_one_person_has_two_given_names() -> None:
    """Twins share surname, birth date and address; only the given name differs. They must not
    count as matches when the model learns how often one person's given names differ."""
    base = registry(2000, seed=5)
    dups = corrupted(base, np.arange(0, 2000, 5), seed=6)
    twins = base.iloc[np.arange(1, 2000, 7)].copy()
    twins["given_name"] = [GIVEN[(GIVEN.index(g) + 3) % len(GIVEN)] for g in twins["given_name"]]
    twins["national_no"] = (twins["national_no"].astype(int) + 7_777).astype(str)
    result = find_duplicates(pd.concat([base, dups, twins], ignore_index=True))
    assert result.model is not None
    assert result.model.fields["given_name"].m[compare.DIFFERENT] < 0.03
    assert result.model.fields["born"].m[compare.DIFFERENT] < 0.03
    twin_pairs = {(r, 2400 + k) for k, r in enumerate(range(1, 2000, 7))}
    assert not twin_pairs & set(zip(result.pairs.i.tolist(), result.pairs.j.tolist(), strict=True))


def test_a_surname_in_the_given_name_slot_beside_two_given_names_is_a_family() -> None:
    """Under a swap the part that agrees counts as the surname: the given names still differ."""
    frame = pd.DataFrame(
        {
            "first_name": ["Berer", "Mary", "Robert", "Graham"],
            "surname": ["Robert", "Berer", "Graham", "Robert"],
        }
    )
    fields = infer_fields(frame, {"first_name": "given_name", "surname": "surname"})
    from dataready.dedupe.engine import compare_all, prepare

    prep = prepare(frame, fields)
    levels = compare_all(prep, np.array([0, 2]), np.array([1, 3]))
    assert levels["first_name"].tolist() == [compare.DIFFERENT, compare.EXACT]  # family; swap
    assert levels["surname"].tolist() == [compare.EXACT, compare.EXACT]
    from dataready.dedupe.engine import vetoed

    veto = vetoed(prep, levels)
    assert veto is not None and veto.tolist() == [True, False]


def test_address_lines_and_a_house_number_column_are_read_as_one_address() -> None:
    frame = pd.DataFrame(
        {
            "street_number": ["12", "12", "14", None],
            "address_1": ["mill lane", "rose cottage", "mill lane", "station road"],
            "address_2": ["rose cottage", "mill lane", "rose cottage", None],
            "town": ["ash", "ash", "ash", "oak"],
        }
    )
    fields = infer_fields(frame, None)
    address = next(f for f in fields if f.kind is FieldKind.ADDRESS)
    assert address.columns == ("street_number", "address_1", "address_2")
    assert sum(f.kind is FieldKind.ADDRESS for f in fields) == 1
    from dataready.dedupe.engine import compare_all, prepare

    prep = prepare(frame, fields)
    levels = compare_all(prep, np.array([0, 0]), np.array([1, 2]))[address.column]
    assert levels[0] in (compare.EXACT, compare.CLOSE)  # the lines swapped: one address
    assert levels[1] == compare.DIFFERENT  # number 12 and number 14: neighbours


def test_a_postcode_that_agrees_outweighs_a_misspelt_suburb_but_a_town_name_does_not() -> None:
    from dataready.dedupe.engine import _household
    from dataready.dedupe.fields import Field

    fields = [
        Field("postcode", FieldKind.POSTCODE),
        Field("suburb", FieldKind.CITY),
        Field("state", FieldKind.REGION),
    ]
    levels = {
        "postcode": np.array([compare.EXACT, compare.MISSING], np.int8),
        "suburb": np.array([compare.DIFFERENT, compare.EXACT], np.int8),
        "state": np.array([compare.EXACT, compare.DIFFERENT], np.int8),
    }
    bits = {
        "postcode": np.array([9.0, 0.0], np.float32),
        "suburb": np.array([-2.0, 6.0], np.float32),
        "state": np.array([2.0, -4.0], np.float32),
    }
    assert _household(fields, levels, bits).tolist() == [9.0, -4.0]


def test_given_name_and_surname_swapped_with_a_typo_in_each_still_agree() -> None:
    frame = pd.DataFrame({"first_name": ["Joshua", "Campbel"], "surname": ["Campbell", "Josha"]})
    from dataready.dedupe.engine import compare_all, prepare

    prep = prepare(frame, infer_fields(frame, None))
    levels = compare_all(prep, np.array([0]), np.array([1]))
    assert levels["first_name"][0] in (compare.CLOSE, compare.PARTIAL)
    assert levels["surname"][0] in (compare.CLOSE, compare.PARTIAL)


def test_the_duplicates_command_links_two_files(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from dataready.cli import cli

    people = registry(600, seed=11)
    left = people.iloc[:400].copy()
    left.insert(0, "customer_id", [f"c{k}" for k in range(400)])
    known = np.arange(0, 400, 4)  # 100 of the left records are also on the right
    right = pd.concat([corrupted(people, known, seed=12), people.iloc[400:]], ignore_index=True)
    right.insert(0, "account_id", [f"a{k}" for k in range(len(right))])
    right = right.rename(columns={"born": "date_of_birth"})  # the roles are inferred per file
    left.to_csv(tmp_path / "crm.csv", index=False)
    right.to_csv(tmp_path / "billing.csv", index=False)
    out = tmp_path / "linked.csv"

    result = CliRunner().invoke(
        cli,
        [
            "duplicates",
            str(tmp_path / "crm.csv"),
            "--link",
            str(tmp_path / "billing.csv"),
            "-o",
            str(out),
        ],
    )

    assert result.exit_code == 0, result.output
    assert "100 of 400 records of crm matched with 100 of 300 of billing" in result.output
    table = pd.read_csv(out)
    assert list(table.columns[:4]) == ["cluster_id", "cluster_size", "source", "record"]
    clusters = table.groupby("cluster_id").apply(
        lambda c: tuple(sorted(zip(c["source"], c["record"], strict=True))), include_groups=False
    )
    expected = {(("billing", f"a{k}"), ("crm", f"c{r}")) for k, r in enumerate(known)}
    assert set(clusters) == expected

    unrelated = registry(300, seed=99).assign(account_id=[f"x{k}" for k in range(300)])
    unrelated.to_csv(tmp_path / "other.csv", index=False)
    none = CliRunner().invoke(
        cli,
        [
            "duplicates",
            str(tmp_path / "crm.csv"),
            "--link",
            str(tmp_path / "other.csv"),
            "-o",
            str(out),
        ],
    )
    assert none.exit_code == 0, none.output
    assert "0 of 400 records of crm matched with 0 of 300 of other in 0 clusters" in none.output
    assert pd.read_csv(out).empty

    over = CliRunner().invoke(
        cli,
        [
            "duplicates",
            str(tmp_path / "crm.csv"),
            "--link",
            str(tmp_path / "billing.csv"),
            "-o",
            str(tmp_path / "billing.csv"),
        ],
    )
    assert over.exit_code == 2 and "which this run reads" in over.output


def test_an_email_built_from_a_shared_name_counts_by_its_frequency_among_that_names_records() -> (
    None
):
    from dataready.dedupe.engine import pair_tf, prepare

    names = [("James", "Allen")] * 10 + [("Mary", "Okafor"), ("Mary", "Okafor")] + [("Ann", "Lee")]
    emails = ["allen.james12@mail.com"] * 2 + [f"allen.james{k}@mail.com" for k in range(8)]
    emails += ["mokafor@mail.com", "mokafor@mail.com", "allen.james12@mail.com"]
    names += [("Bob", f"Filler{k}") for k in range(20)]
    emails += [f"bob{k}@mail.com" for k in range(20)]
    frame = pd.DataFrame(
        {
            "first_name": [g for g, _s in names],
            "surname": [s for _g, s in names],
            "email": emails,
        }
    )
    prep = prepare(frame, infer_fields(frame, None))
    i, j = np.array([0, 10, 0]), np.array([1, 11, 12])
    tf = pair_tf(prep, "email", i, j)
    # Two of ten James Allens share the address: 1 in 5 among namesakes, not 3 in 33 records.
    assert tf[0] == np.float32(2 / 10)
    assert tf[1] == np.float32(1.0)  # both Mary Okafors: the address says nothing beyond the name
    assert tf[2] == np.float32(3 / 33)  # different names: the address's share of the column


def test_an_identifier_recognised_by_its_values_is_masked_in_the_export() -> None:
    base = registry(400, seed=21).rename(columns={"national_no": "ref"})
    frame = pd.concat([base, corrupted(base, np.arange(0, 400, 10), seed=22)], ignore_index=True)
    result = find_duplicates(frame)
    assert any(f.column == "ref" and f.kind is FieldKind.IDENTIFIER for f in result.fields)
    table = cluster_table(frame, result)
    assert len(table) and table["ref"].str.contains(r"\*").all()
    assert not cluster_table(frame, result, show_values=True)["ref"].str.contains(r"\*").any()
