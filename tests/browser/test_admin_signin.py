"""SECURITY 48 in a real browser (headless Chromium driven by Playwright): the admin login
form, filled and submitted like a person would, locks after 10 wrong passwords (429 lockout
page, even for the right password). The counters themselves: tests/backoffice/test_admin_signin.py."""

import shutil

import pytest

from tests.accounts.factories import UserFactory
from tests.conftest import PASSWORD

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
if CHROMIUM is None:
    pytest.skip(
        "chromium is not installed: `apt-get install -y chromium` (CI's .ci/run installs it)", allow_module_level=True
    )
sync_playwright = pytest.importorskip("playwright.sync_api").sync_playwright


@pytest.fixture
def page(async_unsafe_allowed):
    from .test_pages import CHROMIUM_ARGS

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser.new_page()
        browser.close()


def submit(page, live_server, email: str, password: str) -> int:
    """Open the login page, type the credentials, press the button; the status of the page
    the browser lands on."""
    assert page.goto(live_server.url + "/admin/login/").status == 200
    page.fill("#id_username", email)
    page.fill("#id_password", password)
    with page.expect_navigation() as landed:
        page.click("#login-form [type=submit]")
    return landed.value.status


def test_the_admin_form_locks_after_ten_wrong_passwords(page, live_server, transactional_db):
    staff = UserFactory(is_staff=True, is_superuser=True, email="root@example.com")
    for _ in range(10):
        assert submit(page, live_server, staff.email, "Wrong-Password-1") == 200
        assert page.locator(".errornote").count() == 1
    assert submit(page, live_server, staff.email, PASSWORD) == 429
    assert page.locator("#signin-locked").count() == 1
    assert "/admin/login/" in page.evaluate("document.location.pathname")
