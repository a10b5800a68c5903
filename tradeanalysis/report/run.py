"""One notebook of one run, executed with papermill and exported to offline HTML (no code, images
embedded, nothing fetched): the work a build's worker processes do.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from tradeanalysis.data.paths import NOTEBOOKS_DIR, RELEASES_DIR
from tradeanalysis.report import notebook_files, pages
from tradeanalysis.report.notebook_files import KERNEL_NAME
from tradeanalysis.report.plan import Run, pages_of

KERNEL = KERNEL_NAME
TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
HIDDEN_TAG = "remove-from-report"  # cells that only matter in the notebook (parameters, set-up)
# Errors seen when a kernel fails to come up (e.g. TCP port collisions when kernels start at once):
# such a start is retried once, by the build and by the tests that run notebooks.
KERNEL_START_ERRORS = ("kernel died", "kernel didn't respond", "address already in use", "zmq")


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


_EXPORTER = None


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


def warm_up() -> None:
    """Compile the page template (about 0.4 s of CPU the first time a process exports a page) by
    exporting an empty notebook: done by the build before it forks its workers, so that no
    worker compiles it again."""
    import nbformat

    resources = _page_resources("", "", {"previous": None, "next": None})
    _exporter().from_notebook_node(nbformat.v4.new_notebook(), resources=resources)


def _page_resources(page_title: str, run_title: str, neighbours: dict) -> dict:
    """What the page template reads besides the notebook (`neighbours`: `pages.neighbours`)."""
    return {
        "page_title": page_title,
        "run_title": run_title,
        "toc_marker": pages.TOC_MARKER,
        "chart_marker": pages.CHART_MARKER,
        **neighbours,
    }


def export_html(executed: Path, target: Path, run_title: str, notebooks: list[Path]) -> None:
    """Write `executed` as a self-contained HTML page without code cells, titled with its section
    and `run_title`, linked to the sections before and after it among the run's `notebooks`, with
    a table of contents, and its charts as PNG and SVG files under charts/."""
    import nbformat

    nb = nbformat.read(executed, as_version=4)
    section = notebook_files.title(NOTEBOOKS_DIR / executed.name)
    neighbours = pages.neighbours(notebooks, executed.name)
    resources = _page_resources(f"{section} - {run_title}", run_title, neighbours)
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

    from tradeanalysis.report.forked_kernel import ForkedKernelManager

    for attempt in (1, 2):
        try:
            pm.execute_notebook(
                str(source),
                str(executed),
                parameters=parameters,
                kernel_name=KERNEL,
                kernel_manager_class=ForkedKernelManager,  # modules imported once, not per kernel
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
        export_html(executed, executed.with_suffix(".html"), run_title(run), pages_of(run)[0])
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
