"""One test per validation rule: a broken release raises FiguresError naming file, line, column."""

import pytest
from conftest import set_cell

import tradeanalysis as ta
from tradeanalysis import FiguresError


def load_error(folder) -> FiguresError:
    with pytest.raises(FiguresError) as info:
        ta.load_release(folder)
    return info.value


@pytest.mark.parametrize(
    ("fid", "column", "value", "words"),
    [
        ("exports", "value", "25,45", "not a number"),
        ("exports", "value", "-1", "below 0"),
        ("exports", "yoy_pct", "seven", "not a number"),
        ("exports", "unit", "CNY zillion", "unknown unit"),
        ("exports", "unit", "", "a value needs a unit"),
        ("exports", "section", "exports", "unknown section"),
        ("exports", "bound", "about", "unknown bound"),
        ("exports", "period", "2024-13", "period"),
        ("exports", "period", "2024-11/2024-01", "ends before it starts"),
        ("exports", "label", "", "label is empty"),
        ("exports", "scope", "", "scope is empty"),
        ("imports", "id", "exports", "repeats line"),
        ("exports", "id", "Exports!", "lower-case"),
        ("me_exports", "share_pct", "159.4", "above 100"),
        ("me_exports", "share_pct", "-3", "below 0"),
        ("me_exports", "share_of", "nowhere", "unknown id"),
        ("me_exports", "share_of", "", "go together"),
        ("me_exports", "share_of", "me_exports", "share of itself"),
        ("clothing_imports", "yoy_pct", "", "no value, growth rate or share"),
    ],
)
def test_bad_cell_is_named_by_file_line_and_column(release_copy, fid, column, value, words):
    line = set_cell(release_copy / "figures.csv", fid, column, value)
    error = load_error(release_copy)
    assert words in str(error)
    expected_column = "value" if words.startswith("no value") else column
    assert error.file.name == "figures.csv" and error.line == line
    assert error.column == expected_column
    assert "fix:" in str(error)


def test_missing_column(release_copy):
    path = release_copy / "figures.csv"
    path.write_text(path.read_text().replace(",yoy_pct,", ",growth,", 1))
    error = load_error(release_copy)
    assert (error.line, error.column) == (1, "yoy_pct")


def test_ragged_row(release_copy):
    path = release_copy / "figures.csv"
    path.write_text(path.read_text() + "extra,headline,too short\n")
    assert "number of fields" in str(load_error(release_copy))


def test_no_figures(release_copy):
    path = release_copy / "figures.csv"
    path.write_text(path.read_text().splitlines()[0] + "\n")
    (release_copy / "claims.csv").unlink()
    assert "has no figures" in str(load_error(release_copy))


@pytest.mark.parametrize("name", ["figures.csv", "release.yml"])
def test_missing_file(release_copy, name):
    (release_copy / name).unlink()
    error = load_error(release_copy)
    assert error.file.name == name and "missing" in str(error)


def test_claims_file_is_optional(release_copy):
    (release_copy / "claims.csv").unlink()
    assert ta.load_release(release_copy).claims.empty


@pytest.mark.parametrize(
    ("old", "new", "words"),
    [
        ("currency: CNY", "currency: EUR", "unknown currency"),
        ("published: 2025-01-16", "published: mid January", "not a date"),
        ("producer: General", "maker: General", "'producer' is missing"),
        ("title: China", "title: [China", "not valid YAML"),
    ],
)
def test_bad_release_yml(release_copy, old, new, words):
    path = release_copy / "release.yml"
    assert old in path.read_text()
    path.write_text(path.read_text().replace(old, new))
    error = load_error(release_copy)
    assert words in str(error) and error.file.name == "release.yml"


