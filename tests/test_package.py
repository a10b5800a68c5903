"""What the package carries and where it looks (quick checks; tests/test_install.py installs a
wheel for real): the wheel's package list, the clone's own files, an analyst's own data folder,
the licences and the citation file."""

import tomllib
from pathlib import Path

import yaml
from conftest import run_cli

import tradeanalysis
from tradeanalysis.data import paths
from tradeanalysis.data.paths import PROJECT_DIR
from tradeanalysis.report.notebook_files import KERNEL_NAME

PYPROJECT = tomllib.loads((PROJECT_DIR / "pyproject.toml").read_text())


def test_the_wheel_lists_every_package_of_the_source_tree():
    source = {
        ".".join(p.parent.relative_to(PROJECT_DIR).parts)
        for p in (PROJECT_DIR / "tradeanalysis").rglob("__init__.py")
    }
    listed = set(PYPROJECT["tool"]["setuptools"]["packages"])
    unlisted = source - listed
    assert not unlisted, f"add {sorted(unlisted)} to [tool.setuptools] packages in pyproject.toml"
    assert source == {p for p in listed if "._files." not in p}
    mapped = PYPROJECT["tool"]["setuptools"]["package-dir"]
    assert mapped == {
        "tradeanalysis._files.data": "data",
        "tradeanalysis._files.notebooks": "notebooks",
    }


def test_the_packaged_kernel_is_the_one_the_notebooks_name():
    (files,) = PYPROJECT["tool"]["setuptools"]["data-files"].values()
    assert list(PYPROJECT["tool"]["setuptools"]["data-files"]) == [
        f"share/jupyter/kernels/{KERNEL_NAME}"
    ]
    assert all((PROJECT_DIR / f).is_file() for f in files)


def test_in_a_clone_the_clones_files_are_used():
    assert paths.IN_CLONE
    assert paths.PROJECT_DIR == Path(tradeanalysis.__file__).resolve().parent.parent
    assert (
        paths.DATA_DIR == PROJECT_DIR / "data" and paths.NOTEBOOKS_DIR == PROJECT_DIR / "notebooks"
    )
    assert paths.REPORTS_DIR == PROJECT_DIR / "reports"


def test_an_analysts_own_data_folder_replaces_the_releases(tmp_path, release_copy):
    own = tmp_path / "mine"
    (own / "releases").mkdir(parents=True)
    release_copy.rename(own / "releases" / "2030")
    meta = own / "releases" / "2030" / "release.yml"
    text = meta.read_text().replace('id: "2024"', 'id: "2030"')
    meta.write_text(text.replace("  period: 2024\n", "  period: 2030\n"))
    env = {paths.DATA_ENV: str(own)}
    listed = run_cli("releases", env=env)
    assert listed.returncode == 0, listed.stderr
    assert [line.split("\t")[0] for line in listed.stdout.splitlines()] == ["2030"]
    missing = run_cli("figures", "--release", "2024", env=env)
    assert missing.returncode == 2 and len(missing.stderr.splitlines()) == 1
    assert f"read from {own / 'releases'} (from {paths.DATA_ENV})" in missing.stderr
    shown = run_cli("figures", "--release", "2030", "--format", "csv", env=env)
    assert shown.returncode == 0 and "total_trade" in shown.stdout


def test_the_licences_and_the_citation_file_say_what_they_must():
    assert PYPROJECT["project"]["license"] == "MIT"
    for name in PYPROJECT["project"]["license-files"]:
        assert (PROJECT_DIR / name).is_file(), name
    assert (PROJECT_DIR / "LICENSE").read_text().startswith("MIT License")
    data_licence = (PROJECT_DIR / "data" / "LICENSE.md").read_text()
    assert "CC BY 4.0" in data_licence and "General Administration of Customs" in data_licence
    cff = yaml.safe_load((PROJECT_DIR / "CITATION.cff").read_text())
    assert cff["cff-version"] == "1.2.0" and cff["license"] == "MIT"
    assert str(cff["version"]) == PYPROJECT["project"]["version"]
    assert cff["title"] and cff["authors"] and cff["message"]
    (source,) = cff["references"]
    assert "General Administration of Customs" in source["authors"][0]["name"]
