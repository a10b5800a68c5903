"""The one error a user's release files can cause: `FiguresError`, located by file, line and
column, with the fix."""

from __future__ import annotations


class FiguresError(ValueError):
    """A defect in a release folder, located by file, line and column, with the fix."""

    def __init__(self, file, problem, fix, line=None, column=None):
        self.file, self.line, self.column, self.problem, self.fix = file, line, column, problem, fix
        where = str(file) + (f", line {line}" if line else "")
        where += f", column '{column}'" if column else ""
        super().__init__(f"{where}: {problem}; fix: {fix}")
