"""`tradeanalysis build`, run for real: reports, offline HTML, failures, atomic replacement."""

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
import tiny_notebooks as tiny
from conftest import SESSION_RUNS, run_cli, run_main, session_run

import tradeanalysis as ta
from tradeanalysis.data.paths import RELEASES_DIR
from tradeanalysis.report.plan import Run, pages_of

pytestmark = pytest.mark.slow  # starts kernels, builds, servers or browsers (conftest)

SECTIONS = [
    "01_headline",
    "02_history",
    "03_in_year",
    "04_exports_imports",
    "05_partners_regions",
    "06_shenzhen",
    "07_other_sections",
    "08_checks",
]


def snapshot(folder: Path) -> dict:
    return {p.relative_to(folder): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_build_writes_an_index_and_a_page_and_notebook_per_section(report):
    out, result = report
    run = out / "2024"
    assert f"report: {run / 'index.html'}" in result.stdout
    for name in SECTIONS:
        assert (run / f"{name}.html").stat().st_size > 4_000
        assert (run / f"{name}.ipynb").is_file()
    index = (run / "index.html").read_text()
    assert "43.85 trillion yuan" in index and "17 pass" in index and "5 consistent" in index
    for name in SECTIONS:
        assert f'href="{name}.html"' in index
    assert 'href="2024/index.html"' in (out / "index.html").read_text()
    staging = [p for p in out.iterdir() if p.name.startswith(".") and p.name != ".cache"]
    assert not staging, "no staging folder left"


def test_a_section_page_is_light_and_refers_to_its_release_by_id(report):
    out, _ = report
    for page in (out / "2024").glob("*.html"):
        without_images = re.sub(r'src="data:[^"]*"', 'src=""', page.read_text())
        assert len(without_images.encode()) < 60_000, page.name
    executed = (out / "2024" / "04_exports_imports.ipynb").read_text()
    assert 'release = \\"2024\\"' in executed  # the injected parameter: an id, not a path
    assert str(RELEASES_DIR) not in executed
    assert (
        "<title>Exports and imports - 2024</title>"
        in (out / "2024" / "04_exports_imports.html").read_text()
    )
    for page in (out / "usd").glob("0*.html"):  # a dollar run states its rate on every page
        assert "7.12 yuan per" in page.read_text(), page.name
    assert (
        "<title>Exports and imports - 2024, billions of yuan</title>"
        in (out / "billions" / "04_exports_imports.html").read_text()
    )


def test_the_downloads_are_the_run_frames(report):
    import pandas as pd

    out, _ = report
    figures = pd.read_csv(out / "usd" / "figures.csv", index_col="id")
    total = figures.loc["total_trade"]
    assert (total["currency"], total["converted_at"]) == ("USD", 7.12)
    assert total["value"] == pytest.approx(43.85 / 7.12)
    checks = pd.read_csv(out / "2024" / "checks.csv", index_col="check")
    assert (
        set(checks["status"]) <= {"pass", "consistent", "fail", "unverifiable"} and "low" in checks
    )
    charts = sorted(p.name for p in (out / "2024" / "charts").iterdir())
    assert "01_headline-1.png" in charts and "01_headline-1.svg" in charts


def test_every_run_builds_with_the_pages_it_has_something_for(report):
    """Every run of the session's build (releases of each kind, not every release: `make
    reports` builds them all) has the pages its release has something for and says which it left
    out; the top index lists the releases newest first."""
    out, result = report
    top = (out / "index.html").read_text()
    for name, spec in SESSION_RUNS.items():
        run = out / name
        assert f"report: {run / 'index.html'}" in result.stdout
        kept, left_out = pages_of(session_run(name))
        assert sorted(p.stem for p in run.glob("0*.html")) == [p.stem for p in kept], name
        asked = spec.get("pages")
        assert not asked or len(kept) == len(asked), name  # every page asked for was run
        index = (run / "index.html").read_text()
        assert ("Left out of this run" in index) == bool(left_out), name
        assert f'href="{name}/index.html"' in top
    assert "FAILED" not in result.stderr
    published = {r.id: r.published for r in map(ta.load_release, ta.release_dirs())}
    runs = re.findall(r'href="([0-9a-z-]+)/index.html"', top)
    years = [run for run in runs if run in published]  # the named runs sit beside their release
    assert years == sorted(published.keys() & set(SESSION_RUNS), key=published.get, reverse=True)
    assert "43.85 trillion yuan" in top and "+9.7%" in top  # 2024's total, 2018's growth


def test_each_release_leaves_out_the_pages_it_has_nothing_for():
    """Which pages each real release leaves out: the plan alone, no notebook runs."""
    left_out = {r.name: pages_of(Run(r.name, str(r)))[1] for r in ta.release_dirs()}
    unnumbered = {r: [n.split("_", 1)[1] for n in names] for r, names in left_out.items()}
    assert unnumbered["2018"] == ["shenzhen.ipynb"]  # 2018 printed nothing of Shenzhen
    assert unnumbered["2023-10-13-bri-index"] == [
        "headline.ipynb",
        "exports_imports.ipynb",
        "shenzhen.ipynb",
    ]
    assert not left_out["2024"]


def test_a_year_to_date_run_leaves_out_what_it_has_nothing_for_and_says_why(report):
    out, _ = report
    run = out / "2023-06"
    (shenzhen,) = pages_of(Run("2023-06", "2023-06"))[1]  # the only section it has nothing in
    assert shenzhen.endswith("_shenzhen.ipynb") and not (run / shenzhen).exists()
    kept, _ = pages_of(session_run("2023-06"))  # the session asks for some of its pages only
    index = (run / "index.html").read_text()
    assert (
        "Shenzhen (release 2023-06 has no figure in section &quot;shenzhen&quot;)" in index
        and index.count("(not among the pages this run asks for)") == 7 - len(kept)
    )
    assert sorted(p.stem for p in run.glob("0*.html")) == [p.stem for p in kept]
    assert all(f'href="{p.stem}.html"' in index for p in kept)
    (headline,) = run.glob("*_headline.html")
    assert (
        "This release covers January\u2013June 2023: the fourth quarter and December of 2023 "
        "come with the full-year release." in headline.read_text()
    )
    (partners,) = run.glob("*_partners_regions.html")  # its next page is the one after Shenzhen
    after = kept[[p.stem for p in kept].index(partners.stem) + 1].stem
    assert (
        shenzhen[:-6] not in partners.read_text() and f'href="{after}.html"' in partners.read_text()
    )


def test_the_top_index_groups_runs_by_year_newest_first_with_their_headline(report, hostile_report):
    out, _ = report
    top = (out / "index.html").read_text()
    years = re.findall(r"<h2>(\d{4})</h2>", top)
    assert years == sorted(years, reverse=True) and {"2031", "2024", "2018"} <= set(years)
    year_2024 = top.split("<h2>2024</h2>", 1)[1].split("<h2>", 1)[0]
    runs_2024 = re.findall(r'href="([0-9a-z-]+)/index.html"', year_2024)
    assert [r for r in runs_2024 if r != "hostile"] == ["usd", "billions", "2024"]
    assert ">2024: 43.85 trillion yuan, +5%<" in year_2024
    year_2023 = top.split("<h2>2023</h2>", 1)[1].split("<h2>", 1)[0]
    runs = re.findall(r'href="([0-9a-z-]+)/index.html"', year_2023)
    assert runs == ["usd2023", "2023-06"]  # the annual release (here in dollars) first
    published = re.findall(r"published (\d{4}-\d{2}-\d{2})", year_2023)
    assert len(published) == len(runs) and published == sorted(published, reverse=True)
    assert "January–June 2023: 20.1 trillion yuan, +2.1%" in year_2023
    hostile_top = live_markup(hostile_report.parent / "index.html")
    assert not {t for t in hostile_top.tags if t.startswith("hostile")}
    assert "script" not in hostile_top.tags


def test_an_earlier_release_says_what_it_lacks_and_tells_what_it_has(report):
    out, _ = report
    headline = (out / "2018" / "01_headline.html").read_text()
    assert "30.51 trillion yuan" in headline and "q4_trade" in headline
    trade = (out / "2018" / "04_exports_imports.html").read_text()
    assert "16.42 trillion yuan" in trade  # its exports
    assert "Not in this release" in trade and "me_exports" in trade  # no share of M&E goods
    index = (out / "2018" / "index.html").read_text()
    assert "explained:" in index and "Sputnik" in index
    # the sentence 2018 leaves out, as a release with the share tells it
    trade = (out / "2024" / "04_exports_imports.html").read_text()
    assert re.search(r"Mechanical and electrical exports [^<]*were 59.4% of goods exports", trade)


def test_pages_are_offline_and_without_code(report):
    out, _ = report
    for page in (out / "2024").glob("*.html"):
        text = page.read_text()
        assert not re.search(r"<(script|link|img)[^>]+(src|href)=\"(https?:)?//", text), page.name
        assert "cdnjs" not in text and "require.js" not in text and "MathJax" not in text
        assert "Story.from_parameters" not in text, f"{page.name} shows code"
    headline = (out / "2024" / "01_headline.html").read_text()
    assert headline.count('<img alt="Chart: ') == 2 and "43.85 trillion yuan" in headline
    assert (
        'alt="Chart: Goods trade (exports plus imports) against the implied previous year"'
        in headline
    )
    assert "papermill --help-notebook" not in headline  # notebook-only cells are left out


def test_a_failing_notebook_exits_1_and_leaves_the_previous_report_intact(tmp_path):
    """Every tiny notebook fails in its first cell after the parameters when TINY_FAIL is set
    (`tiny_notebooks`): a real failure in the kernel, after the parameters passed their checks."""
    notebooks, out = tiny.write(tmp_path / "tiny"), tmp_path / "out"
    tiny.built_without_kernels(notebooks, RELEASES_DIR / "2024", out)  # the previous report
    before = snapshot(out / "2024")
    broken = tiny.env(notebooks, **{tiny.FAIL_ENV: "no_such_thing"})
    result = run_cli("build", "--out", out, "--quiet", "--force", env=broken)
    assert result.returncode == 1
    failures = [line for line in result.stderr.splitlines() if line.startswith("FAILED")]
    assert len(failures) == tiny.COUNT, "every notebook ran although the others failed"
    assert all("(run 2024), cell" in f and "no_such_thing" in f for f in failures), failures
    assert snapshot(out / "2024") == before
    assert (out / "_failed" / "2024" / "01_release.ipynb").is_file()
    assert "Traceback" not in result.stderr
    top = (out / "index.html").read_text()
    failed = re.findall(r'<li class="fail">Run 2024 failed in this build: ([^<]*)', top)
    assert len(failed) == 1 and failed[0].startswith("01_release.ipynb, cell")
    assert 'href="2024/index.html"' in top  # the previous 2024 report is still listed


def test_a_folder_of_notebooks_without_any_is_one_line(tmp_path):
    result = run_cli("build", "--out", tmp_path / "out", env=tiny.env(tmp_path / "none"))
    assert result.returncode == 2 and len(result.stderr.strip().splitlines()) == 1
    assert "TRADEANALYSIS_NOTEBOOKS" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


def test_a_top_index_lists_failed_runs_and_is_never_empty(tmp_path):
    from tradeanalysis.report.index_page import write_top_index

    write_top_index(tmp_path, {})
    assert not (tmp_path / "index.html").exists(), "nothing to list: no page"
    write_top_index(tmp_path, {"usd": "01_headline.ipynb, cell 3: ValueError: no rate"})
    page = (tmp_path / "index.html").read_text()
    assert page.count('<li class="fail">') == 1 and "<table>" not in page
    assert "Run usd failed in this build: 01_headline.ipynb, cell 3: ValueError: no rate" in page


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--release", "1999"], "no such release"),
        (["--release", "/etc"], "no such release"),
        (["-p", "colour", "red"], "unknown parameter 'colour'"),
        (["-p", "release", "2024"], "give the release with --release"),
        (["--jobs", "0"], "--jobs must be 1 or more"),
        (["--params-file", "/nonexistent.yml"], "params file not found"),
        (["-p", "scale", "million"], "scale must be one of trillion, billion, got 'million'"),
        (["-p", "currency", "EUR"], "currency must be one of CNY, USD, got 'EUR'"),
        (["-p", "currency", "USD"], "currency USD needs an exchange rate"),
        (["-p", "currency", "usd", "-p", "cny_per_usd", "-7"], "greater than zero, got -7"),
        (["-p", "cny_per_usd", "7.12"], "cny_per_usd is used only when currency differs"),
        (["-p", "palette", "rainbowz"], "palette 'rainbowz' is not a seaborn palette"),
    ],
)
def test_bad_input_exits_2_with_one_line_and_runs_nothing(tmp_path, args, words):
    # in this process, through cli.main as the command runs it (the real command line ends a
    # bad params file below the same way)
    code, _, stderr = run_main(["build", "--out", tmp_path / "out", "--quiet", *args])
    assert code == 2
    assert len(stderr.strip().splitlines()) == 1 and words in stderr
    assert not (tmp_path / "out").exists()


