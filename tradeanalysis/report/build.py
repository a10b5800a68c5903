"""`tradeanalysis build`: run every notebook for each run with papermill, in parallel, export each
executed notebook to offline HTML (no code, images embedded, nothing fetched), and write an index
per run. A run is assembled in a temporary folder and moved into place only when every notebook
succeeded, so a failed or interrupted build never leaves a half-written report and never replaces
the previous good one; the failed run's executed notebooks are kept under `<out>/_failed/<run>/`.
"""

from __future__ import annotations

import concurrent.futures as cf
import multiprocessing
import os
import re
import shutil
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from tradeanalysis.data.load import load_release, release_dirs, resolve_release
from tradeanalysis.data.paths import NOTEBOOKS_DIR, RELEASES_DIR, REPORTS_DIR
from tradeanalysis.data.release import FiguresError
from tradeanalysis.narrative.params import (
    ParameterError,
    check_palette,
    check_parameters,
    normalized,
)
from tradeanalysis.report import notebook_files, pages
from tradeanalysis.report.notebook_files import KERNEL_NAME

ALL_RELEASES = "all"  # --release all: every release under data/releases
KERNEL = KERNEL_NAME
TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
HIDDEN_TAG = "remove-from-report"  # cells that only matter in the notebook (parameters, set-up)
_RUN_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
_SCALARS = (str, int, float, bool, type(None))
# Errors seen when a kernel fails to come up (e.g. TCP port collisions when kernels start at once):
# such a start is retried once, by the build and by the tests that run notebooks.
KERNEL_START_ERRORS = ("kernel died", "kernel didn't respond", "address already in use", "zmq")


class BuildError(ValueError):
    """Bad input to a build (release, parameter, params file); nothing has been run."""


@dataclass(frozen=True)
class Run:
    """One report: a release and the notebook parameters to run it with."""

    name: str
    release: str
    parameters: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Outcome:
    """How one notebook of one run went; `cell` and `error` are set when it failed."""

    run: str
    notebook: str
    ok: bool
    seconds: float
    cell: str = ""
    error: str = ""
    reused: bool = False  # taken from the execution cache, not executed


def notebooks() -> list[Path]:
    return sorted(NOTEBOOKS_DIR.glob("[0-9][0-9]_*.ipynb"))


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
    for kind in (int, float):
        try:
            return kind(text)
        except ValueError:
            pass
    return text


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
    return Run(run.name, run.release, parameters)


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
        spec = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise BuildError(f"{path}: not valid YAML ({str(exc).splitlines()[0]})") from None
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
        if not isinstance(body, dict) or set(body) - {"release", "parameters"}:
            raise BuildError(f"{where}: a run takes only `release` and `parameters`")
        params = body.get("parameters") or {}
        if not isinstance(params, dict):
            raise BuildError(f"{where}: `parameters` must be a mapping of name to value")
        params = {**_check_parameters(params, where, known), **cli_params}
        folder = _check_release(str(body.get("release", "2024")), where)
        runs.append(Run(name, folder, params))
    return runs


# --- work done in the worker processes ---------------------------------------------------------
_EXPORTER = None


