"""Bad input from a release folder, data/sections.yml, the command line or a params file: one
line naming the file and line, exit 2, never a traceback or a hang."""

import os
import signal
import time

import pytest
from conftest import run_main, set_cell

import tradeanalysis as ta
from tradeanalysis import FiguresError
from tradeanalysis.data import schema


def load_error(folder) -> FiguresError:
    with pytest.raises(FiguresError) as info:
        ta.load_release(folder)
    return info.value


def replace(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_byte_order_mark_is_accepted(release_copy):
    for name in ("figures.csv", "claims.csv", "release.yml"):
        path = release_copy / name
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert ta.load_release(release_copy).figure("total_trade")["value"] == 43.85


@pytest.mark.parametrize("name", ["figures.csv", "claims.csv", "release.yml"])
def test_a_byte_that_is_not_utf8_is_named_by_line(release_copy, name):
    path = release_copy / name
    lines = path.read_bytes().split(b"\n")
    lines[2] = lines[2] + b"\xff"
    path.write_bytes(b"\n".join(lines))
    error = load_error(release_copy)
    assert error.file.name == name and error.line == 3 and "not UTF-8" in str(error)


def test_a_column_given_twice_in_the_header_is_refused(release_copy):
    replace(release_copy / "figures.csv", ",note\n", ",value\n")
    error = load_error(release_copy)
    assert (error.line, error.column) == (1, "value") and "twice" in str(error)


@pytest.mark.parametrize(
    ("column", "value", "words"),
    [
        ("value", "25_45", "not a number"),
        ("value", "\uff12\uff15", "not a number"),  # full-width digits
        ("value", "1e308", "not a number"),
        ("value", "2.5e1", "not a number"),
        ("value", "nan", "not a number"),
        ("value", "5000", "above 1000"),  # CNY trillion
        ("value", "25.4500000", "more than 6 decimals"),
        ("yoy_pct", "1000000", "above 10000"),
        ("period", "\uff12\uff10\uff12\uff14", "ASCII"),  # a full-width year
        ("period", "1066", "outside 1949-2100"),
        ("label", "x" * 5_000, "over 1000 characters"),
    ],
)
def test_numbers_are_plain_ascii_and_in_range(release_copy, column, value, words):
    line = set_cell(release_copy / "figures.csv", "exports", column, value)
    error = load_error(release_copy)
    assert words in str(error) and (error.line, error.column) == (line, column)


def test_a_field_over_the_csv_limit_is_one_error(release_copy):
    line = set_cell(release_copy / "figures.csv", "exports", "label", "x" * 200_000)
    error = load_error(release_copy)
    assert "field limit" in str(error) and error.line == line


@pytest.mark.parametrize(
    ("old", "new", "words", "line"),
    [
        ("published: 2025-01-16", "published: 2025-02-30", "is not a date", 5),
        ('id: "2024"', 'id: "../../etc"', "not a release id", 2),
        ("url: http://china.org.cn", "url: javascript:alert(8)//china.org.cn", "web address", 7),
        ("url: http://china.org.cn/china", "url: not a url http://x", "web address", 7),
        ("currency: CNY", "currency: CNY\ncurrency: USD", "given twice", 14),
        ("  period: 2024", "  period: 2024-13", "not a period", None),
        ("  sections: [headline", "  sections: headline\n  x: [headline", "covers", None),
        ("title: China's", "title: [China's]\nx: ", "'title' is not text", 4),
    ],
)
def test_release_yml_keys_are_checked(release_copy, old, new, words, line):
    replace(release_copy / "release.yml", old, new)
    error = load_error(release_copy)
    assert words in str(error), str(error)
    if line:
        assert error.line == line, str(error)


def test_a_yaml_error_on_line_1_names_line_1(release_copy):
    path = release_copy / "release.yml"
    path.write_text("id: [2024\n" + path.read_text().split("\n", 2)[2])
    error = load_error(release_copy)
    assert "not valid YAML" in str(error) and error.line is not None


def test_a_yaml_error_on_the_first_line_is_line_1(release_copy):
    path = release_copy / "release.yml"
    path.write_text(": : :\n" + path.read_text())
    assert load_error(release_copy).line == 1


@pytest.mark.parametrize("title", ["''", "null", "[a, b]"])
def test_a_section_without_a_title_is_refused(release_copy, title):
    path = release_copy / "release.yml"
    path.write_text(path.read_text() + f"sections:\n  services: {title}\n")
    error = load_error(release_copy)
    assert error.column == "sections" and "title" in str(error)


@pytest.mark.parametrize(
    ("text", "words"),
    [("- a list\n", "not a mapping"), ("headline: [1, 2]\n", "no title"), ("a: {\n", "YAML")],
)
def test_a_malformed_sections_file_is_one_error(tmp_path, monkeypatch, text, words):
    bad = tmp_path / "sections.yml"
    bad.write_text(text)
    monkeypatch.setattr(schema, "SECTIONS_FILE", bad)
    schema.declared_sections.cache_clear()
    try:
        with pytest.raises(FiguresError, match=words):
            schema.declared_sections()
    finally:
        schema.declared_sections.cache_clear()


@pytest.mark.parametrize(
    ("check", "words"),
    [
        ("years_running_largest nan", "not a number"),
        ("years_running_largest inf", "not a number"),
        ("years_running_largest 1e18", "not a number"),
        ("years_running_largest 20000", "above 100"),
        ("years_running_largest 0", "at least 1"),
        ("first_time_above -inf", "not a number"),
        ("first_time_above 1_0", "not a number"),
        ("first_time_above 99999999", "above 1e+06"),
    ],
)
def test_claim_arguments_are_finite_whole_and_bounded(release_copy, check, words):
    replace(release_copy / "claims.csv", "years_running_largest 5", check)
    replace(release_copy / "claims.csv", "first_time_above 50", check)
    started = time.monotonic()
    error = load_error(release_copy)
    assert words in str(error) and error.column == "check"
    assert time.monotonic() - started < 5


def _blocked(signum, frame):
    raise TimeoutError("the command blocked on the pipe")


def test_a_pipe_in_place_of_a_file_is_refused_without_blocking(release_copy):
    path = release_copy / "claims.csv"
    path.unlink()
    os.mkfifo(path)
    previous = signal.signal(signal.SIGALRM, _blocked)  # a read of the pipe would wait for ever
    signal.alarm(60)
    try:
        code, _, stderr = run_main(["check", "--release", release_copy])
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    assert code == 2 and "not a regular file" in stderr


def test_a_folder_in_place_of_a_file_is_refused(release_copy):
    (release_copy / "claims.csv").unlink()
    (release_copy / "claims.csv").mkdir()
    assert "regular file" in str(load_error(release_copy))


def test_check_of_a_release_ignores_a_broken_later_one(tmp_path):
    import shutil

    from tradeanalysis.data.paths import RELEASES_DIR

    shutil.copytree(RELEASES_DIR, tmp_path / "releases")
    later = tmp_path / "releases" / "2024" / "figures.csv"
    later.write_bytes(later.read_bytes() + b"\xff\n")
    code, _, stderr = run_main(["check", "--release", tmp_path / "releases" / "2023"])
    assert code == 0, stderr
    earlier = tmp_path / "releases" / "2019" / "release.yml"
    earlier.write_text(earlier.read_text().replace("currency: CNY", "currency: XXX"))
    code, _, stderr = run_main(["check", "--release", tmp_path / "releases" / "2023"])
    assert code == 2 and len(stderr.strip().splitlines()) == 1
    assert "2019" in stderr and "unknown currency" in stderr


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["-p", "cny_per_usd", "inf"], "must be a number"),
        (["-p", "cny_per_usd", "nan"], "must be a number"),
        (["-p", "cny_per_usd", "1e9"], "from 0.1 to 100 yuan per US dollar"),
        (["-p", "cny_per_usd", "0.01"], "from 0.1 to 100"),
        (["-p", "cny_per_usd", "\uff17"], "must be a number"),  # a full-width 7
    ],
)
def test_a_rate_must_be_finite_and_plausible(tmp_path, args, words):
    code, _, stderr = run_main(["build", "--out", tmp_path / "out", "-p", "currency", "USD", *args])
    assert code == 2 and len(stderr.strip().splitlines()) == 1
    assert words in stderr and not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    "text",
    ["runs: [\n", "runs:\n  a: {release: 2024}\n  a: {release: 2024}\n", b"runs:\xff\n"],
)
def test_a_bad_params_file_is_one_line_with_its_line(tmp_path, text):
    spec = tmp_path / "runs.yml"
    spec.write_bytes(text if isinstance(text, bytes) else text.encode())
    code, _, stderr = run_main(["build", "--out", tmp_path / "out", "--params-file", spec])
    assert code == 2 and len(stderr.strip().splitlines()) == 1
    assert "line" in stderr and "Traceback" not in stderr
