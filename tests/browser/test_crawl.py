"""Crawl every page each demo role reaches from its home (issue 20).

The demo data is loaded in the test database (what `manage.py demo_data` does), each demo role logs in
(with its TOTP code for professionals) and follows every same-site link from its home, GET only: no
logout, deletion, action or download links, at most one or two pages per kind of page (same route, other
ids) and at most MAX_PAGES pages per role. On every page: zero axe-core violations, no horizontal scroll
at 320 px, and every DSFR icon rendered (its `::before` has a mask image). One browser context per role."""

from __future__ import annotations

import io
import re
import time
from urllib.parse import urldefrag, urlsplit

import pytest
from django.core.management import call_command
from django_otp.oath import TOTP
from playwright.sync_api import Error as PlaywrightError

from relais.accounts.demo import DEMO_PASSWORD, demo_totp_hex
from tests.browser.fixtures import AXE_PATH, WCAG_TAGS, _new_page, login
from tests.conftest import missing_tool

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

ROLES = {
    "person": "camille.martin@demo.relais.fr",
    "helper": "sami.aidant@demo.relais.fr",
    "agent": "ines.instructrice@demo.relais.fr",
    "manager": "marc.responsable@demo.relais.fr",
    "coordinator": "claire.coordination@demo.relais.fr",
    "staff": "admin@demo.relais.fr",
}
MAX_PAGES = 60
PER_KIND = 2
# Links never followed: they end the session, change data or download a file.
SKIPPED = re.compile(
    r"deconnexion|logout|supprimer|suppression|effacer|revoquer|annuler|retirer|quitter|"
    r"telecharger|export|/api/|/media/|/static/|\.(pdf|csv|json|zip|png|jpe?g|heic|ics|txt)$|set_language|i18n",
)
IDS = re.compile(r"/(\d+|[0-9a-f]{8}-[0-9a-f-]{27,}|[A-Z0-9]{2,}-[A-Z0-9-]+)(?=/|$)")

ICONS_JS = """() => [...document.querySelectorAll('[class*="fr-icon-"], [class*=" ri-"]')]
  .filter(el => el.offsetParent !== null)
  .filter(el => getComputedStyle(el, '::before').content !== 'none')
  .filter(el => ['none', ''].includes(getComputedStyle(el, '::before').maskImage
                  || getComputedStyle(el, '::before').webkitMaskImage))
  .map(el => el.className).slice(0, 5)"""
LINKS_JS = """() => [...document.querySelectorAll('a[href]')]
  .filter(a => !a.hasAttribute('download'))
  .map(a => a.href)"""
AXE_JS = (
    "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']}))"
    ".violations.map(v => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | ')}`)"
)

AXE_320_JS = (
    "async () => (await axe.run(document, {runOnly: {type: 'rule', values: ['scrollable-region-focusable']},"
    " resultTypes: ['violations']})).violations.map(v => `${v.id}: ${v.nodes.slice(0, 3).map(n => n.target)}`)"
)

# Visible text a person should never read: code names, "(s)" plurals, binary units, raw phone numbers.
TEXT_PROBLEMS = {
    "code name": re.compile(r"\b[a-z]+_[a-z_]+\b|: (?:accept|refuse|close|reopen|request correction|start review)\b"),
    "plural in brackets": re.compile(r"\w\(s\)"),
    "binary unit": re.compile(r"\b[KMG]io\b"),
    "plural after 0 or 1": re.compile(r"(?<![\d,])[01] (?:résultats|fichiers|lieux|dossiers|documents)\b"),
    "raw phone number": re.compile(r"\+33\d{9}"),
    "1 without er": re.compile(
        r"(?<!\d)1 (?:janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre)"
    ),
}


def kind_of(url: str) -> str:
    """The route a URL belongs to: ids replaced, query values dropped (`?page=2` and `?page=3` are one kind)."""
    parts = urlsplit(url)
    keys = sorted({pair.split("=")[0] for pair in parts.query.split("&") if pair})
    return IDS.sub("/<id>", parts.path) + ("?" + "&".join(keys) if keys else "")


