"""Re-execute notebooks in place with the `tradeanalysis` kernel, so the stored outputs that nbval
compares are those of a fresh run with the default parameters.

    python -m tradeanalysis.report.refresh notebooks/*.ipynb
    python -m tradeanalysis.report.refresh --changed  # names notebooks that differ from git
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tradeanalysis.data.paths import PROJECT_DIR
from tradeanalysis.report.notebook_files import KERNEL_NAME

KERNEL = KERNEL_NAME


def refresh(path: Path, timeout: int = 600) -> None:
    """Execute the notebook at `path` top to bottom and write it back with its outputs."""
    import nbformat
    from nbclient import NotebookClient

    notebook = nbformat.read(path, as_version=4)
    NotebookClient(
        notebook,
        timeout=timeout,
        kernel_name=KERNEL,
        resources={"metadata": {"path": str(path.parent)}},
    ).execute()
    for cell in notebook.cells:  # execution timing is noise in a diff
        cell.metadata.pop("execution", None)
    nbformat.write(notebook, path)


def changed_notebooks(project: Path = PROJECT_DIR) -> list[str]:
    """The project's notebooks under notebooks/ that differ from the committed ones (or are
    new), by path; [] outside a git checkout. (A folder of one's own, $TRADEANALYSIS_NOTEBOOKS,
    has no stored outputs that nbval compares.)"""
    try:
        status = subprocess.run(
            ["git", "status", "--porcelain", "--", "notebooks"],
            cwd=project,
            capture_output=True,
            text=True,
            timeout=30,
        )
    except (OSError, subprocess.TimeoutExpired):
        return []
    return [line[3:] for line in status.stdout.splitlines()] if status.returncode == 0 else []


def changed_line(changed: list[str]) -> str:
    """The one line `make test` prints before nbval when notebooks were changed."""
    return (
        f"make test: {', '.join(changed)} differ from the committed notebooks, whose stored "
        "outputs nbval compares with a fresh run: restore them with 'git checkout -- notebooks' "
        "(keep explorations outside notebooks/), or run 'make notebooks' after changing the library"
    )


def main(argv=None) -> int:
    argv = argv if argv is not None else sys.argv[1:]
    if argv == ["--changed"]:
        if changed := changed_notebooks():
            print(changed_line(changed))
        return 0
    paths = [Path(p) for p in argv]
    for path in paths:
        print(f"executing {path}", flush=True)
        refresh(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
