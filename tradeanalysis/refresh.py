"""Re-execute notebooks in place with the `tradeanalysis` kernel, so the stored outputs that nbval
compares are those of a fresh run with the default parameters.

    python -m tradeanalysis.refresh notebooks/*.ipynb
"""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from .schema import KERNEL_NAME

KERNEL = KERNEL_NAME


def refresh(path: Path, timeout: int = 600) -> None:
    """Execute the notebook at `path` top to bottom and write it back with its outputs."""
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


def main(argv=None) -> int:
    paths = [Path(p) for p in (argv if argv is not None else sys.argv[1:])]
    for path in paths:
        print(f"executing {path}", flush=True)
        refresh(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
