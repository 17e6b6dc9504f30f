"""Playwright driving Debian's Chromium, with axe-core for accessibility.

Fixtures: `browser` (session), `page` (JavaScript on), `nojs_page` (JavaScript off). Helpers:
`assert_accessible(page)` runs axe-core (WCAG 2.1 A and AA) and fails on any violation;
`login(page, live_server, email, password, totp=None)`; `submit(page, selector)` clicks and waits for the
page it leads to (a bare click may return before the next page is there). CSP violations fail the test."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.conftest import missing_tool

ROOT = Path(__file__).resolve().parents[2]
AXE_PATH = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def chromium_path() -> str | None:
    for candidate in (os.environ.get("CHROMIUM_PATH"), "/usr/bin/chromium", shutil.which("chromium")):
        if candidate and os.path.exists(candidate):
            return candidate
    return None


@pytest.fixture(scope="session")
def browser():
    executable = chromium_path()
    if executable is None:
        missing_tool("Chromium is not installed (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing_tool("playwright is not installed")
    # Playwright's sync API runs an event loop in this thread; Django's ORM must still be usable.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def _new_page(browser, *, javascript: bool, width: int = 1280):
    context = browser.new_context(
        java_script_enabled=javascript, viewport={"width": width, "height": 900}, locale="fr-FR"
    )
    page = context.new_page()
    page.csp_violations = []
    page.javascript_enabled = javascript

    def on_console(message):
        text = message.text
        if "Content Security Policy" in text or "Refused to" in text:
            page.csp_violations.append(text)

    page.on("console", on_console)
    return context, page


@pytest.fixture
def page(browser):
    context, page = _new_page(browser, javascript=True)
    yield page
    violations = page.csp_violations
    context.close()
    assert not violations, f"CSP violations: {violations}"


@pytest.fixture
def nojs_page(browser):
    context, page = _new_page(browser, javascript=False)
    yield page
    context.close()


@pytest.fixture
def narrow_page(browser):
    context, page = _new_page(browser, javascript=True, width=320)
    yield page
    context.close()


def assert_accessible(page, *, context: str = "") -> None:
    """Zero axe-core WCAG 2.1 A/AA violations on the current page.

    axe-core is a script: on a page without JavaScript, the same HTML (with its styles, from the same
    server) is checked in a twin page where scripts run."""
    if not AXE_PATH.exists():
        missing_tool("axe-core is not installed (npm ci)")
    if getattr(page, "javascript_enabled", True):
        _axe(page, context or page.url)
        return
    twin_context = page.context.browser.new_context(
        java_script_enabled=True, viewport=page.viewport_size, locale="fr-FR"
    )
    try:
        twin = twin_context.new_page()
        html = page.content().replace("<head>", f'<head><base href="{page.url}">', 1)
        twin.set_content(html, wait_until="load")
        _axe(twin, f"{context or page.url} (without JavaScript)")
    finally:
        twin_context.close()


def _axe(page, context: str) -> None:
    page.evaluate(AXE_PATH.read_text(encoding="utf-8") + "\n;0")
    result = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        WCAG_TAGS,
    )
    violations = result["violations"]
    if violations:
        lines = [f"axe-core violations on {context}:"]
        for v in violations:
            targets = [", ".join(node["target"]) for node in v["nodes"][:5]]
            lines.append(f"- {v['id']} ({v['impact']}): {v['help']} → {targets}")
        pytest.fail("\n".join(lines))


def assert_fits_320(page) -> None:
    """No horizontal scrolling at 320 px (WCAG 1.4.10 reflow)."""
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 1, f"page overflows by {overflow}px at 320px on {page.url}"


def submit(page, target) -> None:
    """Click what sends a form or follows a link (a selector or a locator) and wait until the next
    page has loaded."""
    with page.expect_navigation(wait_until="load"):
        if isinstance(target, str):
            page.click(target)
        else:
            target.click()


def login(page, live_server, email: str, password: str, totp: str | None = None) -> None:
    page.goto(f"{live_server.url}/compte/connexion/")
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", password)
    submit(page, "main button[type=submit]")
    if totp is not None and "/double-authentification/" in page.url:
        page.fill("input[name=token]", totp)
        submit(page, "main button[type=submit]")
