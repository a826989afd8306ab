"""Every page a person opens, in headless Chromium, in Russian and in English: it loads with
no console error and no request to another host, and admin tables fit a 1280 px window.

Needs Debian's `chromium` (.ci/run installs it); skipped with a message where it is absent.
SCREENSHOT_DIR=<dir> also saves a full-page PNG of each page there."""

import os
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import reverse

from apps.demo.services import demo_seed
from tests.accounts.factories import UserFactory
from tests.backoffice.factories import populate_overview_demo

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
if CHROMIUM is None:
    pytest.skip(
        "chromium is not installed: `apt-get install -y chromium` (CI's .ci/run installs it)", allow_module_level=True
    )
sync_playwright = pytest.importorskip("playwright.sync_api").sync_playwright

# Debian's Chromium, nothing downloaded; no background traffic to other hosts.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--disable-default-apps",
    "--hide-scrollbars",
]

LANGUAGES = ["ru", "en"]
PUBLIC_PAGES = ["/", "/docs", "/redoc"]
# Every table of the admin must fit; 1280 px is a common laptop window.
FITS_JS = """(() => {
  const boxes = [...document.querySelectorAll('#changelist .results, #content-main table, .overview-grid')];
  const wide = boxes.filter(el => el.scrollWidth > el.clientWidth + 1)
                    .map(el => `${el.id || el.className}: ${el.scrollWidth} > ${el.clientWidth}`);
  if (document.documentElement.scrollWidth > window.innerWidth + 1)
    wide.push(`page: ${document.documentElement.scrollWidth} > ${window.innerWidth}`);
  return wide;
})()"""


def changelist_urls() -> list[str]:
    return sorted(
        reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist") for model in admin.site._registry
    )


ADMIN_PAGES = ["/admin/", "/admin/overview/", *changelist_urls()]


@pytest.fixture(scope="module")
def browser(async_unsafe_allowed):
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


class Report:
    """What one page load did: its status, every error a person would see in the console or
    the network panel, and every URL it asked for."""

    def __init__(self):
        self.status: int | None = None
        self.errors: list[str] = []
        self.requests: list[str] = []

    def foreign_requests(self, allowed_netloc: str) -> list[str]:
        """Requests that leave the server under test (data:, blob: and about: stay local)."""
        return [
            url
            for url in self.requests
            if urlsplit(url).scheme in ("http", "https", "ws", "wss") and urlsplit(url).netloc != allowed_netloc
        ]


@pytest.fixture
def page(browser, request):
    language = request.node.callspec.params["language"]
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, locale=language, extra_http_headers={"Accept-Language": language}
    )
    tab = context.new_page()
    tab.report = Report()
    tab.on(
        "console",
        lambda msg: msg.type in ("error", "assert") and tab.report.errors.append(f"console.{msg.type}: {msg.text}"),
    )
    tab.on("pageerror", lambda exc: tab.report.errors.append(f"exception: {exc}"))
    tab.on("request", lambda req: tab.report.requests.append(req.url))
    tab.on(
        "requestfailed",
        lambda req: req.failure != "net::ERR_ABORTED"
        and tab.report.errors.append(f"load failed: {req.url} {req.failure}"),
    )
    yield tab
    context.close()


@pytest.fixture
def admin_cookie(transactional_db):
    populate_overview_demo(users=24)
    demo_seed()  # rows (and pictures) for the changelists of goals, steps, stories, reviews...
    client = Client()
    client.force_login(UserFactory(email="admin@example.com", is_staff=True, is_superuser=True))
    return client.cookies["sessionid"].value


def _check(page, live_server, path: str, language: str):
    # Swagger UI and ReDoc fetch the schema after the load event: wait until the network is
    # quiet for them; every other page is whole at its load event.
    response = page.goto(live_server.url + path, wait_until="networkidle" if path in ("/docs", "/redoc") else "load")
    report = page.report
    netloc = urlsplit(live_server.url).netloc
    assert response is not None and response.status == 200, f"{path}: HTTP {response and response.status}"
    assert report.errors == [], f"{path} [{language}]: {report.errors}"
    assert report.foreign_requests(netloc) == [], f"{path} [{language}] asked another host"
    if path not in ("/docs", "/redoc"):  # Swagger UI and ReDoc have no Russian of their own
        assert page.evaluate("document.documentElement.lang").startswith(language)
    screenshots = os.environ.get("SCREENSHOT_DIR")
    if screenshots:
        name = path.strip("/").replace("/", "_") or "status"
        page.screenshot(path=Path(screenshots) / f"{name}.{language}.png", full_page=True)
    return report


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_page_loads_clean(page, live_server, transactional_db, path, language):
    _check(page, live_server, path, language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_admin_pages_load_clean_and_fit_1280px(page, live_server, admin_cookie, language):
    """Every admin page on one seeded database per language (seeding the demo data takes ~3 s:
    once per page it was a quarter of the suite); the failure lists every page that failed."""
    page.context.add_cookies([{"url": live_server.url, "name": "sessionid", "value": admin_cookie}])
    failures = []
    for path in ADMIN_PAGES:
        page.report = Report()
        try:
            _check(page, live_server, path, language)
            assert page.evaluate(FITS_JS) == [], f"{path} [{language}] is wider than 1280 px"
        except AssertionError as exc:
            failures.append(str(exc))
    assert failures == [], f"{len(failures)} of {len(ADMIN_PAGES)} admin pages:\n" + "\n".join(failures)
