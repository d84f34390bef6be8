"""Messy CSV exports, as a new user meets them: a totals line, a declared encoding, decimal
commas, a quote never closed. Each is audited (or refused with one line) and reported, and the
file is never written to."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from dataready.cli import cli
from dataready.exit_codes import ExitCode
from tests.conftest import FULLY_DECLARED, digest


def invoke(*args: object) -> Result:
    return CliRunner().invoke(cli, [str(a) for a in args])


def audited(result: Result) -> dict:
    """The JSON report of an audit that ran (ready or not)."""
    assert result.exit_code in (ExitCode.READY, ExitCode.NOT_READY), result.output
    return json.loads(result.stdout)


def findings(card: dict, check: str) -> list[dict]:
    return [f for f in card["findings"] if f["check"] == check]


def one_error_line(result: Result, code: ExitCode) -> str:
    assert result.exit_code == code, result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("dataready: error: "), result.stderr
    assert "Traceback" not in result.output
    return lines[0]


def orders(path: Path, rows: int = 50, trailer: str | None = None) -> Path:
    text = "id,customer,amount\n" + "".join(
        f"{i},customer {i},{i * 1.5}\n" for i in range(1, rows + 1)
    )
    path.write_text(text + (trailer + "\n" if trailer else ""))
    return path


# --- 1. lines that do not parse ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("trailer", "reason"),
    [
        ("Total,,75.0,EUR", "has 4 fields where the header has 3"),
        ("Total 50 rows", "has 1 field where the header has 3"),
    ],
)
def test_a_totals_line_at_the_end_is_skipped_and_reported(
    tmp_path: Path, trailer: str, reason: str
) -> None:
    path = orders(tmp_path / "export.csv", trailer=trailer)
    before = digest([path])

    card = audited(invoke("audit", path, "-f", "json"))

    (source,) = card["sources"]
    assert (source["reachable"], source["rows"], source["columns"]) == (True, 50, 3)
    (finding,) = findings(card, "unparsed_lines")
    assert (finding["dimension"], finding["severity"]) == ("validity", "warning")
    assert (
        finding["message"] == f"1 line of the file did not parse and was skipped: line 52 {reason}"
    )
    assert (finding["affected"], finding["total"]) == (1, 51)
    assert digest([path]) == before


def test_rows_that_do_not_parse_anywhere_are_counted_with_the_first_line_numbers(
    tmp_path: Path,
) -> None:
    lines = ["id,customer,amount"] + [f"{i},customer {i},{i}" for i in range(1, 101)]
    for n in (10, 20, 30, 40, 50, 60, 70):  # file lines n + 1
        lines[n] = f"{n},customer {n}"
    path = tmp_path / "export.csv"
    path.write_text("\n".join(lines) + "\n")

    card = audited(invoke("audit", path, "-f", "json"))

    assert card["sources"][0]["rows"] == 93
    (finding,) = findings(card, "unparsed_lines")
    assert finding["affected"] == 7
    assert finding["message"].startswith(
        "7 lines of the file did not parse and were skipped: line 11 has 2 fields where the header has 3; line 21"
    )
    assert finding["message"].endswith("line 51 has 2 fields where the header has 3; and 2 more")
    assert [p["line"] for p in finding["measured"]] == [11, 21, 31, 41, 51]


def test_a_file_mostly_broken_is_still_refused_in_one_line(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text("id,customer,amount\n1,Ann,3\n2,Bob\n3,Cy,4,extra\n")

    line = one_error_line(invoke("audit", path), ExitCode.SOURCE_ERROR)

    assert f"{path}: malformed CSV: line 3 has 2 fields where the header has 3" in line
    assert "(2 of the 3 rows do not parse)" in line


def test_the_python_api_reports_the_skipped_line_too(tmp_path: Path) -> None:
    import dataready

    path = orders(tmp_path / "export.csv", trailer="Total,,75.0,EUR")

    card = dataready.audit(path)

    assert card.sources[0].row_count == 50
    (finding,) = [f for f in card.findings if f.check == "unparsed_lines"]
    assert "line 52" in finding.message


# --- 3. declared encodings -----------------------------------------------------------------------

PEOPLE = "name,city,price\n" + "".join(f"José {i},München,€{i}\n" for i in range(20))


@pytest.mark.parametrize(
    "encoding",
    ["windows-1252", "cp1252", "latin-1", "iso-8859-1", "latin1", "Windows-1252"],
)
def test_a_declared_western_encoding_is_read(tmp_path: Path, project_file, encoding: str) -> None:
    data = tmp_path / "people.csv"
    data.write_bytes(PEOPLE.encode("cp1252"))
    before = digest([data])
    path = project_file(
        {
            "name": "people",
            "location": "people.csv",
            "options": {"encoding": encoding},
            **FULLY_DECLARED,
        }
    )

    card = audited(invoke("audit", path, "-f", "json", "--show-values"))

    (source,) = card["sources"]
    assert (source["reachable"], source["rows"], source["columns"]) == (True, 20, 3)
    assert findings(card, "not_utf8") == []  # declared, so no guess to report
    assert digest([data]) == before
    assert [p for p in tmp_path.iterdir() if p.suffix == ".csv"] == [data]


@pytest.mark.parametrize(("encoding", "codec"), [("utf-16", "utf-16"), ("utf-8-sig", "utf-8-sig")])
def test_unicode_encodings_with_a_byte_order_mark_are_read(
    tmp_path: Path, project_file, encoding: str, codec: str
) -> None:
    (tmp_path / "people.csv").write_bytes(PEOPLE.encode(codec))
    path = project_file(
        {"name": "people", "location": "people.csv", "options": {"encoding": encoding}}
    )

    card = audited(invoke("audit", path, "-f", "json"))

    assert card["sources"][0]["rows"] == 20
    assert card["sources"][0]["columns"] == 3


def test_a_wrong_encoding_declared_is_one_clear_line(tmp_path: Path, project_file) -> None:
    (tmp_path / "people.csv").write_bytes(PEOPLE.encode("cp1252"))
    path = project_file(
        {"name": "people", "location": "people.csv", "options": {"encoding": "utf-8"}}
    )

    result = invoke("audit", path, "-f", "json")

    assert result.exit_code == ExitCode.SOURCE_ERROR
    (source,) = json.loads(result.stdout)["sources"]
    assert source["error"] == (
        f"{tmp_path / 'people.csv'}: not utf-8 text as declared (line 2 has byte 0xe9); "
        "declare the encoding it was written in, e.g. --encoding windows-1252"
    )


def test_an_unknown_encoding_is_a_usage_error(tmp_path: Path) -> None:
    data = tmp_path / "people.csv"
    data.write_text(PEOPLE)

    line = one_error_line(invoke("audit", data, "--encoding", "klingon"), ExitCode.USAGE_ERROR)

    assert "unknown encoding 'klingon'" in line


# --- 4. decimal commas ---------------------------------------------------------------------------

EURO = "id;amount;price\n" + "".join(f"{i};{i}.234,56;{i},75 €\n" for i in range(1, 21))


def test_decimal_comma_amounts_are_numbers_once_the_decimal_is_declared(
    tmp_path: Path, project_file
) -> None:
    from dataready.connectors.files import FileConnector
    from dataready.measure import measure
    from dataready.model import ColumnKind, SampleSpec, Source

    data = tmp_path / "invoices.csv"
    data.write_text(EURO, encoding="utf-8")
    source = Source(name="invoices", connector="file", location=str(data), options={"decimal": ","})
    with FileConnector(source, str(data)).open() as opened:
        m = measure(opened, source, SampleSpec(size=100, seed=1))

    assert m.stats["amount"].column.kind is ColumnKind.NUMBER
    assert (m.stats["amount"].min_value, m.stats["amount"].max_value) == (1234.56, 20234.56)
    assert m.sample["amount"].mean() == pytest.approx(10734.56)
    assert m.sample["price"].mean() == pytest.approx(11.25)

    path = project_file(
        {"name": "invoices", "location": "invoices.csv", "options": {"decimal_separator": ","}}
    )
    card = audited(invoke("audit", path, "-f", "json"))
    assert findings(card, "decimal_comma_text") == []
    assert findings(card, "units_in_text") == []


def test_decimal_comma_amounts_read_as_text_are_reported(tmp_path: Path) -> None:
    data = tmp_path / "invoices.csv"
    data.write_text(EURO, encoding="utf-8")

    card = audited(invoke("audit", data, "-f", "json"))

    reported = {f["columns"][0]: f for f in findings(card, "decimal_comma_text")}
    assert sorted(reported) == ["amount", "price"]
    assert reported["amount"]["dimension"] == "validity"
    assert "look like numbers written with a decimal comma" in reported["amount"]["message"]
    assert "--decimal ," in reported["amount"]["message"]


def test_the_decimal_given_on_the_command_line_reads_numbers(tmp_path: Path) -> None:
    data = tmp_path / "invoices.csv"
    data.write_text(EURO, encoding="utf-8")

    card = audited(invoke("audit", data, "-f", "json", "--decimal", ",", "--delimiter", ";"))

    assert findings(card, "decimal_comma_text") == []
    assert card["sources"][0]["columns"] == 3


# --- 5. a quote never closed ---------------------------------------------------------------------


def test_a_quote_never_closed_is_reported_with_its_line(tmp_path: Path) -> None:
    data = tmp_path / "notes.csv"
    data.write_text(
        "id,name,note\n"
        + "".join(f"{i},n{i},ok\n" for i in range(1, 30))
        + '30,n30,"open quote\n31,n31,ok\n32,n32,ok\n'
    )

    card = audited(invoke("audit", data, "-f", "json"))

    assert card["sources"][0]["rows"] == 32
    (finding,) = findings(card, "unclosed_quote")
    assert (finding["dimension"], finding["severity"]) == ("validity", "warning")
    assert finding["message"].startswith("line 31 opens a quote that is never closed")


def test_a_quote_never_closed_among_quoted_fields_is_one_line_naming_it(tmp_path: Path) -> None:
    data = tmp_path / "notes.csv"
    data.write_text(
        "id,name,note\n"
        + "".join(f'{i},n{i},"ok, fine"\n' for i in range(1, 10))
        + '10,n10,"open quote\n'
        + "".join(f'{i},n{i},"ok, fine"\n' for i in range(11, 40))
    )

    line = one_error_line(invoke("audit", data), ExitCode.SOURCE_ERROR)

    assert line.endswith(
        f"{data}: malformed CSV: line 11 opens a quote that is never closed; fix the file"
    )


def test_quoted_fields_over_several_lines_are_no_unclosed_quote(tmp_path: Path) -> None:
    from dataready.connectors.files import _unclosed_quote

    data = tmp_path / "notes.csv"
    data.write_text('id,note\n1,"two\nlines"\n2,"say ""hi"""\n3,"Bob" Smith\n')

    assert _unclosed_quote(data, ",") is None