def _quiet_worker() -> None:
    """Worker start-up: kernels inherit this process's stderr; keep their chatter off the bar."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)


def _exporter():
    global _EXPORTER
    if _EXPORTER is None:
        from nbconvert import HTMLExporter
        from traitlets.config import Config

        config = Config()
        hidden = {HIDDEN_TAG, "parameters", "injected-parameters"}  # no output; random cell ids
        config.TagRemovePreprocessor.remove_cell_tags = hidden
        config.TagRemovePreprocessor.enabled = True
        _EXPORTER = HTMLExporter(
            config=config,
            template_name="offline",
            extra_template_basedirs=[str(TEMPLATES_DIR)],
            exclude_input=True,
            exclude_input_prompt=True,
            exclude_output_prompt=True,
            embed_images=True,
        )
    return _EXPORTER


def export_html(executed: Path, target: Path, run_title: str) -> None:
    """Write `executed` as a self-contained HTML page without code cells, titled with its section
    and `run_title`, linked to the sections before and after it, with a table of contents, and
    its charts as PNG and SVG files under charts/."""
    import nbformat

    nb = nbformat.read(executed, as_version=4)
    section = notebook_files.title(NOTEBOOKS_DIR / executed.name)
    resources = {
        "page_title": f"{section} - {run_title}",
        "run_title": run_title,
        "toc_marker": pages.TOC_MARKER,
        "chart_marker": pages.CHART_MARKER,
        **pages.neighbours(notebooks(), executed.name),
    }
    body, _ = _exporter().from_notebook_node(nb, resources=resources)
    body = pages.table_of_contents(body)
    body = pages.chart_downloads(body, nb, target.parent, executed.stem)
    target.write_text(body, encoding="utf-8")


def _failed_cell(nb_path: Path) -> str:
    import nbformat

    try:
        nb = nbformat.read(nb_path, as_version=4)
    except (OSError, ValueError):
        return "?"
    for index, cell in enumerate(nb.cells):
        if any(o.get("output_type") == "error" for o in cell.get("outputs", [])):
            return f"cell {index} (execution {cell.get('execution_count')})"
    return "?"


def execute(source: Path, executed: Path, parameters: dict) -> None:
    """Run a notebook with papermill into `executed`; a kernel that fails to start is retried
    once. Raises what papermill raises (PapermillExecutionError for a failing cell)."""
    import papermill as pm

    for attempt in (1, 2):
        try:
            pm.execute_notebook(
                str(source),
                str(executed),
                parameters=parameters,
                kernel_name=KERNEL,
                progress_bar=False,
                # written once at the end: saving after every cell re-encodes the whole notebook
                request_save_on_cell_execute=False,
                cwd=str(NOTEBOOKS_DIR),
            )
            return
        except pm.PapermillExecutionError:
            raise
        except Exception as exc:
            message = f"{type(exc).__name__}: {exc}".lower()
            if attempt == 2 or not any(k in message for k in KERNEL_START_ERRORS):
                raise


def run_notebook(run: Run, notebook: str, folder: str) -> Outcome:
    """Execute one notebook for one run into `folder` and export it; never raises."""
    import papermill as pm

    start = time.perf_counter()
    executed = Path(folder) / notebook
    try:
        execute(NOTEBOOKS_DIR / notebook, executed, {"release": _release_id(run), **run.parameters})
    except pm.PapermillExecutionError as exc:
        error = f"{exc.ename}: {str(exc.evalue).splitlines()[0] if exc.evalue else ''}"
        seconds = time.perf_counter() - start
        return Outcome(run.name, notebook, False, seconds, _failed_cell(executed), error)
    except Exception as exc:  # the kernel did not start, twice
        message = f"{type(exc).__name__}: {exc}".splitlines()[0]
        return Outcome(run.name, notebook, False, time.perf_counter() - start, "kernel", message)
    try:
        export_html(executed, executed.with_suffix(".html"), run_title(run))
    except Exception as exc:
        return Outcome(
            run.name,
            notebook,
            False,
            time.perf_counter() - start,
            "export",
            f"{type(exc).__name__}: {exc}".splitlines()[0],
        )
    return Outcome(run.name, notebook, True, time.perf_counter() - start)


def _release_id(run: Run) -> str:
    """The release as the executed notebooks name it: its id when it lives under
    data/releases (so a report reruns on another machine), else its folder's path."""
    folder = Path(run.release)
    return folder.name if folder.parent == RELEASES_DIR else str(folder)


def run_title(run: Run) -> str:
    """The run in words for page titles: "2024, US dollars at 7.12"."""
    return pages.run_title(Path(run.release).name, run.parameters)


# --- the whole build ---------------------------------------------------------------------------
def _inputs(prints, run: Run, notebook: str):
    """What one notebook of one run depends on (see `cache`)."""
    parameters = {"run": run.name, "release": Path(run.release).name, **run.parameters}
    return prints.inputs(notebook, Path(run.release), parameters)


def plan(runs: list[Run], out: Path, force: bool = False) -> list[tuple[Run, str, str, list]]:
    """For each notebook of each run: ("reuse" or "execute", why), without running anything."""
    from tradeanalysis.report.cache import Cache, Fingerprints

    cache, prints = Cache(out), Fingerprints()
    rows = []
    for run in runs:
        for name in (p.name for p in notebooks()):
            inputs = _inputs(prints, run, name)
            if force:
                rows.append((run, name, "execute", ["--force"]))
            elif cache.has(inputs.key):
                rows.append((run, name, "reuse", []))
            else:
                rows.append(
                    (run, name, "execute", inputs.changed_since(cache.recalled(run.name, name)))
                )
    return rows


