"""`tradeanalysis build`: run every notebook for each run with papermill, in parallel, export each
executed notebook to offline HTML (no code, images embedded, nothing fetched), and write an index
per run. A run is assembled in a temporary folder and moved into place only when every notebook
succeeded, so a failed or interrupted build never leaves a half-written report and never replaces
the previous good one; the failed run's executed notebooks are kept under `<out>/_failed/<run>/`.

The runs are planned in `plan`, each notebook runs in `run` inside the workers of `pool`, and the
folders a build works in are named and removed by `cleanup`.
"""

from __future__ import annotations

import gc
import os
import sys
from pathlib import Path

from tradeanalysis.report import cleanup, outdir, unchanged
from tradeanalysis.report.plan import (  # noqa: F401 (the build's names, as before the split)
    ALL_RELEASES,
    BuildError,
    Run,
    notebook_parameters,
    notebooks,
    pages_of,
    parse_literal,
    plan_runs,
)
from tradeanalysis.report.pool import Interrupted, run_all
from tradeanalysis.report.run import (  # noqa: F401
    HIDDEN_TAG,
    KERNEL,
    KERNEL_START_ERRORS,
    TEMPLATES_DIR,
    Outcome,
    execute,
    export_html,
    run_notebook,
    run_title,
    warm_up,
)


def _inputs(prints, run: Run, notebook: str):
    """What one notebook of one run depends on (see `cache`)."""
    parameters = {"run": run.name, "release": Path(run.release).name, **run.parameters}
    if run.pages:  # the pages of a run are linked from each page (its pager)
        parameters["pages"] = list(run.pages)
    return prints.inputs(notebook, Path(run.release), parameters)


def plan(runs: list[Run], out: Path, force: bool = False) -> list[tuple[Run, str, str, list]]:
    """For each notebook of each run: ("reuse", "execute" or "skip", why), without running
    anything."""
    from tradeanalysis.report.cache import Cache, Fingerprints

    cache, prints = Cache(out), Fingerprints()
    rows = []
    for run in runs:
        left_out = pages_of(run)[1]
        for name in (p.name for p in notebooks()):
            if name in left_out:
                rows.append((run, name, "skip", [left_out[name]]))
                continue
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
    `out/<run>/` at once. Returns every outcome (failures included). Half-built folders of
    builds no longer running are removed first; this build's own are removed whatever happens."""
    from tradeanalysis.report.cache import Cache, Fingerprints

    out.mkdir(parents=True, exist_ok=True)
    cleanup.remove_orphans(out)
    cache, prints = Cache(out), Fingerprints()
    cache.repair()
    staging: dict[str, Path] = {}
    try:
        for run in runs:
            staging[run.name] = cleanup.staging_dir(out, run.name)
        pages = {r.name: pages_of(r) for r in runs}
        keys = {
            (r.name, n.name): _inputs(prints, r, n.name) for r in runs for n in pages[r.name][0]
        }
        outcomes, todo = [], []
        for (name, notebook), inputs in keys.items():
            if not force and cache.fetch(inputs.key, notebook, staging[name]):
                outcomes.append(Outcome(name, notebook, True, 0.0, reused=True))
            else:
                todo.append((next(r for r in runs if r.name == name), notebook))
        _execute(
            todo,
            staging,
            jobs,
            quiet,
            outcomes,
            lambda o: cache.store(keys[o.run, o.notebook].key, o.notebook, staging[o.run]),
        )
        _finish(runs, out, staging, outcomes, keys, cache, pages)
    finally:
        for folder in staging.values():
            cleanup.discard(folder)
    return outcomes


def _execute(todo, staging, jobs, quiet, outcomes: list, store) -> None:
    """Run the notebooks of `todo` in worker processes with a progress bar; each outcome is
    added to `outcomes`, each success stored in the cache."""
    from tradeanalysis.report import forked_kernel

    if not todo:
        return
    jobs = max(1, jobs or default_jobs())
    tasks = [(run, name, str(staging[run.name])) for run, name in todo]
    forked_kernel.preload()  # once here, before the workers fork: not in every kernel
    warm_up()  # the page template, compiled once here: not in every worker
    _parse_releases({Path(run.release).parent for run, _ in todo})
    # What is imported and parsed so far lives as long as the build: frozen, no garbage
    # collection in a worker or kernel walks through it again (a kernel's last one, as it shuts
    # down, took 0.14 s of CPU), and the forked processes keep sharing its memory pages.
    gc.freeze()
    try:
        _run_with_progress(tasks, jobs, quiet, outcomes, store)
    finally:
        gc.unfreeze()