# --- 2. CSV options on the command line and in dataready.yml -------------------------------------

EXPORT = (
    "Sales export\n"
    "generated 2024-05-01\n"
    "id;amount;paid\n"
    "1;12,50;yes\n"
    "2;n.v.;no\n"
    "3;7,25;yes\n"
    "4;?;no\n"
    "5;1.000,00;yes\n"
)
"""Two title lines, semicolons, decimal commas and two home-made missing-value tokens."""


def read_export(card: dict) -> tuple[int, int, list[str]]:
    (source,) = card["sources"]
    missing = [f["message"] for f in findings(card, "read_as_missing")]
    return source["rows"], source["columns"], missing


def test_csv_options_on_the_command_line(tmp_path: Path) -> None:
    data = tmp_path / "sales.csv"
    data.write_text(EXPORT, encoding="cp1252")
    before = digest([data])

    card = audited(
        invoke(
            "audit", data, "-f", "json",
            "--skip-rows", "2", "--delimiter", ";", "--decimal", ",",
            "--na-values", "n.v.", "--na-values", "?,NA", "--encoding", "windows-1252",
        )
    )  # fmt: skip

    assert read_export(card) == (
        5,
        3,
        [
            "2 values written as '?' (1), 'n.v.' (1) were read as missing, so the column is read "
            "as a number column; they count as missing values"
        ],
    )
    assert findings(card, "decimal_comma_text") == []
    assert digest([data]) == before


