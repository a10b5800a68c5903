"""The execution cache repairs itself: every kind of damage to an entry, or to the cache folder,
makes the entry a miss (removed, never served, never blocking), and the next store puts it back
whole. The builds here stand a quick writer in for the kernels: what is tested is the cache."""

import json
import os
import shutil
import threading

import pytest
from conftest import run_main

from tradeanalysis.data.paths import RELEASES_DIR
from tradeanalysis.report import build as build_module
from tradeanalysis.report import cleanup, outdir
from tradeanalysis.report.build import Outcome, Run
from tradeanalysis.report.entries import MANIFEST, Cache

KEY = "ab" + "0" * 62
NOTEBOOK = "06_shenzhen.ipynb"


@pytest.fixture
def cache(tmp_path):
    """A cache under tmp_path/out holding one whole entry, and the folder it was stored from."""
    built = tmp_path / "built"
    (built / "charts").mkdir(parents=True)
    (built / NOTEBOOK).write_text('{"cells": []}')
    (built / "06_shenzhen.html").write_text("<p>page</p>")
    (built / "charts" / "06_shenzhen-1.png").write_bytes(b"\x89PNG")
    store = Cache(tmp_path / "out")
    store.store(KEY, NOTEBOOK, built)
    assert store.fetch(KEY, NOTEBOOK, tmp_path / "check")
    return store, built


def entry(store: Cache):
    return store.root / KEY[:2] / KEY


def damage(store: Cache, kind: str) -> None:
    page = entry(store) / "06_shenzhen.html"
    if kind in ("null", "[]", '"text"', "{"):
        (entry(store) / MANIFEST).write_text(kind)
    elif kind == "escaping name":
        (entry(store) / MANIFEST).write_text(json.dumps({"../../../escaped": "0"}))
    elif kind == "page is a folder":
        page.unlink()
        page.mkdir()
    elif kind == "page is a pipe":
        page.unlink()
        os.mkfifo(page)
    elif kind == "page is a link":
        page.unlink()
        page.symlink_to("/dev/zero")
    elif kind == "manifest is a folder":
        (entry(store) / MANIFEST).unlink()
        (entry(store) / MANIFEST).mkdir()
    elif kind == "entry is a file":
        shutil.rmtree(entry(store))
        entry(store).write_text("not a folder")
    elif kind == "prefix is a file":
        shutil.rmtree(entry(store).parent)
        entry(store).parent.write_text("not a folder")


KINDS = [
    "null",
    "[]",
    '"text"',
    "{",
    "escaping name",
    "page is a folder",
    "page is a pipe",
    "page is a link",
    "manifest is a folder",
    "entry is a file",
    "prefix is a file",
]


@pytest.mark.parametrize("kind", KINDS)
def test_a_damaged_entry_is_a_miss_then_stored_whole(cache, tmp_path, kind):
    store, built = cache
    damage(store, kind)
    into = tmp_path / "into"
    into.mkdir()
    reader = threading.Thread(target=lambda: result.append(store.fetch(KEY, NOTEBOOK, into)))
    result = []
    reader.start()
    reader.join(10)
    assert not reader.is_alive(), "reading the entry blocked"
    assert result == [False] and not list(into.iterdir())
    assert not (tmp_path / "escaped").exists()
    store.store(KEY, NOTEBOOK, built)  # executed again: stored whole
    assert store.fetch(KEY, NOTEBOOK, into)
    assert (into / "06_shenzhen.html").read_text() == "<p>page</p>"


@pytest.mark.parametrize("kind", ["missing", "a file", "a link"])
def test_a_cache_folder_that_is_gone_or_a_file_is_made_again(cache, tmp_path, kind):
    store, built = cache
    shutil.rmtree(store.root)
    if kind == "a file":
        store.root.write_text("oops")
    elif kind == "a link":
        store.root.symlink_to(tmp_path / "nowhere")
    assert not store.fetch(KEY, NOTEBOOK, tmp_path)
    store.repair()
    store.store(KEY, NOTEBOOK, built)
    assert store.root.is_dir() and store.fetch(KEY, NOTEBOOK, tmp_path / "again")


