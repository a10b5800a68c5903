"""Open the built report in headless Chromium (Debian's package, driven by Playwright): every
image renders, no console errors, no request leaves file://, hostile release text shows as text.

Skips when no Chromium is installed, unless TRADEANALYSIS_REQUIRE_BROWSER=1 (set by .ci/run),
in which case a missing browser is a failure."""

import os
import shutil

import pandas as pd
import pytest

pytestmark = pytest.mark.slow  # starts kernels, builds, servers or browsers (conftest)

CHROMIUM = (
    os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
)
REQUIRED = os.environ.get("TRADEANALYSIS_REQUIRE_BROWSER") == "1"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-quic",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM:
        if REQUIRED:
            pytest.fail(
                "TRADEANALYSIS_REQUIRE_BROWSER=1 but no chromium on PATH (apt-get install chromium)"
            )
        pytest.skip("no chromium on PATH; install Debian's chromium to run the browser test")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield browser
        browser.close()


VIEWPORT = {"width": 1100, "height": 900}


class Tab:
    """One browser tab, reused by a module's tests (opening a tab costs more than loading a page
    into one), and what its current page did: console errors, requests that left file:// (or
    data:), dialogs (dismissed)."""

    def __init__(self, page):
        self.page = page
        self.errors, self.outside, self.dialogs = [], [], []
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("request", self.left_file)
        page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))

    def left_file(self, request) -> None:
        if not request.url.startswith(("file://", "data:")):
            self.outside.append(request.url)


@pytest.fixture(scope="module")
def tab(browser):
    """The module's tab, in a context of its own (the accessibility test adds axe-core to every
    page of another)."""
    context = browser.new_context(viewport=VIEWPORT)
    yield Tab(context.new_page())
    context.close()


def visit(tab, path, settle_ms=0):
    """Load a page into the tab, as a fresh tab would show it (screen media, nothing seen yet);
    returns (page, console errors, requests not under file://, dialogs). The report's pages
    carry no script, so nothing runs after `load` (which waits for every image); `settle_ms`
    waits longer all the same, for pages that must show that nothing does."""
    for seen in (tab.errors, tab.outside, tab.dialogs):
        seen.clear()
    tab.page.emulate_media(media="null")
    tab.page.goto(path.as_uri(), wait_until="load")
    if settle_ms:
        tab.page.wait_for_timeout(settle_ms)
    return tab.page, tab.errors, tab.outside, tab.dialogs


def images_rendered(page):
    return page.evaluate(
        "Array.from(document.images).map(i => [i.alt, i.complete && i.naturalWidth > 0])"
    )


@pytest.mark.parametrize(
    "name", ["index.html", "01_headline.html", "02_history.html", "05_partners_regions.html"]
)
def test_report_pages_render_offline_without_errors(tab, report, name):
    out, _ = report
    page, errors, outside, dialogs = visit(tab, out / "2024" / name)
    images = images_rendered(page)
    assert all(ok for _, ok in images), f"images that did not render: {images}"
    if name != "index.html":
        assert sum(alt.startswith("Chart: ") for alt, _ in images) >= 2
    assert errors == [] and outside == [] and dialogs == []
    assert "43.85 trillion yuan" in page.inner_text("body") or name == "05_partners_regions.html"
    if name == "02_history.html":  # six charts of the years, each an image that rendered
        assert sum(alt.startswith("Chart: ") for alt, _ in images) == 6


def test_index_links_to_every_section(tab, report):
    out, _ = report
    page, *_ = visit(tab, out / "2024" / "index.html")
    links = page.eval_on_selector_all("ol a", "els => els.map(e => e.getAttribute('href'))")
    assert [link for link in links if link.endswith(".html")] == [
        "01_headline.html",
        "02_history.html",
        "03_in_year.html",
        "04_exports_imports.html",
        "05_partners_regions.html",
        "06_shenzhen.html",
        "07_other_sections.html",
        "08_checks.html",
    ]


@pytest.mark.parametrize("name", ["index.html", "04_exports_imports.html", "08_checks.html"])
def test_hostile_release_shows_as_text(tab, hostile_report, name):
    page, errors, outside, dialogs = visit(tab, hostile_report / name, settle_ms=300)
    assert dialogs == [], "a script from the release ran"
    assert errors == [] and outside == []
    assert page.locator("script").count() == 0 or name != "index.html"
    text = page.inner_text("body")
    if name == "index.html":
        assert '<script>alert("title")</script>' in text
    if name == "04_exports_imports.html":
        assert "<img src=x onerror=alert(1)>" in text


