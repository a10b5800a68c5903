"""The `tradeanalysis` command: list releases, print figures, run checks, build reports.

Exit codes: 0 success, 1 a check or a notebook failed, 2 bad input or usage (one line on stderr).
"""

from __future__ import annotations

import argparse
import sys

import pandas as pd

from .release import FIGURE_COLUMNS, FiguresError, load_release, release_dirs

EXIT_OK, EXIT_FAILED, EXIT_BAD_INPUT = 0, 1, 2


class UsageError(Exception):
    """Wrong words on the command line."""


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # one line, no usage block
        raise UsageError(f"{message} (see `{self.prog} --help`)")


def _print_frame(frame: pd.DataFrame) -> None:
    with pd.option_context(
        "display.width", 200, "display.max_colwidth", 90, "display.max_rows", None
    ):
        print(frame.to_string(na_rep=""))


def cmd_releases(args) -> int:
    for folder in release_dirs():
        release = load_release(folder)
        print(f"{release.id}\t{len(release.figures)} figures\t{release.meta['title']}")
    return EXIT_OK


def cmd_figures(args) -> int:
    release = load_release(args.release)
    figures = release.figures[list(FIGURE_COLUMNS)]
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
    from .checks import FAIL, checks

    release = load_release(args.release)
    table = checks(release)
    _print_frame(table.set_index("check"))
    counts = table["status"].value_counts()
    print("\n" + ", ".join(f"{counts.get(s, 0)} {s}" for s in ("pass", "fail", "unverifiable")))
    return EXIT_FAILED if (table["status"] == FAIL).any() else EXIT_OK


def cmd_build(args) -> int:
    from .build import BuildError, build_from_args

    try:
        return build_from_args(args)
    except BuildError as exc:
        print(f"tradeanalysis build: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT


def make_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="tradeanalysis", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    sub.add_parser("releases", help="list the releases under data/releases").set_defaults(
        func=cmd_releases
    )
    figures = sub.add_parser("figures", help="print a release's figures")
    figures.add_argument("--release", default="2024", help="release id or folder (default 2024)")
    figures.add_argument("--format", choices=("table", "csv", "json"), default="table")
    figures.set_defaults(func=cmd_figures)
    check = sub.add_parser("check", help="run consistency checks and the release's claims")
    check.add_argument("--release", default="2024", help="release id or folder (default 2024)")
    check.set_defaults(func=cmd_check)
    build = sub.add_parser("build", help="run the notebooks and write an HTML report per run")
    build.add_argument(
        "--release",
        action="append",
        dest="releases",
        metavar="R",
        help="release id or folder; repeat for several (default 2024)",
    )
    build.add_argument("--out", default=None, help="output folder (default reports/)")
    build.add_argument(
        "--jobs", type=int, default=None, help="notebooks run at once (default: CPUs)"
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
    build.set_defaults(func=cmd_build)
    return parser


def main(argv=None) -> int:
    try:
        args = make_parser().parse_args(argv)
        return args.func(args)
    except UsageError as exc:
        print(f"tradeanalysis: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except FiguresError as exc:
        print(f"tradeanalysis: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except BrokenPipeError:
        return EXIT_OK
    except KeyboardInterrupt:
        print("tradeanalysis: interrupted", file=sys.stderr)
        return 130