def test_a_malformed_last_run_record_is_forgotten(cache):
    store, _ = cache
    path = store.root / "last" / "2024--06_shenzhen.ipynb.json"
    path.parent.mkdir(parents=True)
    for text in ("null", "[1]", "{"):
        path.write_text(text)
        assert store.recalled("2024", NOTEBOOK) is None


def writes_pages(run, notebook, folder):
    """Stands in for `build.run_notebook`: writes the notebook and a page, as a run would."""
    from tradeanalysis.data.paths import NOTEBOOKS_DIR

    shutil.copy(NOTEBOOKS_DIR / notebook, os.path.join(folder, notebook))
    with open(os.path.join(folder, notebook[:-6] + ".html"), "w") as page:
        page.write(f"<h1>{notebook}</h1>")
    return Outcome(run.name, notebook, True, 0.1)


@pytest.mark.parametrize("kind", ["a file", "missing"])
def test_a_build_with_a_broken_cache_folder_repairs_it(tmp_path, monkeypatch, kind):
    out = tmp_path / "out"
    out.mkdir()
    if kind == "a file":
        (out / ".cache").write_text("not a folder")
    monkeypatch.setattr(build_module, "run_notebook", writes_pages)
    run = Run("2024", str(RELEASES_DIR / "2024"))
    first = build_module.build([run], out, jobs=1, quiet=True)
    assert all(o.ok and not o.reused for o in first)
    again = build_module.build([run], out, jobs=1, quiet=True)
    assert all(o.reused for o in again) and (out / "2024" / "index.html").is_file()


def test_a_build_removes_half_built_folders_whose_build_is_gone(tmp_path, monkeypatch):
    import subprocess
    import sys

    gone = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], text=True, capture_output=True
    ).stdout.strip()
    out = tmp_path / "out"
    orphan = out / f".2024.building-{gone}-x1"
    old = out / f".2024.old-{gone}-x2"
    mine = out / f".2024.building-{os.getpid()}-x3"
    for folder in (orphan, old, mine):
        (folder / "charts").mkdir(parents=True)
    assert sorted(cleanup.remove_orphans(out)) == sorted([orphan, old])
    assert mine.is_dir(), "a folder of a running build is left alone"


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (lambda p: (p.write_text("x"), p)[1], "is a file, not a folder"),
        (lambda p: (p.write_text("x"), p / "under")[1], "is under"),
        (lambda p: __import__("pathlib").Path("/proc/tradeanalysis-out"), "cannot write there"),
    ],
)
def test_an_output_folder_that_cannot_be_written_is_one_line(tmp_path, make, words):
    out = make(tmp_path / "target")
    code, _, stderr = run_main(["build", "--out", out, "--quiet"])
    assert code == 2 and len(stderr.strip().splitlines()) == 1 and words in stderr, stderr


def test_a_full_disk_is_refused_before_any_kernel_starts(tmp_path, monkeypatch):
    started = []
    monkeypatch.setattr(outdir, "free_bytes", lambda folder: 1_000_000)
    monkeypatch.setattr(build_module, "build", lambda *a, **k: started.append(1))
    code, _, stderr = run_main(["build", "--out", tmp_path / "out", "--quiet"])
    assert code == 2 and "only 1 MB free" in stderr and not started
    assert not (tmp_path / "out").exists()


def test_a_disk_that_fills_during_the_build_is_one_line(tmp_path, monkeypatch):
    def full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(build_module, "build", full)
    code, _, stderr = run_main(["build", "--out", tmp_path / "out", "--quiet"])
    assert code == 2 and "the disk is full" in stderr and len(stderr.strip().splitlines()) == 1