def build(
    runs: list[Run], out: Path, jobs: int | None = None, quiet: bool = False, force: bool = False
) -> list[Outcome]:
    """Run every notebook of every run, reusing from the execution cache each one whose inputs
    did not change (`force`: execute all); each run whose notebooks all succeeded replaces
    `out/<run>/` at once. Returns every outcome (failures included)."""
    from tqdm import tqdm

    from tradeanalysis.report import index_page
    from tradeanalysis.report.cache import Cache, Fingerprints

    out.mkdir(parents=True, exist_ok=True)
    cache, prints = Cache(out), Fingerprints()
    names = [p.name for p in notebooks()]
    staging: dict[str, Path] = {}
    outcomes: list[Outcome] = []
    todo, keys = [], {}
    jobs = max(1, jobs or os.cpu_count() or 1)
    context = multiprocessing.get_context("fork")
    try:  # from the first staging folder on, so that an interrupt anywhere removes them all
        for run in runs:
            staging[run.name] = Path(_fresh_dir(out, f".{run.name}.building-"))
            for name in names:
                inputs = keys[run.name, name] = _inputs(prints, run, name)
                if not force and cache.fetch(inputs.key, name, staging[run.name]):
                    outcomes.append(Outcome(run.name, name, True, 0.0, reused=True))
                else:
                    todo.append((run, name))
        if todo:
            with cf.ProcessPoolExecutor(
                jobs, mp_context=context, initializer=_quiet_worker
            ) as pool:
                futures = [
                    pool.submit(run_notebook, run, name, str(staging[run.name]))
                    for run, name in todo
                ]
                with tqdm(
                    total=len(futures),
                    desc="notebooks",
                    unit="nb",
                    disable=quiet,
                    file=sys.stderr,
                    dynamic_ncols=True,
                    postfix={"reused": len(outcomes)},
                ) as bar:
                    for future in cf.as_completed(futures):
                        outcome = future.result()
                        outcomes.append(outcome)
                        if outcome.ok:
                            cache.store(
                                keys[outcome.run, outcome.notebook].key,
                                outcome.notebook,
                                staging[outcome.run],
                            )
                        bar.update(1)
        failures = {}
        for run in runs:
            mine = [o for o in outcomes if o.run == run.name]
            if all(o.ok for o in mine):
                index_page.write_run_index(run, staging[run.name], mine)
                _swap_into_place(staging[run.name], out / run.name)
                for o in mine:
                    cache.remember(run.name, o.notebook, keys[run.name, o.notebook])
            else:
                _keep_failed(staging[run.name], out / "_failed" / run.name)
                first = min((o for o in mine if not o.ok), key=lambda o: o.notebook)
                failures[run.name] = f"{first.notebook}, {first.cell}: {first.error}"
        index_page.write_top_index(out, failures)
    finally:
        for folder in staging.values():
            shutil.rmtree(folder, ignore_errors=True)
    return outcomes


def _fresh_dir(parent: Path, prefix: str) -> str:
    """A new empty folder in `parent` (same file system, so moving it into place is atomic)."""
    import tempfile

    folder = tempfile.mkdtemp(prefix=prefix, dir=parent)
    os.chmod(folder, 0o755)
    return folder


def _swap_into_place(built: Path, target: Path) -> None:
    """Replace `target` with `built`; the old report is removed only after the new one is in.
    Another build swapping the same target at the same time may move it first: then move again."""
    olds = []
    for _ in range(10):
        if target.exists():
            old = Path(_fresh_dir(target.parent, f".{target.name}.old-"))
            os.rmdir(old)
            try:
                os.replace(target, old)
                olds.append(old)
            except FileNotFoundError:  # the other build moved it away first
                pass
        try:
            os.replace(built, target)
            break
        except OSError:  # the other build put its report in meanwhile: move that one aside
            continue
    for old in olds:
        shutil.rmtree(old, ignore_errors=True)


def _keep_failed(built: Path, target: Path) -> None:
    shutil.rmtree(target, ignore_errors=True)
    target.parent.mkdir(parents=True, exist_ok=True)
    os.replace(built, target)


def build_from_args(args) -> int:
    """The `build` subcommand: exit 0 when every run succeeded, 1 if any notebook failed."""
    runs = plan_runs(args.releases, args.parameter, args.params_file)
    if args.jobs is not None and args.jobs < 1:
        raise BuildError("--jobs must be 1 or more")
    out = Path(args.out) if args.out else REPORTS_DIR
    if args.dry_run:
        for run, name, action, why in plan(runs, out, args.force):
            print(f"{action:8} {run.name:12} {name}" + (f"  ({'; '.join(why)})" if why else ""))
        return 0
    try:
        outcomes = build(runs, out, args.jobs, args.quiet, args.force)
    except KeyboardInterrupt:
        print("tradeanalysis build: interrupted; previous reports are untouched", file=sys.stderr)
        return 130
    failed = [o for o in outcomes if not o.ok]
    reused = sum(o.reused for o in outcomes)
    for o in sorted(failed, key=lambda o: (o.run, o.notebook)):
        print(f"FAILED {o.notebook} (run {o.run}), {o.cell}: {o.error}", file=sys.stderr)
    for run in runs:
        if not any(o.run == run.name for o in failed):
            print(f"report: {out / run.name / 'index.html'}")
        else:
            print(
                f"run {run.name} failed; executed notebooks kept in {out / '_failed' / run.name}",
                file=sys.stderr,
            )
    print(f"{len(outcomes) - reused} executed, {reused} reused")
    return 1 if failed else 0
