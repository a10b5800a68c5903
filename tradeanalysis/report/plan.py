"""What a build will do, checked before anything runs: the runs (a release and its notebook
parameters each) from `--release`, `-p` and a params file, and the notebooks they run. Bad input
raises `BuildError` with one line saying what to change.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from tradeanalysis.data.errors import FiguresError
from tradeanalysis.data.load import load_release, release_dirs, resolve_release
from tradeanalysis.data.paths import NOTEBOOKS_DIR, where_notebooks_come_from
from tradeanalysis.data.textfile import load_yaml
from tradeanalysis.narrative.params import (
    ParameterError,
    check_palette,
    check_parameters,
    normalized,
)
from tradeanalysis.report import notebook_files

ALL_RELEASES = "all"  # --release all: every release under data/releases
_RUN_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
_SCALARS = (str, int, float, bool, type(None))
# Numbers on the command line: ASCII digits, no "_", no inf or nan.
_INTEGER = re.compile(r"^[+-]?[0-9]{1,18}$")
_DECIMAL = re.compile(r"^[+-]?([0-9]{1,18}(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]{1,3})?$")


class BuildError(ValueError):
    """Bad input to a build (release, parameter, params file, output folder); nothing has run."""


@dataclass(frozen=True)
class Run:
    """One report: a release and the notebook parameters to run it with."""

    name: str
    release: str
    parameters: dict = field(default_factory=dict)
    # The pages asked for (notebook file names); empty: every page the release has something for.
    pages: tuple[str, ...] = ()


def notebooks() -> list[Path]:
    """The notebooks a build runs, in reading order: `NN_name.ipynb` in the notebooks folder
    (the project's, or $TRADEANALYSIS_NOTEBOOKS); BuildError when there is none."""
    found = sorted(NOTEBOOKS_DIR.glob("[0-9][0-9]_*.ipynb"))
    if not found:
        raise BuildError(
            f"{where_notebooks_come_from()}: no notebook named like 01_name.ipynb there; "
            "name a folder of notebooks"
        )
    return found


# Pages that tell sections of a release, by the name after their number: a run whose release has
# no figure in any of those sections leaves the page out, and its index says so. Every other page
# (history, checks, other sections) speaks for any release and is always run.
PAGE_SECTIONS = {
    "headline": ("headline",),
    "exports_imports": ("trade",),
    "partners_regions": ("partners",),
    "shenzhen": ("shenzhen",),
}


def page_name(path: Path) -> str:
    """A page's name: its notebook's file name after the number ("in_year" for 03_in_year)."""
    return path.stem.split("_", 1)[-1]


def pages_of(run: Run) -> tuple[list[Path], dict[str, str]]:
    """The notebooks a run executes, and those it leaves out (file name -> why, in words)."""
    release = load_release(run.release)
    kept, left_out = [], {}
    for path in notebooks():
        sections = PAGE_SECTIONS.get(page_name(path), ())
        if sections and not any(len(release.section(s)) for s in sections):
            names = " or ".join(f'"{s}"' for s in sections)
            left_out[path.name] = f"release {release.id} has no figure in section {names}"
        elif run.pages and path.name not in run.pages:
            left_out[path.name] = "not among the pages this run asks for"
        else:
            kept.append(path)
    return kept, left_out


def page_files(names, where: str) -> tuple[str, ...]:
    """A run's `pages:` list as notebook file names; each entry names a page ("in_year"), a
    notebook ("03_in_year") or its file ("03_in_year.ipynb")."""
    by_name = {}
    for path in notebooks():
        for key in (page_name(path), path.stem, path.name):
            by_name[key] = path.name
    if not isinstance(names, list) or not names or not all(isinstance(n, str) for n in names):
        raise BuildError(f"{where}: `pages` must be a list of page names")
    unknown = [n for n in names if n not in by_name]
    if unknown:
        known = ", ".join(page_name(p) for p in notebooks())
        raise BuildError(f"{where}: no page called {unknown[0]!r}; the pages are {known}")
    return tuple(dict.fromkeys(by_name[n] for n in names))


def notebook_parameters() -> set[str]:
    """Parameter names the notebooks declare in their `parameters` cells."""
    names = set()
    for path in notebooks():
        names |= set(notebook_files.parameter_names(path))
    return names


def parse_literal(text: str):
    """A command-line parameter value as a literal: int, float, bool, None, or else a string."""
    lowered = text.strip().lower()
    if lowered in ("none", "null"):
        return None
    if lowered in ("true", "false"):
        return lowered == "true"
    if _INTEGER.match(text.strip()):
        return int(text)
    if _DECIMAL.match(text.strip()):
        return float(text)
    return text  # "inf", "nan", "1_000" and full-width digits stay words, refused as numbers


def _check_parameters(params: dict, where: str, known: set[str]) -> dict:
    for name, value in params.items():
        if name not in known:
            takes = ", ".join(sorted(known - {"release"}))
            raise BuildError(f"{where}: unknown parameter {name!r}; the notebooks take {takes}")
        if name == "release":
            raise BuildError(f"{where}: give the release with --release or a run's `release:` key")
        if not isinstance(value, _SCALARS):
            raise BuildError(
                f"{where}: parameter {name!r} must be a single value, not {type(value).__name__}"
            )
    return params


def _check_release(release: str, where: str) -> str:
    try:
        folder = resolve_release(release)
        load_release(folder)
    except FiguresError as exc:
        raise BuildError(f"{where}: {exc}") from None
    return str(folder)


def plan_runs(releases=None, parameters=(), params_file=None) -> list[Run]:
    """The runs a build makes, validated before anything executes; BuildError on bad input."""
    known = notebook_parameters()
    cli_params = _check_parameters({n: parse_literal(v) for n, v in parameters}, "-p", known)
    runs = []
    if params_file:
        runs += _runs_from_file(Path(params_file), cli_params, known)
    if releases or not params_file:
        for release in _expand_all(releases or ["2024"]):
            folder = _check_release(release, f"--release {release}")
            runs.append(Run(_run_name(release, folder), folder, dict(cli_params)))
    runs = [_checked_values(run) for run in runs]
    names = [r.name for r in runs]
    if len(set(names)) != len(names):
        raise BuildError(
            f"two runs share a name: {', '.join(sorted(names))}; give each run its own name"
        )
    return runs


def _checked_values(run: Run) -> Run:
    """The run with its parameter values checked as the notebooks check them (before any kernel
    starts) and their case normalized (`usd` is USD)."""
    parameters = normalized(run.parameters)
    try:
        check_parameters(run.release, **parameters)
        if "palette" in parameters:
            check_palette(parameters["palette"])
    except ParameterError as exc:
        raise BuildError(f"run {run.name}: {exc}") from None
    return Run(run.name, run.release, parameters, run.pages)


def _expand_all(releases: list[str]) -> list[str]:
    """`all` stands for every release under data/releases, by id."""
    expanded = []
    for release in releases:
        expanded += [p.name for p in release_dirs()] if release == ALL_RELEASES else [release]
    return list(dict.fromkeys(expanded))


def _run_name(release: str, folder: str) -> str:
    name = release if _RUN_NAME.match(release) else Path(folder).name
    if not _RUN_NAME.match(name):
        raise BuildError(f"cannot name a run after {release!r}; use a params file with a run name")
    return name


def _runs_from_file(path: Path, cli_params: dict, known: set[str]) -> list[Run]:
    if not path.is_file():
        raise BuildError(f"{path}: params file not found")
    try:
        spec = load_yaml(path)
    except FiguresError as exc:
        raise BuildError(str(exc)) from None
    if not isinstance(spec, dict) or not isinstance(spec.get("runs"), dict) or not spec["runs"]:
        raise BuildError(
            f"{path}: expected a `runs:` mapping of run names to {{release, parameters}}"
        )
    runs = []
    for name, body in spec["runs"].items():
        where = f"{path}, run {name!r}"
        if not isinstance(name, str) or not _RUN_NAME.match(name):
            raise BuildError(f"{where}: run names are letters, digits, '.', '_' and '-'")
        body = body or {}
        if not isinstance(body, dict) or set(body) - {"release", "parameters", "pages"}:
            raise BuildError(f"{where}: a run takes only `release`, `parameters` and `pages`")
        params = body.get("parameters") or {}
        if not isinstance(params, dict):
            raise BuildError(f"{where}: `parameters` must be a mapping of name to value")
        params = {**_check_parameters(params, where, known), **cli_params}
        folder = _check_release(str(body.get("release", "2024")), where)
        pages = page_files(body["pages"], where) if "pages" in body else ()
        runs.append(Run(name, folder, params, pages))
    return runs
