"""The audit page in a real headless Chromium: visible findings, linked claims, no requests, no script.

Chromium and chromedriver come from Debian (``chromium``, ``chromium-driver``). When they are missing
the setup installs them with apt-get if it runs as root; it skips, saying why, only where it cannot.
"""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from mining.render import render_report_html, write_check_site
from mining.render.links import MISMATCH, link_claims
from mining.render.sample import HOSTILE_MARKUP, sample_report

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1280,1600",
)
# Registered before any page script runs (DevTools scripts are not subject to the page's CSP).
_WATCH = (
    "window.__csp = [];"
    "document.addEventListener('securitypolicyviolation',"
    " e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));"
)


def _ensure_chromium() -> str | None:
    """Return why Chromium cannot be used, or None once /usr/bin/chromium and chromedriver exist."""
    if Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists():
        return None
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        return "chromium/chromium-driver are not installed and this user cannot apt-get install them"
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    try:
        subprocess.run(["apt-get", "update", "-q"], check=True, capture_output=True, env=env, timeout=600)
        subprocess.run(
            ["apt-get", "install", "-y", "-q", "chromium", "chromium-driver"],
            check=True,
            capture_output=True,
            env=env,
            timeout=1200,
        )
    except (subprocess.SubprocessError, OSError) as exc:
        return f"apt-get install chromium chromium-driver failed: {exc}"
    if Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists():
        return None
    return "apt-get ran but /usr/bin/chromium or /usr/bin/chromedriver is still missing"


@pytest.fixture(scope="module")
def driver():
    webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is in the dev extra")
    why = _ensure_chromium()
    if why:
        pytest.skip(why)
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="xxgk-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={profile}")
    options.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    drv = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    drv.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": _WATCH})
    try:
        yield drv
    finally:
        drv.quit()
        shutil.rmtree(profile, ignore_errors=True)


def _open(driver, path: Path) -> list[dict]:
    """Return the DevTools log of requests made while loading `path`: url, blocked reason, response.

    The log is drained first, so only this page's requests are returned.
    """
    driver.get_log("performance")
    driver.get(path.as_uri())
    driver.execute_script("return document.readyState")
    requests: dict[str, dict] = {}
    for entry in driver.get_log("performance"):
        msg = json.loads(entry["message"])["message"]
        params = msg.get("params", {})
        rid = params.get("requestId")
        if msg.get("method") == "Network.requestWillBeSent":
            requests[rid] = {"url": params["request"]["url"], "blocked": None, "response": False}
        elif msg.get("method") == "Network.loadingFailed" and rid in requests:
            requests[rid]["blocked"] = params.get("blockedReason")
        elif msg.get("method") == "Network.responseReceived" and rid in requests:
            requests[rid]["response"] = True
    return list(requests.values())


def _assert_no_network(driver, requests, page: Path, *, blocked_allowed: bool = False) -> None:
    others = [r for r in requests if r["url"] != page.as_uri()]
    if blocked_allowed:
        # attempted by markup that slipped in, but stopped by the CSP before anything left the browser
        assert all(r["blocked"] == "csp" and not r["response"] for r in others), others
        got = "return performance.getEntriesByType('resource').filter(e => e.responseStart > 0).length"
        assert driver.execute_script(got) == 0
    else:
        assert others == []
        assert driver.execute_script("return performance.getEntriesByType('resource').length") == 0


@pytest.fixture(scope="module")
def sample_page(tmp_path_factory):
    report = sample_report()
    path = tmp_path_factory.mktemp("audit") / "sample.html"
    path.write_text(render_report_html(report), encoding="utf-8")
    return report, path


def test_every_finding_is_visible_and_no_request_is_made(driver, sample_page):
    report, path = sample_page
    requests = _open(driver, path)
    _assert_no_network(driver, requests, path)
    assert driver.execute_script("return window.__csp") == []  # our style and script passed the CSP
    from selenium.webdriver.common.by import By

    entries = driver.find_elements(By.CSS_SELECTOR, "li.finding")
    assert len(entries) == len(report.findings) > 0
    for i, f in enumerate(report.findings):
        el = driver.find_element(By.ID, f"finding-{i}")
        assert el.is_displayed() and el.size["height"] > 10
        assert f.code in el.text and f.message.split(" ")[0] in el.text


def test_every_mismatched_claim_is_highlighted_and_linked_to_a_cell(driver, sample_page):
    from selenium.webdriver.common.by import By

    report, path = sample_page
    _open(driver, path)
    expected = [link for link in link_claims(report) if link.status == MISMATCH]
    shown = driver.find_elements(By.CSS_SELECTOR, ".narrative .claim.mismatch[id]")
    assert len(shown) == len(expected) >= 2
    for el in shown:
        assert el.is_displayed()
        background = el.value_of_css_property("background-color")
        assert background not in ("rgba(0, 0, 0, 0)", "transparent")
        target_id = el.get_attribute("href").split("#", 1)[1]
        cell = driver.find_element(By.ID, target_id)
        assert cell.tag_name == "td" and cell.get_attribute("data-key") == el.get_attribute("data-key")
        assert cell.text.split("\n")[0] == el.get_attribute("data-table")


