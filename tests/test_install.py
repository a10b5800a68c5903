"""The package as a newcomer gets it, outside any clone: an sdist and a wheel built from it (so
both carry the releases, sections, notebooks and templates), the wheel installed with its pinned
dependencies into a fresh virtual environment, and used from another folder with a home of its
own (no Jupyter kernel or setting of this machine's user): `ta.load_release("2024")`,
`ta.history()`, `tradeanalysis releases`, `tradeanalysis build --out DIR`, and an analyst's own
data folder through TRADEANALYSIS_DATA.

It installs every pinned package into a new environment (from pip's cache, else the package
index), which takes minutes: `make test-install` runs it, and so does CI; `make test` does not.
"""

import json
import os
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

import tradeanalysis as ta
from tradeanalysis.data.paths import DATA_ENV, PROJECT_DIR, RELEASES_DIR

pytestmark = pytest.mark.slow  # starts kernels, builds, servers or browsers (conftest)

# Variables that would let the fresh environment see this clone, its venv or this user's Jupyter.
LEAKS = ("VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME", DATA_ENV, "MPLCONFIGDIR")


def packaged_files() -> set[str]:
    """What the wheel must carry under tradeanalysis/_files/: every file of data/ and notebooks/."""
    data = [p for p in (PROJECT_DIR / "data").rglob("*") if p.is_file()]
    notebooks = sorted((PROJECT_DIR / "notebooks").glob("*.ipynb"))
    return {
        "tradeanalysis/_files/" + p.relative_to(PROJECT_DIR).as_posix() for p in data + notebooks
    }


def run(args, cwd, env, timeout=600):
    result = subprocess.run(
        [str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout
    )
    assert result.returncode == 0, f"{args}: {result.stderr[-3000:]}"
    return result


@pytest.fixture(scope="module")
def dist(tmp_path_factory):
    """The sdist and the wheel, built as `python -m build` does (the wheel from the sdist)."""
    out = tmp_path_factory.mktemp("dist")
    run([sys.executable, "-m", "build", "--outdir", out, PROJECT_DIR], PROJECT_DIR, None, 900)
    (sdist,) = out.glob("*.tar.gz")
    (wheel,) = out.glob("*.whl")
    return sdist, wheel


@pytest.fixture(scope="module")
def installed(dist, tmp_path_factory):
    """(environment variables, a folder outside the clone, the installed package's folder)."""
    root = tmp_path_factory.mktemp("newcomer")
    venv = root / "venv"
    base = getattr(sys, "_base_executable", sys.executable)
    run([base, "-m", "venv", venv], root, None)
    run([venv / "bin" / "python", "-m", "pip", "install", "-q", dist[1]], root, None, 1800)
    (root / "home").mkdir()
    (root / "elsewhere").mkdir()
    own_bin = str(Path(sys.executable).parent)
    path = [p for p in os.environ["PATH"].split(os.pathsep) if p != own_bin]
    env = {k: v for k, v in os.environ.items() if k not in LEAKS and not k.startswith("JUPYTER")}
    env.update(PATH=os.pathsep.join([str(venv / "bin"), *path]), HOME=str(root / "home"))
    where = run(
        [
            "python",
            "-c",
            "import tradeanalysis, pathlib; print(pathlib.Path(tradeanalysis.__file__).parent)",
        ],
        root / "elsewhere",
        env,
    )
    package = Path(where.stdout.strip())
    assert package.is_relative_to(venv) and not package.is_relative_to(PROJECT_DIR)
    return env, root / "elsewhere", package


def test_the_sdist_and_the_wheel_carry_the_data_notebooks_and_templates(dist):
    sdist, wheel = dist
    with tarfile.open(sdist) as archive:
        top = archive.getnames()[0].split("/")[0]
        in_sdist = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}
    for name in ("LICENSE", "CITATION.cff", "data/datapackage.json", "data/LICENSE.md"):
        assert name in in_sdist, name
    expected = packaged_files()
    assert {n.removeprefix("tradeanalysis/_files/") for n in expected} <= in_sdist
    names = set(zipfile.ZipFile(wheel).namelist())
    missing = expected - names
    assert not missing, f"not in the wheel: {sorted(missing)[:5]}"
    assert "tradeanalysis/report/templates/offline/index.html.j2" in names
    assert f"{top}.data/data/share/jupyter/kernels/tradeanalysis/kernel.json" in names
    assert {
        f"{top}.dist-info/licenses/LICENSE",
        f"{top}.dist-info/licenses/data/LICENSE.md",
    } <= names


def test_the_library_loads_the_packaged_releases(installed):
    env, elsewhere, _ = installed
    code = (
        "import json, tradeanalysis as ta; r = ta.load_release('2024'); h = ta.history();"
        "total = r.figures.loc['total_trade', 'value'];"
        "print(json.dumps([total, len(h), sorted(set(h['release']))]))"
    )
    value, rows, releases = json.loads(run(["python", "-c", code], elsewhere, env).stdout)
    here = ta.history()
    assert value == 43.85
    assert rows == len(here) and releases == sorted(set(here["release"]))


def test_the_command_lists_the_releases(installed):
    env, elsewhere, _ = installed
    listed = run(["tradeanalysis", "releases"], elsewhere, env).stdout.splitlines()
    clone = subprocess.run(
        [sys.executable, "-m", "tradeanalysis", "releases"], capture_output=True, text=True
    )
    assert listed == clone.stdout.splitlines() and len(listed) == len(ta.release_dirs())


def test_the_command_builds_a_report_outside_the_package(installed):
    env, elsewhere, package = installed
    before = files_of(package)
    built = run(["tradeanalysis", "build", "--out", "out", "--quiet"], elsewhere, env, 1200)
    assert "8 executed, 0 reused" in built.stdout
    index = (elsewhere / "out" / "2024" / "index.html").read_text()
    assert "43.85" in index
    pages = sorted(p.name for p in (elsewhere / "out" / "2024").glob("0*.html"))
    assert pages == [p.stem + ".html" for p in sorted((PROJECT_DIR / "notebooks").glob("0*.ipynb"))]
    assert files_of(package) == before, "the build wrote inside the installed package"


def test_an_analysts_own_folder_is_read_instead_of_the_packaged_one(installed, tmp_path):
    env, elsewhere, _ = installed
    own = tmp_path / "mine" / "releases"
    own.mkdir(parents=True)
    (own / "2024").symlink_to(RELEASES_DIR / "2024", target_is_directory=True)
    listed = run(["tradeanalysis", "releases"], elsewhere, {**env, DATA_ENV: str(own.parent)})
    assert [line.split("\t")[0] for line in listed.stdout.splitlines()] == ["2024"]


def files_of(folder: Path) -> set[Path]:
    return {p for p in folder.rglob("*") if "__pycache__" not in p.parts}