def check_page(page) -> list[str]:
    problems = []
    # Identifiers an agent types (a field's key in the builder) are shown as <code>: not prose.
    text = page.evaluate(
        "() => [...document.querySelectorAll('code')].reduce((t, c) => t.split(c.innerText).join(' '),"
        " document.body.innerText)"
    )
    for name, pattern in TEXT_PROBLEMS.items():
        found = sorted(set(pattern.findall(text)))
        if found:
            problems.append(f"{name}: {found[:5]}")
    problems += [f"axe {v}" for v in page.evaluate(AXE_JS, WCAG_TAGS)]
    hidden_icons = page.evaluate(ICONS_JS)
    if hidden_icons:
        problems.append(f"icons without their image: {hidden_icons}")
    page.set_viewport_size({"width": 320, "height": 900})
    # Tables and wide blocks scroll only on a phone: their scroll regions must be reachable by keyboard.
    problems += [f"axe at 320px {v}" for v in page.evaluate(AXE_320_JS)]
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    if overflow > 1:
        wide = page.evaluate(
            """() => [...document.querySelectorAll('body *')]
              .filter(el => el.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
              .slice(-3).map(el => el.tagName.toLowerCase() + (el.className ? '.' + el.className : ''))"""
        )
        problems.append(f"overflows by {overflow}px at 320px: {wide}")
    page.set_viewport_size({"width": 1280, "height": 900})
    return problems


def crawl(page, base: str) -> tuple[list[str], dict[str, list[str]]]:
    """Breadth-first from the home page; returns the pages visited and the problems found on each."""
    queue = [page.url]
    seen_urls: set[str] = set()
    kinds: dict[str, int] = {}
    visited: list[str] = []
    problems: dict[str, list[str]] = {}
    while queue and len(visited) < MAX_PAGES:
        url = urldefrag(queue.pop(0)).url
        if url in seen_urls or not url.startswith(base) or SKIPPED.search(url[len(base) :]):
            continue
        seen_urls.add(url)
        kind = kind_of(url)
        if kinds.get(kind, 0) >= PER_KIND:
            continue
        kinds[kind] = kinds.get(kind, 0) + 1
        try:
            response = page.goto(url)
        except PlaywrightError as exc:  # a download is not a page
            if "Download is starting" in str(exc):
                continue
            raise
        if response is None or "text/html" not in response.headers.get("content-type", ""):
            continue
        path = url[len(base) :]
        visited.append(path)
        if response.status >= 400:
            problems.setdefault(path, []).append(f"status {response.status}")
        found = check_page(page)
        if found:
            print(f"  {path}: {found}", flush=True)
            problems.setdefault(path, []).extend(found)
        queue += [link for link in page.evaluate(LINKS_JS) if link not in seen_urls]
    return visited, problems


@pytest.fixture
def demo_data(db):
    call_command("demo_data", stdout=io.StringIO())


def crawl_role(browser, live_server, role: str) -> tuple[list[str], list[str]]:
    context, page = _new_page(browser, javascript=True)
    context.add_init_script(path=str(AXE_PATH))  # axe-core in every page, without sending it each time
    page.set_default_timeout(30_000)
    try:
        totp = None if role == "person" else f"{TOTP(bytes.fromhex(demo_totp_hex())).token():06d}"
        login(page, live_server, ROLES[role], DEMO_PASSWORD, totp=totp)
        assert "/connexion/" not in page.url and "/double-authentification/" not in page.url, page.url
        page.goto(f"{live_server.url}/")
        visited, problems = crawl(page, live_server.url)
        problems.update({"CSP": page.csp_violations} if page.csp_violations else {})
    finally:
        context.close()
    report = [f"{role} {path}: " + "; ".join(found) for path, found in problems.items()]
    if len(visited) < 10:
        report.append(f"{role} reached only {visited}")
    return visited, report


@pytest.mark.timeout(900)
def test_every_page_of_every_demo_role(browser, live_server, demo_data):
    """One demo load, one context per role (the demo data takes seconds to load)."""
    if not AXE_PATH.exists():
        missing_tool("axe-core is not installed (npm ci)")
    report, counts = [], {}
    for role in ROLES:
        started = time.monotonic()
        visited, found = crawl_role(browser, live_server, role)
        counts[role] = f"{len(visited)} pages in {time.monotonic() - started:.0f}s"
        print(role, counts[role], flush=True)
        report += found
    print(counts)
    assert not report, f"{counts}\n" + "\n".join(report)