def test_currency_and_scale_are_taken_in_any_case():
    from tradeanalysis.report.build import plan_runs

    (run,) = plan_runs(
        ["2024"], [("currency", "usd"), ("cny_per_usd", "7.12"), ("scale", "Billion")]
    )
    assert run.parameters == {"currency": "USD", "cny_per_usd": 7.12, "scale": "billion"}


def test_bad_params_file_names_the_run(tmp_path):
    spec = tmp_path / "runs.yml"
    spec.write_text("runs:\n  usd:\n    parameters: {currency: USD, cny_per_usd: [7]}\n")
    result = run_cli("build", "--out", tmp_path / "out", "--params-file", spec)
    assert (
        result.returncode == 2 and "run 'usd'" in result.stderr and "single value" in result.stderr
    )


@pytest.mark.parametrize(
    ("pages", "words"),
    [
        ("[headline, months]", "no page called 'months'; the pages are headline, history, in_year"),
        ("headline", "`pages` must be a list of page names"),
        ("[]", "`pages` must be a list of page names"),
    ],
)
def test_a_run_asking_for_a_page_that_is_not_there_is_one_line(tmp_path, pages, words):
    spec = tmp_path / "runs.yml"
    spec.write_text(f"runs:\n  months:\n    release: '2024-11'\n    pages: {pages}\n")
    code, _, stderr = run_main(["build", "--out", tmp_path / "out", "--params-file", spec])
    assert code == 2 and len(stderr.strip().splitlines()) == 1
    assert "run 'months'" in stderr and words in stderr
    assert not (tmp_path / "out").exists()


