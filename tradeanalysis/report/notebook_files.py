"""Read what the build needs from a notebook file (its parameter names, first heading, metadata)
with the standard library alone: importing nbformat costs about a second (its schema validator
compiles a grammar), which a build that reuses every notebook should not pay."""

from __future__ import annotations

import ast
import json
from pathlib import Path

# The Jupyter kernel every notebook runs on (the Makefile reads this line to register it).
KERNEL_NAME = "tradeanalysis"


def read(path: Path) -> dict:
    """The notebook file as JSON."""
    return json.loads(Path(path).read_text(encoding="utf-8"))


def _source(cell: dict) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


def parameter_names(path: Path) -> list[str]:
    """Names assigned in the cell tagged `parameters` (what papermill can set)."""
    for cell in read(path)["cells"]:
        if "parameters" in cell.get("metadata", {}).get("tags", []):
            names = []
            for node in ast.parse(_source(cell)).body:
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                names += [t.id for t in targets if isinstance(t, ast.Name)]
            return names
    return []


def title(path: Path) -> str:
    """The first Markdown heading "# ..." of a notebook, without the "#"; the file name if none."""
    for cell in read(path)["cells"]:
        text = _source(cell)
        if cell["cell_type"] == "markdown" and text.startswith("# "):
            return text.splitlines()[0][2:].strip()
    return Path(path).stem


def metadata(path: Path) -> dict:
    return read(path).get("metadata", {})
