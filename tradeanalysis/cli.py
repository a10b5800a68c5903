"""The `tradeanalysis` command: list releases, print figures, run checks, show the history and
its restatements, draft the next release, build reports.

Exit codes: 0 success, 1 a check failed that the release does not explain or a notebook failed,
2 bad input or usage (one line on stderr).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tradeanalysis.data.errors import FiguresError

# pandas and the library load inside the commands that use them: a build with nothing to do
# (see report/unchanged.py) starts in a fraction of a second without them.

EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT = 0, 1, 2


class UsageError(Exception):
    """Wrong words on the command line."""


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # one line, no usage block
        raise UsageError(f"{message} (see `{self.prog} --help`)")


def _print_frame(frame) -> None:
    import pandas as pd

    with pd.option_context(
        "display.width", 200, "display.max_colwidth", 90, "display.max_rows", None
    ):
        print(frame.to_string(na_rep=""))


def cmd_releases(args) -> int:
    from tradeanalysis.analysis.vintages import releases_in

    for release in releases_in():
        print(
            f"{release.id}\t{release.published}\t{len(release.figures)} figures\t"
            f"{release.meta['title']}"
        )
    return EXIT_OK


def _write_frame(frame, fmt: str) -> None:
    if fmt == "csv":
        sys.stdout.write(frame.to_csv(index=False))
    elif fmt == "json":
        sys.stdout.write(frame.to_json(orient="records", indent=1) + "\n")
    else:
        _print_frame(frame.set_index(frame.columns[0]))


def cmd_history(args) -> int:
    from tradeanalysis.analysis.vintages import history

    _write_frame(history(args.ids or None, args.through), args.format)
    return EXIT_OK


def cmd_revisions(args) -> int:
    from tradeanalysis.analysis.vintages import revisions

    table = revisions(args.ids or None)
    if args.restated:
        table = table[table["status"] == "restated"]
    _write_frame(table, args.format)
    return EXIT_OK


def cmd_figures(args) -> int:
    from tradeanalysis.data.load import load_release
    from tradeanalysis.data.release import FIGURE_COLUMNS

    release = load_release(args.release)
    figures = release.figures.reset_index()[list(FIGURE_COLUMNS)]
    if args.format == "csv":
        sys.stdout.write(figures.to_csv(index=False))
    elif args.format == "json":
        sys.stdout.write(figures.to_json(orient="records", indent=1) + "\n")
    else:
        print(f"{release.meta['title']} (release {release.id})")
        _print_frame(figures.set_index("id"))
        print(f"\nSource: {release.citation}")
    return EXIT_OK


def cmd_check(args) -> int:
    from tradeanalysis.analysis.checks import checks, unexplained_failures
    from tradeanalysis.data.load import load_release

    release = load_release(args.release)
    table = checks(release)
    _print_frame(table[["kind", "status", "detail"]])
    counts = table["status"].value_counts()
    unexplained = unexplained_failures(table)
    explained = counts.get("fail", 0) - len(unexplained)
    for name, row in table[(table["status"] == "fail") & table["explanation"].notna()].iterrows():
        print(f"\nExplained failure: {name}: {row['explanation']}")
    words = [f"{counts.get(s, 0)} {s}" for s in ("pass", "consistent", "fail", "unverifiable")]
    if explained:
        words[2] += f" ({explained} explained in release.yml)"
    print("\n" + ", ".join(words))
    return EXIT_FAILED if len(unexplained) else EXIT_OK


def cmd_new_release(args) -> int:
    from tradeanalysis.data import paths
    from tradeanalysis.data.new_release import NewReleaseError, write_draft

    if args.folder is None and not paths.IN_CLONE and paths.DATA_DIR == paths.PACKAGED_DATA_DIR:
        raise UsageError(
            f"new-release writes no release into the installed package: set {paths.DATA_ENV} "
            "to a folder of your own, or give --folder"
        )
    releases = Path(args.folder) if args.folder else paths.RELEASES_DIR
    like = releases / args.like if (releases / args.like / "release.yml").is_file() else args.like
    try:
        draft = write_draft(args.id, like, releases)
    except NewReleaseError as exc:
        print(f"tradeanalysis new-release: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    counts = ", ".join(f"{n} in {name}" for name, n in draft.to_fill.items())
    print(f"wrote {draft.folder}: {sum(draft.to_fill.values())} fields to fill ({counts})")
    for what, why in draft.left_out.items():
        print(f"left out {what}: {why}")
    print(
        "next: replace every FILL with what the release prints (or empty the cell, or delete the "
        "row it does not print), add the figures it prints beyond these; then run "
        f"`tradeanalysis check --release {draft.folder if args.folder else args.id}`, "
        "which lists every FILL left"
    )
    return EXIT_OK


def cmd_build(args) -> int:
    from tradeanalysis.report import unchanged

    printed = unchanged.nothing_to_do(args, unchanged.out_folder(args))
    if printed is not None:  # nothing changed since this command's last build
        print("\n".join(printed))
        return EXIT_OK
    from tradeanalysis.report.build import BuildError, build_from_args

    try:
        return build_from_args(args)
    except BuildError as exc:
        print(f"tradeanalysis build: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT


def _add_new_release(sub) -> None:
    new = sub.add_parser(
        "new-release", help="draft the folder of a new release from an earlier one, to fill in"
    )
    new.add_argument("id", help="the new release's id: YYYY, YYYY-MM or YYYY-MM-DD-name")
    new.add_argument(
        "--like", required=True, metavar="EARLIER", help="release id or folder to copy"
    )
    new.add_argument(
        "--folder",
        default=None,
        help="releases folder to write in (default: where releases are read)",
    )
    new.set_defaults(func=cmd_new_release)


def make_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="tradeanalysis", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    sub.add_parser(
        "releases", help="list the releases under data/releases (or $TRADEANALYSIS_DATA/releases)"
    ).set_defaults(func=cmd_releases)
    figures = sub.add_parser("figures", help="print a release's figures")
    figures.add_argument("--release", default="2024", help="release id or folder (default 2024)")
    figures.add_argument("--format", choices=("table", "csv", "json"), default="table")
    figures.set_defaults(func=cmd_figures)
    check = sub.add_parser("check", help="run consistency checks and the release's claims")
    check.add_argument("--release", default="2024", help="release id or folder (default 2024)")
    check.set_defaults(func=cmd_check)
    hist = sub.add_parser("history", help="every release's figures, one row per release and figure")
    hist.add_argument("--ids", nargs="+", metavar="ID", help="figure ids to show (default all)")
    hist.add_argument("--through", metavar="R", help="only releases published up to release R")
    hist.add_argument("--format", choices=("table", "csv", "json"), default="table")
    hist.set_defaults(func=cmd_history)
    rev = sub.add_parser("revisions", help="what later releases imply for years printed earlier")
    rev.add_argument("--ids", nargs="+", metavar="ID", help="figure ids to show (default all)")
    rev.add_argument("--restated", action="store_true", help="only the restated figures")
    rev.add_argument("--format", choices=("table", "csv", "json"), default="table")
    rev.set_defaults(func=cmd_revisions)
    _add_new_release(sub)
    build = sub.add_parser("build", help="run the notebooks and write an HTML report per run")
    build.add_argument(
        "--release",
        action="append",
        dest="releases",
        metavar="R",
        help="release id or folder, or `all` for every release; repeat for several (default 2024)",
    )
    build.add_argument("--out", default=None, help="output folder (default reports/)")
    build.add_argument(
        "--jobs", type=int, default=None, help="notebooks run at once (default: CPUs + 1)"
    )
    build.add_argument(
        "-p",
        "--parameter",
        nargs=2,
        action="append",
        default=[],
        metavar=("NAME", "VALUE"),
        help="notebook parameter for every run",
    )
    build.add_argument("--params-file", default=None, help="YAML file of named runs")
    build.add_argument("--quiet", action="store_true", help="no progress bar")
    build.add_argument(
        "--force",
        action="store_true",
        help="execute every notebook, reusing nothing from the cache",
    )
    build.add_argument(
        "--dry-run", action="store_true", help="list what would be executed or reused, and why"
    )
    build.set_defaults(func=cmd_build)
    return parser


def main(argv=None) -> int:
    try:
        args = make_parser().parse_args(argv)
        return args.func(args)
    except UsageError as exc:
        print(f"tradeanalysis: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except FiguresError as exc:  # one line each (a draft's placeholders: one per field)
        for line in str(exc).splitlines():
            print(f"tradeanalysis: {line}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except BrokenPipeError:
        return EXIT_OK
    except KeyboardInterrupt:
        print("tradeanalysis: interrupted", file=sys.stderr)
        return 130