def test_a_run_names_its_pages_by_page_notebook_or_file():
    from tradeanalysis.report.plan import page_files

    names = ["in_year", "01_headline", "04_exports_imports.ipynb", "in_year"]
    assert page_files(names, "run") == (
        "03_in_year.ipynb",
        "01_headline.ipynb",
        "04_exports_imports.ipynb",
    )


def test_params_file_runs_build_beside_every_release_in_one_command(report):
    out, result = report  # --release all --params-file with the named runs of SESSION_RUNS
    assert "6.16 trillion US dollars" in (out / "usd" / "index.html").read_text()
    assert "7.12 yuan per US dollar" in (out / "usd" / "01_headline.html").read_text()
    assert "43,850 billion yuan" in (out / "billions" / "index.html").read_text()
    top = (out / "index.html").read_text()
    for name in SESSION_RUNS:
        assert f"report: {out / name / 'index.html'}" in result.stdout
        assert f'href="{name}/index.html"' in top


class _Tags(HTMLParser):
    """Every live tag and attribute of a page, and the targets of its links."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.attributes, self.links = set(), set(), []

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        self.attributes |= {name for name, _ in attrs}
        self.links += [value or "" for name, value in attrs if name in ("href", "src")]


def live_markup(page: Path) -> _Tags:
    parser = _Tags()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def test_hostile_release_text_is_escaped_in_every_page(hostile_report):
    """Every text field of the release carries a tag of its own (see conftest.hostile): none
    is live on any page, no link leads to javascript:, and the text is still shown."""
    pages = sorted(hostile_report.glob("*.html"))
    assert len(pages) == len(SECTIONS) + 1
    for page in pages:
        found = live_markup(page)
        assert not {t for t in found.tags if t.startswith("hostile")}, page.name
        assert not {"data-hostile", "onerror", "onload", "onclick"} & found.attributes, page.name
        assert not [link for link in found.links if link.lower().startswith("javascript")], (
            page.name
        )
        text = page.read_text()
        assert "<script>alert" not in text and "<img src=x" not in text, page.name
        assert "<i>General</i>" not in text and "<b>bold</b>" not in text, page.name
    index = (hostile_report / "index.html").read_text()
    assert "&lt;script&gt;alert(&quot;title&quot;)&lt;/script&gt;" in index
    assert (
        "&lt;img src=x onerror=alert(1)&gt;"
        in (hostile_report / "04_exports_imports.html").read_text()
    )
    other = (hostile_report / "07_other_sections.html").read_text()
    assert "&lt;hostile11 data-hostile" in other  # the section title, shown as text
    assert "&lt;hostile4 data-hostile" in other  # the label of the figure in that section
    assert 'href="http://china.org.cn/china/2025-01/16/content_117668531.htm"' in index


def test_a_kernel_that_fails_to_start_is_retried_once(tmp_path, monkeypatch):
    import papermill

    tiny.use(monkeypatch, tiny.write(tmp_path / "tiny"))
    from tradeanalysis.report.build import Run, run_notebook

    calls = []

    def flaky(source, executed, **kwargs):
        calls.append(source)
        if len(calls) == 1:
            raise RuntimeError("Kernel died before replying to kernel_info")
        shutil.copy(source, executed)

    monkeypatch.setattr(papermill, "execute_notebook", flaky)
    outcome = run_notebook(Run("retry", "2024"), "01_release.ipynb", str(tmp_path))
    assert outcome.ok and len(calls) == 2
    assert (tmp_path / "01_release.html").is_file()


def test_a_kernel_that_fails_twice_is_reported_not_raised(tmp_path, monkeypatch):
    import papermill

    tiny.use(monkeypatch, tiny.write(tmp_path / "tiny"))
    from tradeanalysis.report.build import Run, run_notebook

    def broken(*args, **kwargs):
        raise RuntimeError("Kernel didn't respond in 60 seconds")

    monkeypatch.setattr(papermill, "execute_notebook", broken)
    outcome = run_notebook(Run("retry", "2024"), "01_release.ipynb", str(tmp_path))
    assert not outcome.ok and outcome.cell == "kernel" and "didn't respond" in outcome.error


def test_importing_the_library_loads_no_charting_or_notebook_machinery():
    import subprocess
    import sys

    code = (
        "import sys, tradeanalysis; "
        "heavy = ('matplotlib', 'seaborn', 'papermill', 'nbconvert'); "
        "print([m for m in heavy if m in sys.modules])"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60
    )
    assert result.stdout.strip() == "[]"
