"""The build's execution cache, run for real: hits, a miss for each kind of input, corrupt and
partial entries, --force, --dry-run, two builds into one folder at once, and a failing run that
mixes a reused and an executed notebook. The builds run the tiny notebooks of `tiny_notebooks`
(one per kind of `reads`) through TRADEANALYSIS_NOTEBOOKS; which report notebooks a changed
release executes is checked on the report notebooks, without kernels."""

import gc
import os
import re
import shutil
import subprocess
import sys

import pytest
import tiny_notebooks as tiny
from conftest import SYNTHETIC_HISTORY, YEAR, run_cli, set_cell

from tradeanalysis.data.errors import FiguresError
from tradeanalysis.data.paths import RELEASES_DIR
from tradeanalysis.report import build as build_module
from tradeanalysis.report import cache as cache_module
from tradeanalysis.report.build import Outcome, Run, plan

pytestmark = pytest.mark.slow  # starts kernels, builds, servers or browsers (conftest)

NOTEBOOK_COUNT = tiny.COUNT


def snapshot(folder):
    return {p.relative_to(folder): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def summary(result) -> str:
    return result.stdout.strip().splitlines()[-1]


@pytest.fixture(scope="module")
def tiny_build(tmp_path_factory):
    """A copy of the releases and a build of the tiny notebooks for its 2024 release into a
    folder whose cache holds every entry (stored without kernels by `tiny.stand_in`; the
    tests below execute the notebooks they need): (releases folder, out, notebooks folder)."""
    base = tmp_path_factory.mktemp("cache")
    releases = base / "releases"
    shutil.copytree(RELEASES_DIR, releases)
    notebooks, out = tiny.write(base / "tiny"), base / "out"
    tiny.built_without_kernels(notebooks, releases / "2024", out)
    shutil.rmtree(out / "2024")  # the command below assembles the report from the cache
    command = ["build", "--release", releases / "2024", "--out", out, "--quiet"]
    result = run_cli(*command, env=tiny.env(notebooks))
    assert result.returncode == 0, result.stderr
    assert summary(result) == f"0 executed, {NOTEBOOK_COUNT} reused"
    return releases, out, notebooks


@pytest.fixture
def built(tiny_build, monkeypatch):
    """`tiny_build`'s (releases folder, out), with this process and the commands it starts
    building the tiny notebooks."""
    releases, out, notebooks = tiny_build
    tiny.use(monkeypatch, notebooks)
    return releases, out


def entry_of(releases, out, notebook):
    """The cache entry of one notebook of the 2024 run, found by its key."""
    run = Run("2024", str(releases / "2024"))
    key = build_module._inputs(cache_module.Fingerprints(), run, notebook).key
    return out / ".cache" / key[:2] / key


def dry_run(releases, out, *extra) -> dict:
    """{notebook: (action, why)} from `build --dry-run`."""
    result = run_cli("build", "--release", releases / "2024", "--out", out, "--dry-run", *extra)
    assert result.returncode == 0, result.stderr
    rows = {}
    for line in result.stdout.splitlines():
        action, _, notebook, *why = line.split(maxsplit=3)
        rows[notebook] = (action, why[0].strip("()") if why else "")
    return rows


def test_a_rebuild_with_nothing_changed_reuses_every_notebook(built):
    releases, out = built
    pages = {p: b for p, b in snapshot(out / "2024").items() if p.suffix == ".html"}
    result = run_cli("build", "--release", releases / "2024", "--out", out, "--quiet")
    assert result.returncode == 0 and summary(result) == f"0 executed, {NOTEBOOK_COUNT} reused"
    assert {p: b for p, b in snapshot(out / "2024").items() if p.suffix == ".html"} == pages


def test_dry_run_lists_what_would_run_and_changes_nothing(built):
    releases, out = built
    before = snapshot(out)
    rows = dry_run(releases, out)
    assert set(rows) == {p.name for p in build_module.notebooks()}
    assert {action for action, _ in rows.values()} == {"reuse"}
    assert snapshot(out) == before


def test_a_changed_release_executes_only_the_notebooks_that_read_it(built):
    releases, out = built
    figures = releases / "2019" / "figures.csv"
    original = figures.read_bytes()
    try:
        set_cell(figures, "exports", "note", "edited for the test")
        rows = dry_run(releases, out)
    finally:
        figures.write_bytes(original)
    # the 2024 run of a notebook that reads every release beside it, or those up to 2024
    executed = {n for n, (action, _) in rows.items() if action == "execute"}
    assert executed == {"02_history.ipynb", "03_beside.ipynb"}
    assert rows["01_release.ipynb"] == ("reuse", "")
    assert all(why == "releases" for n, (_, why) in rows.items() if n in executed)


def test_a_changed_release_executes_only_the_report_notebooks_that_read_it(tmp_path, monkeypatch):
    """The report notebooks declare what they read: the 2024 headline every release, the
    history, the months and the checks those up to 2024 (their cache filled without kernels)."""
    releases = tmp_path / "releases"
    shutil.copytree(RELEASES_DIR, releases)
    monkeypatch.setattr(build_module, "run_notebook", tiny.stand_in)
    run = Run("2024", str(releases / "2024"))
    assert all(o.ok for o in build_module.build([run], tmp_path / "out", jobs=1, quiet=True))
    set_cell(releases / "2019" / "figures.csv", "exports", "note", "edited for the test")
    rows = plan([run], tmp_path / "out")
    executed = {name: why for _, name, action, why in rows if action == "execute"}
    assert set(executed) == {
        "01_headline.ipynb",
        "02_history.ipynb",
        "03_in_year.ipynb",
        "08_checks.ipynb",
    }
    assert all(why == ["releases"] for why in executed.values())
    assert {action for _, name, action, _ in rows if name not in executed} == {"reuse"}


def test_changed_parameters_execute_every_notebook_and_say_why(built):
    releases, out = built
    rows = dry_run(releases, out, "-p", "scale", "billion")
    assert {action for action, _ in rows.values()} == {"execute"}
    assert {why for _, why in rows.values()} == {"parameters"}


@pytest.mark.parametrize("notebook", list(tiny.NOTEBOOKS))
def test_a_release_key_does_not_depend_on_where_its_folder_lives(
    built, notebook, tmp_path, monkeypatch
):
    """Copies of the releases on either side of data/sections.yml in path order (CI clones the
    project under a path that sorts before the test's temporary folder) share every key."""
    sections = tmp_path / "m" / "data" / "sections.yml"
    sections.parent.mkdir(parents=True)
    shutil.copy(cache_module.SECTIONS_FILE, sections)
    monkeypatch.setattr(cache_module, "SECTIONS_FILE", sections)
    keys = []
    for side in ("a", "z"):
        shutil.copytree(RELEASES_DIR, tmp_path / side / "releases")
        inputs = cache_module.Fingerprints().inputs(
            notebook, tmp_path / side / "releases" / "2024", {}
        )
        keys.append(inputs.parts["releases"])
    assert keys[0] == keys[1]


@pytest.mark.parametrize("kind", ["notebook", "package", "versions"])
def test_each_other_input_changes_the_key(built, kind, tmp_path, monkeypatch):
    releases, _ = built
    before = cache_module.Fingerprints().inputs("01_release.ipynb", releases / "2024", {})
    if kind == "notebook":
        copy = tmp_path / "tiny"  # the same folder name: a key holds it with the file name
        shutil.copytree(cache_module.NOTEBOOKS_DIR, copy)
        notebook = copy / "01_release.ipynb"
        notebook.write_text(notebook.read_text().replace("Tiny release", "Tiny release!", 1))
        monkeypatch.setattr(cache_module, "NOTEBOOKS_DIR", copy)
    elif kind == "package":
        copy = tmp_path / "package"
        shutil.copytree(cache_module.PACKAGE_DIR, copy)
        edited = copy / "narrative" / "charts.py"
        edited.write_text(edited.read_text() + "\n# edited\n")
        monkeypatch.setattr(cache_module, "PACKAGE_DIR", copy)
    else:
        real = cache_module.metadata.version
        monkeypatch.setattr(
            cache_module.metadata, "version", lambda n: "0.0" if n == "pandas" else real(n)
        )
    after = cache_module.Fingerprints().inputs("01_release.ipynb", releases / "2024", {})
    assert after.key != before.key
    assert after.changed_since(before.parts) == [kind]


def test_a_damaged_entry_is_rebuilt_never_served(built):
    """Two entries damaged two ways (a page changed, the manifest gone): one build executes
    both notebooks again and serves neither entry."""
    releases, out = built
    damaged = {"01_release.ipynb": "corrupt page", "03_beside.ipynb": "no manifest"}
    for notebook, damage in damaged.items():
        entry = entry_of(releases, out, notebook)
        page = entry / notebook.replace(".ipynb", ".html")
        assert page.is_file()
        if damage == "corrupt page":
            with page.open("ab") as handle:
                handle.write(b"<p>tampered</p>")
        else:
            (entry / "manifest.json").unlink()
    # the report is gone too: an intact report with unchanged inputs needs no cache entry
    shutil.rmtree(out / "2024")
    result = run_cli("build", "--release", releases / "2024", "--out", out, "--quiet", timeout=600)
    assert result.returncode == 0 and summary(result) == f"2 executed, {NOTEBOOK_COUNT - 2} reused"
    assert b"tampered" not in (out / "2024" / "01_release.html").read_bytes()


def test_force_executes_everything(built, tmp_path, monkeypatch):
    # A stand-in executor (it fails each notebook at once): what --force must change is that
    # nothing comes from the cache; running real kernels again would test nothing more.
    releases, out = built
    copy = tmp_path / "out"
    shutil.copytree(out, copy)
    monkeypatch.setattr(build_module, "run_notebook", fails_on_purpose)
    run = Run("2024", str(releases / "2024"))
    assert all(o.reused for o in build_module.build([run], copy, jobs=1, quiet=True))
    forced = build_module.build([run], copy, jobs=1, quiet=True, force=True)
    assert len(forced) == NOTEBOOK_COUNT and not any(o.reused for o in forced)
    assert gc.get_freeze_count() == 0  # the build froze what it preloaded, and thawed it
    assert (copy / "2024").is_dir() and snapshot(copy / "2024") == snapshot(out / "2024")


def test_two_builds_into_one_folder_at_once_both_finish(built, tmp_path):
    """Both builds execute the same notebook (its entry removed from a copy of the cache) and
    write the same entry at once; each reuses the other notebooks."""
    releases, seeded = built
    out = tmp_path / "shared"
    shutil.copytree(seeded / ".cache", out / ".cache")
    shutil.rmtree(entry_of(releases, out, "01_release.ipynb"))
    command = [sys.executable, "-m", "tradeanalysis", "build", "--release", str(releases / "2024")]
    command += ["--out", str(out), "--quiet", "--jobs", "1"]
    pipes = {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE, "text": True}
    first = subprocess.Popen(command, **pipes)  # the environment names the tiny notebooks
    second = subprocess.Popen(command, **pipes)
    for process in (first, second):
        stdout, stderr = process.communicate(timeout=600)
        assert process.returncode == 0, stderr
        executed, reused = map(int, re.findall(r"\d+", stdout.strip().splitlines()[-1]))
        assert executed + reused == NOTEBOOK_COUNT and reused >= NOTEBOOK_COUNT - 1
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == [
        "2024",
        "index.html",
    ]
    third = run_cli("build", "--release", releases / "2024", "--out", out, "--quiet")
    assert summary(third) == f"0 executed, {NOTEBOOK_COUNT} reused"  # every entry whole


def fails_on_purpose(run, notebook, folder):
    """Stands in for `build.run_notebook` in a worker: the notebook fails without running."""
    return Outcome(run.name, notebook, False, 0.1, "cell 3", "RuntimeError: on purpose")


def test_a_failing_run_with_a_reused_and_an_executed_notebook_keeps_the_old_report(
    built, tmp_path, monkeypatch
):
    releases, built_out = built
    out = tmp_path / "out"  # a copy: the builds of the tests after it find every entry
    shutil.copytree(built_out, out)
    before = snapshot(out / "2024")
    shutil.rmtree(entry_of(releases, out, "01_release.ipynb"))  # executes; the others reused

    monkeypatch.setattr(build_module, "run_notebook", fails_on_purpose)
    run = Run("2024", str(releases / "2024"))
    outcomes = build_module.build([run], out, jobs=1, quiet=True)
    assert sorted((o.notebook, o.ok, o.reused) for o in outcomes)[0] == (
        "01_release.ipynb",
        False,
        False,
    )
    assert sum(o.reused for o in outcomes) == NOTEBOOK_COUNT - 1
    assert snapshot(out / "2024") == before
    assert (out / "_failed" / "2024" / "02_history.html").is_file()


def test_the_plan_of_a_release_never_built_says_so(built, tmp_path):
    releases, _ = built
    rows = plan([Run("2024", str(releases / "2024"))], tmp_path / "empty")
    assert {(action, tuple(why)) for _, _, action, why in rows} == {("execute", ("never built",))}
    assert not (tmp_path / "empty").exists()


def _args(releases, out):
    """The namespace `tradeanalysis build --release RELEASES/2024 --out OUT --quiet` parses to
    (the `built` fixture's command)."""
    from tradeanalysis.cli import make_parser

    return make_parser().parse_args(
        ["build", "--release", str(releases / "2024"), "--out", str(out), "--quiet"]
    )


def test_a_build_with_nothing_to_do_loads_no_pandas_and_prints_what_the_last_one_did(built):
    releases, out = built
    command = ["build", "--release", str(releases / "2024"), "--out", str(out), "--quiet"]
    result = run_cli(*command, timeout=600)  # whatever the tests before left, built and stamped
    assert result.returncode == 0, result.stderr
    code = (
        "import sys; from tradeanalysis.cli import main; code = main(sys.argv[1:]); "
        "print('pandas loaded:', 'pandas' in sys.modules); sys.exit(code)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, *command], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert lines == [
        f"report: {out / '2024' / 'index.html'}",
        f"0 executed, {NOTEBOOK_COUNT} reused",
        "pandas loaded: False",
    ]


def test_anything_changed_since_the_last_build_makes_the_build_run(built, tmp_path):
    """The stamp of the last build is trusted only while neither what it read nor what it wrote
    changed; each change below makes `nothing_to_do` decline, and undoing it restores it."""
    from tradeanalysis.report.unchanged import nothing_to_do

    releases, out = built
    result = run_cli("build", "--release", releases / "2024", "--out", out, "--quiet", timeout=600)
    assert result.returncode == 0, result.stderr
    args = _args(releases, out)
    assert nothing_to_do(args, out) == result.stdout.strip().splitlines()
    figures = releases / "2019" / "figures.csv"  # a release beside the one built
    original = figures.read_bytes()
    figures.write_bytes(original + b"\n")
    assert nothing_to_do(args, out) is None
    figures.write_bytes(original)
    assert nothing_to_do(args, out) is not None
    page = out / "2024" / "01_release.html"
    os.utime(page, ns=(0, 0))  # a report touched or replaced since
    assert nothing_to_do(args, out) is None
    shutil.rmtree(out / "2024")  # a report deleted: rebuilt from the cache, stamped again
    result = run_cli("build", "--release", releases / "2024", "--out", out, "--quiet", timeout=600)
    assert summary(result) == f"0 executed, {NOTEBOOK_COUNT} reused"
    assert nothing_to_do(args, out) is not None
    (out / f".2024.building-{os.getpid() + 10**6}-x").mkdir()  # left by a killed build
    assert nothing_to_do(args, out) is None
    (out / f".2024.building-{os.getpid() + 10**6}-x").rmdir()
    other = _args(releases, out)
    other.parameter = [["scale", "billion"]]  # another command has a stamp of its own
    assert nothing_to_do(other, out) is None
    assert nothing_to_do(_args(releases, out), out) is not None
    forced = _args(releases, out)
    forced.force = True
    assert nothing_to_do(forced, out) is None


def test_a_release_edited_while_the_build_ran_makes_the_next_build_run(tmp_path):
    """The stamp holds what the build read when it started, not when it ended."""
    from tradeanalysis.report import unchanged

    releases = tmp_path / "releases"
    shutil.copytree(RELEASES_DIR / "2024", releases / "2024")
    out = tmp_path / "out"
    (out / "2024").mkdir(parents=True)
    args = _args(releases, out)
    started = unchanged.begin(args, out, [str(releases / "2024")])
    unchanged.remember(started, out, ["printed"])
    assert unchanged.nothing_to_do(args, out) == ["printed"]
    started = unchanged.begin(args, out, [str(releases / "2024")])
    set_cell(releases / "2024" / "figures.csv", "exports", "note", "edited during the build")
    unchanged.remember(started, out, ["printed"])
    assert unchanged.nothing_to_do(args, out) is None


@pytest.mark.parametrize("folder", [RELEASES_DIR, SYNTHETIC_HISTORY, YEAR], ids=lambda f: f.name)
def test_the_keys_publication_order_is_the_one_releases_in_gives(folder):
    """A key orders releases by reading release.yml alone (no table parsed): the same order and
    dates as loading and validating every release."""
    from tradeanalysis.analysis.vintages import releases_in
    from tradeanalysis.data.load import publication_order

    loaded = [(r.published, r.path) for r in releases_in(folder)]
    assert publication_order(folder) == loaded and len(loaded) >= 3


def test_a_release_yml_without_a_plain_date_is_loaded_for_its_order(tmp_path):
    """A date the plain reading misses (here a quoted one on a folded line) is read by loading
    the release; a release that does not load says why."""
    from tradeanalysis.data.load import publication_order

    shutil.copytree(RELEASES_DIR / "2018", tmp_path / "2018")
    shutil.copytree(RELEASES_DIR / "2024", tmp_path / "2024")
    meta = tmp_path / "2018" / "release.yml"
    meta.write_text(meta.read_text().replace("published: ", "published:\n  ", 1))
    assert [path.name for _, path in publication_order(tmp_path)] == ["2018", "2024"]
    (tmp_path / "2018" / "figures.csv").write_text("id,section\n")
    with pytest.raises(FiguresError, match="figures.csv"):
        publication_order(tmp_path)


def test_a_build_parses_every_release_beside_it_before_forking_and_skips_a_bad_one(tmp_path):
    """`_parse_releases` fills `load_release`'s cache with the releases beside those built; a
    defective one is left for the notebook that reads it."""
    from tradeanalysis.data import load

    for name in ("2018", "2019", "2024"):
        shutil.copytree(RELEASES_DIR / name, tmp_path / name)
    (tmp_path / "2019" / "figures.csv").write_text("id,section\n")
    build_module._parse_releases({tmp_path})
    cached = {path.name for path in load._CACHE if path.parent == tmp_path}
    assert cached == {"2018", "2024"}