def test_a_dollar_page_has_its_title_contents_pager_and_downloads(tab, report):
    out, _ = report
    page, errors, outside, _ = visit(tab, out / "usd" / "04_exports_imports.html")
    assert page.title() == "Exports and imports - 2024, US dollars at 7.12"
    assert "2024, US dollars at 7.12" in page.inner_text(".ta-nav")
    for anchor in page.eval_on_selector_all(".ta-toc a", "links => links.map(a => a.hash)"):
        assert page.locator(f"[id='{anchor[1:]}']").count() == 1, anchor  # every entry lands
    assert page.get_attribute("a[rel=prev]", "href") == "03_in_year.html"
    assert page.get_attribute("a[rel=next]", "href") == "05_partners_regions.html"
    links = page.eval_on_selector_all(".ta-downloads a", "links => links.map(a => a.href)")
    charts = page.locator(".ta-downloads").count()
    assert len(links) == 3 * charts >= 6  # PNG, SVG and the data as CSV per chart
    for link in links:  # each download is a file of the report; images open, data parse
        assert report_file(link, out).stat().st_size > 100, link
        if link.endswith(".csv"):
            data = pd.read_csv(report_file(link, out))
            assert len(data) >= 2 and "value" in data or "growth_pct" in data, link
            continue
        page.goto(link)
        size = page.evaluate(
            "document.images.length ? document.images[0].naturalWidth"
            " : document.documentElement.getBoundingClientRect().width"
        )
        assert size > 100, link
    assert not errors and not outside


def report_file(url: str, out):
    """The file a link of a report page points to; it must lie inside the report."""
    from pathlib import Path
    from urllib.parse import unquote, urlparse

    path = Path(unquote(urlparse(url).path))
    assert urlparse(url).scheme == "file" and path.is_relative_to(out), url
    return path


def test_the_print_stylesheet_hides_navigation_and_keeps_charts_whole(tab, report):
    out, _ = report
    page, *_ = visit(tab, out / "2024" / "02_history.html")
    page.emulate_media(media="print")
    for selector in (".ta-nav", ".ta-toc", ".ta-pager", ".ta-downloads"):
        assert not page.locator(selector).first.is_visible(), selector
    breaks = page.eval_on_selector(
        ".jp-OutputArea-output img", "i => getComputedStyle(i).breakInside"
    )
    assert breaks == "avoid"


def test_the_index_links_its_downloads(tab, report):
    out, _ = report
    page, errors, outside, _ = visit(tab, out / "usd" / "index.html")
    for name in ("figures.csv", "checks.csv"):
        path = report_file(page.eval_on_selector(f"a[href='{name}']", "a => a.href"), out)
        assert path.read_text().startswith(("id,", "check,")), name
    assert not errors and not outside


# axe-core's WCAG 2 A and AA rules (axe-playwright-python ships the script; nothing is fetched).
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa"]},
    "resultTypes": ["violations"],
}


def axe_script() -> str:
    from axe_playwright_python.base import AXE_SCRIPT

    return AXE_SCRIPT


def axe_violations(page) -> list[tuple[str, str, int]]:
    """(rule, impact, how many elements) for each WCAG 2 A/AA rule the page breaks; adds
    axe-core to the page unless it is there."""
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.evaluate(axe_script())
    found = page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)["violations"]
    return [(v["id"], v["impact"], len(v["nodes"])) for v in found]


def test_no_page_of_the_2024_report_or_a_dollar_run_breaks_a_wcag_rule(browser, report):
    out, _ = report
    pages = [out / "index.html"]
    for run in ("2024", "usd"):
        pages += sorted((out / run).glob("*.html"))
    assert len(pages) == 1 + 2 * 9  # the top index; each run's index and its eight sections
    context = browser.new_context(viewport=VIEWPORT)
    context.add_init_script(script=axe_script())  # in every page this context loads
    page = context.new_page()  # one tab for all: opening a tab costs more than a page load
    found = {}
    for path in pages:
        page.goto(path.as_uri(), wait_until="load")
        if violations := axe_violations(page):
            found[str(path.relative_to(out))] = violations
    context.close()
    assert found == {}


def test_axe_finds_a_link_told_apart_by_colour_alone(tab, report):
    """The check can fail: the section pages' old navigation style (an index link without
    underline beside the run's title) is a serious violation."""
    out, _ = report
    page, *_ = visit(tab, out / "usd" / "04_exports_imports.html")
    page.add_style_tag(content=".ta-nav a { text-decoration: none; }")
    assert ("link-in-text-block", "serious", 1) in axe_violations(page)