def default_jobs() -> int:
    """Notebooks run at once unless told: one more than CPUs. A worker sits idle while its
    kernel starts and shuts down; one worker more keeps every CPU busy then (0.88 of the session
    build's time, bench/README.md)."""
    return (os.cpu_count() or 1) + 1


def _run_with_progress(tasks, jobs, quiet, outcomes: list, store) -> None:
    """`run_all` over `tasks` with a progress bar."""
    from tqdm import tqdm

    with tqdm(
        total=len(tasks),
        desc="notebooks",
        unit="nb",
        disable=quiet,
        file=sys.stderr,
        dynamic_ncols=True,
        postfix={"reused": len(outcomes)},
    ) as bar:

        def done(outcome: Outcome) -> None:
            outcomes.append(outcome)
            if outcome.ok:
                store(outcome)
            bar.update(1)

        run_all(run_notebook, tasks, min(jobs, len(tasks)), done)


def _parse_releases(folders) -> None:
    """Load every release in `folders` (those beside the releases built) into `load_release`'s
    cache, once here before the workers fork: a forked kernel that reads the history finds them
    parsed, and the run indexes read them after. A kernel still compares each release's files
    with what was parsed (`load.load_release`), so a release edited since is parsed again. A
    defective release is skipped: the notebook that reads it says what is wrong."""
    from tradeanalysis.data.errors import FiguresError
    from tradeanalysis.data.load import load_release, release_dirs

    for folder in sorted(folders):
        for path in release_dirs(folder):
            try:
                load_release(path)
            except FiguresError:
                continue


def _finish(runs, out: Path, staging, outcomes, keys, cache, pages) -> None:
    """Move each finished run into place (or keep its notebooks under _failed/) and write the
    index over every run (`pages`: run name -> its notebooks, and those it leaves out)."""
    from tradeanalysis.report import index_page

    failures = {}
    for run in runs:
        mine = [o for o in outcomes if o.run == run.name]
        if all(o.ok for o in mine):
            index_page.write_run_index(run, staging[run.name], mine, pages[run.name][1])
            cleanup.swap_into_place(staging[run.name], out / run.name)
            for o in mine:
                cache.remember(run.name, o.notebook, keys[run.name, o.notebook])
        else:
            cleanup.keep_failed(staging[run.name], out / "_failed" / run.name)
            first = min((o for o in mine if not o.ok), key=lambda o: o.notebook)
            failures[run.name] = f"{first.notebook}, {first.cell}: {first.error}"
    index_page.write_top_index(out, failures)


def build_from_args(args) -> int:
    """The `build` subcommand: exit 0 when every run succeeded, 1 if any notebook failed, 2 on
    bad input (nothing run), 128 + the signal's number when interrupted."""
    runs = plan_runs(args.releases, args.parameter, args.params_file)
    if args.jobs is not None and args.jobs < 1:
        raise BuildError("--jobs must be 1 or more")
    out = unchanged.out_folder(args)
    if args.dry_run:
        for run, name, action, why in plan(runs, out, args.force):
            print(f"{action:8} {run.name:12} {name}" + (f"  ({'; '.join(why)})" if why else ""))
        return 0
    outdir.check_writable(out, len(runs))
    started = unchanged.begin(args, out, [run.release for run in runs])
    try:
        outcomes = build(runs, out, args.jobs, args.quiet, args.force)
    except (KeyboardInterrupt, Interrupted) as exc:
        print("tradeanalysis build: interrupted; previous reports are untouched", file=sys.stderr)
        return 128 + getattr(exc, "signum", 2)
    except OSError as exc:
        raise BuildError(outdir.write_problem(out, exc)) from None
    code = _summary(runs, out, outcomes)
    if code == 0:  # the next build of this command may find nothing to do
        printed = [f"report: {out / run.name / 'index.html'}" for run in runs]
        printed.append(f"0 executed, {len(outcomes)} reused")
        unchanged.remember(started, out, printed)
    return code


def _summary(runs, out: Path, outcomes) -> int:
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
