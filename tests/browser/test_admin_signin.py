"""SECURITY 48 in a real browser (headless Chromium): the admin login form, filled and
submitted like a person would, locks after 10 wrong passwords (429 lockout page, even for the
right password). The counters themselves: tests/backoffice/test_admin_signin.py."""

import json
import time

import pytest

from tests.accounts.factories import UserFactory
from tests.conftest import PASSWORD

from .cdp import Browser, chromium_path

CHROMIUM = chromium_path()
if CHROMIUM is None:
    pytest.skip(
        "chromium is not installed: `apt-get install -y chromium` (CI's .ci/run installs it)", allow_module_level=True
    )


@pytest.fixture
def page():
    browser = Browser(CHROMIUM)
    tab = browser.page()
    yield tab
    tab.close()
    browser.close()


def submit(page, live_server, email: str, password: str, expect: str) -> None:
    """Open the login page, type the credentials, submit, and wait for `expect` (a selector)
    on the page the browser lands on."""
    report = page.load(live_server.url + "/admin/login/")
    assert report.status == 200
    page.evaluate(
        f"(() => {{ document.querySelector('#id_username').value = {json.dumps(email)};"
        f" document.querySelector('#id_password').value = {json.dumps(password)};"
        " document.querySelector('#login-form').submit(); })()"
    )
    deadline = time.monotonic() + 15
    while not page.evaluate(f"document.readyState === 'complete' && !!document.querySelector({json.dumps(expect)})"):
        assert time.monotonic() < deadline, f"no {expect} after signing in as {email}"
        page._pump(0.05)


def test_the_admin_form_locks_after_ten_wrong_passwords(page, live_server, transactional_db):
    staff = UserFactory(is_staff=True, is_superuser=True, email="root@example.com")
    for _ in range(10):
        submit(page, live_server, staff.email, "Wrong-Password-1", ".errornote")
    submit(page, live_server, staff.email, PASSWORD, "#signin-locked")
    assert "/admin/login/" in page.evaluate("document.location.pathname")