def test_hover_and_click_on_a_claim_show_table_value_and_difference(driver, sample_page):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    report, path = sample_page
    _open(driver, path)
    links = {link.claim.text: link for link in link_claims(report)}

    def after(el):
        return driver.execute_script("return getComputedStyle(arguments[0], '::after').content", el)

    # hovering shows the facts without script, from the CSS tooltip
    hover = driver.find_element(By.ID, f"claim-{links['2件'].index}")
    driver.execute_script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", hover)
    assert after(hover) in ("none", "normal")
    ActionChains(driver).move_to_element(hover).perform()
    WebDriverWait(driver, 5).until(lambda d: "table: 1" in after(hover))
    assert "difference: +1" in after(hover)

    # clicking fills the detail panel (script) and jumps to the cell (link)
    el = driver.find_element(By.ID, f"claim-{links['1386件'].index}")
    driver.execute_script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", el)
    el.click()
    panel = driver.find_element(By.ID, "claim-detail")
    assert panel.is_displayed()
    assert panel.find_element(By.CSS_SELECTOR, '[data-field="table"]').text == "1368"
    assert panel.find_element(By.CSS_SELECTOR, '[data-field="diff"]').text == "+18"
    assert driver.execute_script("return location.hash") == "#cell-t2.licensing.decisions"


def test_hostile_report_runs_no_script_and_shows_the_text(driver, tmp_path):
    from selenium.webdriver.common.by import By

    path = tmp_path / "hostile.html"
    path.write_text(render_report_html(sample_report(hostile=True)), encoding="utf-8")
    requests = _open(driver, path)
    assert driver.execute_script("return typeof window.__xxgk_pwned") == "undefined"
    _assert_no_network(driver, requests, path)
    assert driver.find_elements(By.CSS_SELECTOR, "main img, main svg, main script") == []
    body = driver.find_element(By.TAG_NAME, "body").text
    assert "<script>window.__xxgk_pwned=1</script>" in body
    assert '<img src=x onerror="window.__xxgk_pwned=2">' in body
    assert driver.find_element(By.TAG_NAME, "h1").text.count("<script>") == 1


def test_the_csp_stops_markup_that_slipped_past_escaping(driver, tmp_path):
    """Even unescaped markup pasted into the page neither runs nor fetches: the CSP blocks both."""
    page = render_report_html(sample_report())
    slip = (
        "<script>window.__xxgk_pwned=4</script>"
        '<img src="http://127.0.0.1:9/pixel.png" onerror="window.__xxgk_pwned=5">'
        '<link rel="stylesheet" href="http://127.0.0.1:9/x.css">'
    )
    assert '<div class="content">' in page
    path = tmp_path / "slip.html"
    path.write_text(
        page.replace('<div class="content">', '<div class="content">' + slip, 1), encoding="utf-8"
    )
    requests = _open(driver, path)
    assert driver.execute_script("return typeof window.__xxgk_pwned") == "undefined"
    _assert_no_network(driver, requests, path, blocked_allowed=True)
    assert len(requests) >= 2  # the slip did try: the log would have shown a request that got out
    violations = driver.execute_script("return window.__csp")
    assert any(v.startswith("script-src") for v in violations)
    assert any(v.startswith("img-src") for v in violations)


def test_index_lists_reports_by_errors_and_links_to_every_page(driver, tmp_path):
    from selenium.webdriver.common.by import By

    clean = sample_report()
    quiet = dataclasses.replace(
        clean, findings=(), document=dataclasses.replace(clean.document, sha256="", path="quiet.txt")
    )
    warn_only = dataclasses.replace(
        clean,
        findings=tuple(f for f in clean.findings if f.severity == "warning"),
        document=dataclasses.replace(clean.document, sha256="", path="warn.txt", text=clean.text + " "),
    )
    written = write_check_site([quiet, clean, warn_only], tmp_path / "site")
    index = written[-1]
    requests = _open(driver, index)
    _assert_no_network(driver, requests, index)
    rows = driver.find_elements(By.CSS_SELECTOR, "table.index tbody tr")
    assert [r.find_elements(By.CSS_SELECTOR, "td.n")[0].text for r in rows] == ["4", "0", "0"]
    assert [r.find_elements(By.CSS_SELECTOR, "td.n")[1].text for r in rows] == ["3", "3", "0"]
    links = [a.get_attribute("href") for a in driver.find_elements(By.CSS_SELECTOR, "table.index a")]
    assert len(links) == 3
    for href in links:
        _open(driver, Path(href.removeprefix("file://")))
        assert driver.find_element(By.ID, "findings").is_displayed()
    assert HOSTILE_MARKUP not in index.read_text(encoding="utf-8")