@pytest.mark.parametrize(
    ("old", "new", "words", "column"),
    [
        ("dec_trade total_trade q4_trade,", "dec_trade nowhere,", "unknown figure id", "figures"),
        (",remainder_above 4,", ",guess,", "unknown check", "check"),
        (
            "bri_trade total_trade bri_share,Belt and Road partners took",
            "bri_trade,Belt and Road partners took",
            "takes 3 figure ids",
            "figures",
        ),
        (",The data hold no earlier values for the northeast", ",", "needs a note", "note"),
        (
            "total_trade,Total goods trade was the highest ever recorded,record_high,",
            "total_trade,Total goods trade was the highest ever recorded,record_high 2013 2014,",
            "takes 0 number(s) and an optional SINCE year",
            "check",
        ),
        (
            "total_trade,Total goods trade was the highest ever recorded,record_high,",
            "total_trade,Total goods trade was the highest ever recorded,record_high 3,",
            "'3' is not a year",
            "check",
        ),
        (",first_time_above 50,", ",first_time_above,", "takes 1 number(s)", "check"),
        (",first_time_above 50,", ",first_time_above half,", "'half' is not a number", "check"),
        (",years_running_largest 5,", ",years_running_largest 2.5,", "not a whole number", "check"),
        ("asean_trade eu_trade us_trade,", "asean_trade,", "takes 2 to 99 figure ids", "figures"),
        (
            "asean_trade eu_trade us_trade,",
            "asian_trade eu_trade us_trade,",
            "unknown figure id 'asian_trade'",
            "figures",
        ),
    ],
)
def test_bad_claim(release_copy, old, new, words, column):
    path = release_copy / "claims.csv"
    assert old in path.read_text()
    path.write_text(path.read_text().replace(old, new, 1))
    error = load_error(release_copy)
    assert words in str(error) and error.column == column and error.line > 1
    assert error.file.name == "claims.csv"


def test_unknown_release_id():
    assert "no such release" in str(load_error("1999"))


def test_nothing_is_half_loaded(release_copy):
    set_cell(release_copy / "figures.csv", "shenzhen_trade", "value", "x")
    with pytest.raises(FiguresError):
        ta.load_release(release_copy)


# --- rules that came with the history: sections as data, sources, currencies, claim arguments ---
@pytest.fixture
def release_2020_copy(tmp_path):
    """A writable copy of the 2020 release, which has a source column and dollar figures."""
    import shutil

    from tradeanalysis.data.paths import RELEASES_DIR

    folder = tmp_path / "copy2020"
    shutil.copytree(RELEASES_DIR / "2020", folder)
    return folder


def test_an_undeclared_section_says_how_to_declare_it(release_copy):
    line = set_cell(release_copy / "figures.csv", "exports", "section", "services")
    error = load_error(release_copy)
    assert (error.line, error.column) == (line, "section")
    assert "declare it in release.yml" in str(error) and "`sections: {services: Title}`" in str(
        error
    )


def test_a_section_declared_in_release_yml_needs_no_code_change(release_copy):
    set_cell(release_copy / "figures.csv", "exports", "section", "services")
    with (release_copy / "release.yml").open("a") as handle:
        handle.write("sections:\n  services: Trade in services\n")
    release = ta.load_release(release_copy)
    assert release.sections["services"] == "Trade in services"
    assert list(release.section("services").index) == ["exports"]


@pytest.mark.parametrize("address", ["www.customs.gov.cn/page", "ftp://x.org/a", "see page 3"])
def test_a_source_must_be_a_web_address(release_2020_copy, address):
    line = set_cell(release_2020_copy / "figures.csv", "exports_usd", "source", address)
    error = load_error(release_2020_copy)
    assert (error.line, error.column) == (line, "source") and "not a web address" in str(error)


def test_several_sources_are_separated_by_spaces(release_2020_copy):
    pages = "https://example.org/a http://example.org/b"
    set_cell(release_2020_copy / "figures.csv", "exports_usd", "source", pages)
    assert ta.load_release(release_2020_copy).figure("exports_usd")["source"] == pages


def test_a_dollar_figure_needs_an_id_that_says_so(release_copy):
    line = set_cell(release_copy / "figures.csv", "exports", "unit", "USD trillion")
    error = load_error(release_copy)
    assert (error.line, error.column) == (line, "id")
    assert "does not end in _usd" in str(error) and "exports_usd" in str(error)


def test_a_claim_may_not_compare_yuan_with_dollars(release_2020_copy):
    with (release_2020_copy / "claims.csv").open("a") as handle:
        handle.write("mixed,headline,exports_usd total_trade,Mixed,fits_within,\n")
    error = load_error(release_2020_copy)
    assert "different currencies" in str(error) and error.column == "figures"


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("sections: [services]\n", "'sections' is not a mapping"),
        ("discrepancies:\n  - check: only a name\n", "'discrepancies' is not a list"),
    ],
)
def test_bad_optional_release_yml_keys(release_copy, text, words):
    with (release_copy / "release.yml").open("a") as handle:
        handle.write(text)
    error = load_error(release_copy)
    assert words in str(error) and error.file.name == "release.yml" and error.line