def test_the_same_csv_options_in_dataready_yml(tmp_path: Path, project_file) -> None:
    (tmp_path / "sales.csv").write_text(EXPORT, encoding="cp1252")
    options = {
        "skip_rows": 2,
        "delimiter": ";",
        "decimal": ",",
        "na_values": ["n.v.", "?"],
        "encoding": "windows-1252",
    }
    path = project_file({"name": "sales", "location": "sales.csv", "options": options})

    card = audited(invoke("audit", path, "-f", "json"))

    rows, columns, missing = read_export(card)
    assert (rows, columns, len(missing)) == (5, 3, 1)


def test_the_command_line_replaces_a_sources_own_options(tmp_path: Path, project_file) -> None:
    (tmp_path / "sales.csv").write_text(EXPORT)
    path = project_file(
        {
            "name": "sales",
            "location": "sales.csv",
            "options": {"skip": 2, "delim": ",", "decimal_separator": "."},
            **FULLY_DECLARED,
        }
    )

    result = invoke("gate", path, "--fail-on", "never", "-f", "json",
                    "--delimiter", ";", "--decimal", ",", "--na-values", "n.v.,?")  # fmt: skip

    assert result.exit_code == ExitCode.READY, result.output
    rows, columns, missing = read_export(json.loads(result.stdout))
    assert (rows, columns, len(missing)) == (5, 3, 1)


def test_an_option_given_under_two_names_must_agree(tmp_path: Path, project_file) -> None:
    (tmp_path / "sales.csv").write_text(EXPORT)
    path = project_file(
        {"name": "sales", "location": "sales.csv", "options": {"skip": 2, "skip_rows": 1}}
    )

    result = invoke("audit", path, "-f", "json")

    assert result.exit_code == ExitCode.USAGE_ERROR
    assert "options.skip_rows: 1 contradicts options.skip (2); keep one" in result.output


def test_suggest_reads_with_the_options_of_the_command_line(tmp_path: Path) -> None:
    pytest.importorskip("great_expectations")
    data = tmp_path / "sales.csv"
    data.write_text(EXPORT)
    suite = tmp_path / "sales.json"

    result = invoke("suggest", data, "-o", suite, "--skip-rows", "2", "--decimal", ",",
                    "--na-values", "n.v.,?")  # fmt: skip

    assert result.exit_code == 0, result.output
    expectations = json.loads(suite.read_text())["expectations"]
    ranges = [
        e["kwargs"] for e in expectations if e["type"] == "expect_column_values_to_be_between"
    ]
    assert {"column": "amount"}.items() <= next(
        r for r in ranges if r["column"] == "amount"
    ).items()
