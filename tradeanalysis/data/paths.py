"""Where things live, resolved from the package so that JupyterLab, papermill and pytest agree.
The one home of these decisions:

- In a clone (data/sections.yml and notebooks/ beside the package) the clone's data/ and
  notebooks/ are used and reports go to the clone's reports/.
- Installed from a wheel, the package carries a copy of both under tradeanalysis/_files/, laid
  out as in a clone; reports go to reports/ in the current folder.
- The environment variable TRADEANALYSIS_DATA names a folder of one's own laid out like data/
  (releases/<id>/ with figures.csv, claims.csv and release.yml; optionally sections.yml): its
  releases replace the packaged ones. Nothing is ever written inside the installed package.
- The environment variable TRADEANALYSIS_NOTEBOOKS names a folder of notebooks of one's own
  (`NN_name.ipynb`, see docs/build.md): the build runs those instead of the packaged ones.
"""

import os
from pathlib import Path

DATA_ENV = "TRADEANALYSIS_DATA"
NOTEBOOKS_ENV = "TRADEANALYSIS_NOTEBOOKS"

PACKAGE_DIR = Path(__file__).resolve().parent.parent
_CLONE_DIR = PACKAGE_DIR.parent
IN_CLONE = (_CLONE_DIR / "data" / "sections.yml").is_file() and (_CLONE_DIR / "notebooks").is_dir()
# The folder holding data/ and notebooks/: the clone, or the copy inside an installed package.
PROJECT_DIR = _CLONE_DIR if IN_CLONE else PACKAGE_DIR / "_files"
PACKAGED_DATA_DIR = PROJECT_DIR / "data"
PACKAGED_NOTEBOOKS_DIR = PROJECT_DIR / "notebooks"
# A relative path outside a clone: reports land where the command is run, never in the package.
REPORTS_DIR = _CLONE_DIR / "reports" if IN_CLONE else Path("reports")

# The data folder in force: $TRADEANALYSIS_DATA when set, else the packaged (or clone's) data/.
_OWN_DATA = os.environ.get(DATA_ENV, "").strip()
DATA_DIR = Path(_OWN_DATA).expanduser().resolve() if _OWN_DATA else PACKAGED_DATA_DIR
RELEASES_DIR = DATA_DIR / "releases"
# The notebooks a build runs: $TRADEANALYSIS_NOTEBOOKS when set, else the packaged (or clone's).
_OWN_NOTEBOOKS = os.environ.get(NOTEBOOKS_ENV, "").strip()
NOTEBOOKS_DIR = (
    Path(_OWN_NOTEBOOKS).expanduser().resolve() if _OWN_NOTEBOOKS else PACKAGED_NOTEBOOKS_DIR
)
# A folder of one's own may bring its own sections; otherwise the project's apply.
SECTIONS_FILE = (
    DATA_DIR / "sections.yml"
    if (DATA_DIR / "sections.yml").is_file()
    else PACKAGED_DATA_DIR / "sections.yml"
)

# What makes a folder a release folder, and the definitions a folder of releases may declare
# (read without pandas by the build's check for a build with nothing to do).
FIGURES_FILE = "figures.csv"
SERIES_FILE = "series.yml"


def where_releases_come_from() -> str:
    """Words for error messages: the releases folder, and why it is that one."""
    if DATA_DIR != PACKAGED_DATA_DIR:
        return f"{RELEASES_DIR} (from {DATA_ENV})"
    return str(RELEASES_DIR)


def where_notebooks_come_from() -> str:
    """Words for error messages: the notebooks folder, and why it is that one."""
    if NOTEBOOKS_DIR != PACKAGED_NOTEBOOKS_DIR:
        return f"{NOTEBOOKS_DIR} (from {NOTEBOOKS_ENV})"
    return str(NOTEBOOKS_DIR)
