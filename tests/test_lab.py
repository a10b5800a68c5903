"""A newcomer's JupyterLab: the stored notebooks are untrusted there (nobody signed them on that
machine), and JupyterLab renders no SVG in an untrusted notebook. Every chart also carries a PNG;
this starts a real JupyterLab, opens a stored notebook in headless Chromium and checks that its
charts show as images. Skips (or fails under TRADEANALYSIS_REQUIRE_BROWSER=1) without Chromium,
like the report's browser test."""

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request

import pytest
from test_browser import browser  # noqa: F401 - the fixture, shared with the report's test

from tradeanalysis.data.paths import NOTEBOOKS_DIR

pytestmark = pytest.mark.slow  # starts kernels, builds, servers or browsers (conftest)

TOKEN = "tradeanalysis-test"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """JupyterLab on loopback over a folder holding a copy of a stored notebook, with fresh
    Jupyter data and config folders: no notebook is trusted there. Yields its address.

    It does only what showing a stored notebook needs: no kernel is started for the notebook
    (the test reads its stored outputs; a kernel cost seconds to start and up to 20 to shut
    down), no terminals, no language servers, no check whether the lab needs a build, an extension
    manager that does not ask PyPI."""
    root = tmp_path_factory.mktemp("lab")
    shutil.copy(NOTEBOOKS_DIR / "01_headline.ipynb", root)
    labconfig = root / ".config" / "labconfig"
    labconfig.mkdir(parents=True)
    (labconfig / "page_config.json").write_text('{"buildCheck": false, "buildAvailable": false}')
    port = free_port()
    env = {
        **os.environ,
        "JUPYTER_DATA_DIR": str(root / ".data"),  # holds the trusted-notebook signatures
        "JUPYTER_CONFIG_DIR": str(root / ".config"),
    }
    command = [sys.executable, "-m", "jupyter", "lab", "--no-browser", "--allow-root"]
    command += [
        f"--port={port}",
        "--ServerApp.ip=127.0.0.1",
        f"--IdentityProvider.token={TOKEN}",
        f"--ServerApp.root_dir={root}",
        "--LabApp.news_url=",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        "--LabApp.notebook_starts_kernel=False",
        "--LabApp.extension_manager=readonly",
        "--ServerApp.terminals_enabled=False",
        "--ServerApp.jpserver_extensions=jupyter_lsp=False",
        "--ServerApp.jpserver_extensions=jupyter_server_terminals=False",
    ]
    server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    address = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"{address}/api/status?token={TOKEN}", timeout=2)
            break
        except OSError:
            if server.poll() is not None:
                pytest.fail(f"JupyterLab stopped: {server.stderr.read().decode()[-2000:]}")
            time.sleep(0.1)
    else:
        server.kill()
        pytest.fail("JupyterLab did not answer within 90 s")
    yield address
    # With no kernel to shut down and nothing to save, a stopping server has nothing to lose:
    # killed at once (asked to stop, it waits seconds for an idle anyio worker thread).
    server.kill()
    server.wait()


def test_an_untrusted_stored_notebook_shows_its_charts(browser, lab):  # noqa: F811
    page = browser.new_page(viewport={"width": 1300, "height": 1000})
    page.goto(f"{lab}/lab/tree/01_headline.ipynb?token={TOKEN}")
    page.wait_for_selector(".jp-RenderedImage img", timeout=90_000)
    page.wait_for_function(
        "() => [...document.querySelectorAll('.jp-RenderedImage img')]"
        ".every(i => i.complete && i.naturalWidth > 0)",
        timeout=30_000,
    )
    images = page.eval_on_selector_all(
        ".jp-RenderedImage img", "els => els.map(e => [e.src.slice(0, 22), e.naturalWidth])"
    )
    assert len(images) == 2, images  # the headline notebook's two charts
    assert all(src == "data:image/png;base64," and width > 1000 for src, width in images)
    assert page.locator(".jp-RenderedSVG").count() == 0  # untrusted: the SVG is not used
    assert "43.85 trillion yuan" in page.inner_text(".jp-Notebook")
    page.close()
