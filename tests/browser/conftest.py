"""The browser test harness: a real Chromium, driven by Playwright, against Django's live server.

Journeys live in ``tests/browser/test_<journey>.py``, are marked ``@pytest.mark.browser`` and take
``page`` (a phone, 360×740) or ``laptop_page`` (1280×800). The harness finds Chromium the way
``scripts/find_chromium.py`` does ($CHROMIUM first); without one the tests fail and say how to
install it, because a skipped journey would hide a broken sign-up.
"""

# ruff: noqa: E402 (the environment must be set before Django and Playwright are imported)
import os

# Playwright's sync API runs an event loop in this thread, and Django then refuses ORM calls from it
# (SynchronousOnlyOperation). No async code shares that loop, so the check can be switched off.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

import importlib
import importlib.util
from pathlib import Path

import pytest

from tests.factories import PASSWORD

ROOT = Path(__file__).resolve().parents[2]
PHONE = {
    "viewport": {"width": 360, "height": 740},
    "is_mobile": True,
    "has_touch": True,
    "device_scale_factor": 2,
}
LAPTOP = {"viewport": {"width": 1280, "height": 800}}
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    # Without these Chromium tries to reach Google's servers and stalls in the sandboxed CI.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TIMEOUT_MS = 10_000


def _find_chromium() -> str | None:
    """The same lookup as scripts/find_chromium.py (a script, not a module, so loaded by path)."""
    script = ROOT / "scripts" / "find_chromium.py"
    spec = importlib.util.spec_from_file_location("find_chromium", script)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.find()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    path = _find_chromium()
    if not path:
        pytest.fail(
            "The browser tests need Chromium and none was found. Install it "
            "(Debian/Ubuntu: `apt-get install chromium`) or point CHROMIUM=/path/to/chrome at one.",
            pytrace=False,
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def site(live_server, reference_data, settings):
    """The live server's address, with mailed links pointing at it."""
    settings.SITE_URL = live_server.url
    return live_server.url


def _page(browser, options):
    # The newcomer's phone speaks Indonesian, as most teachers' phones here do.
    context = browser.new_context(locale="id-ID", timezone_id="Asia/Jakarta", **options)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def page(browser, site):
    """A mid-range Android phone, 360×740."""
    yield from _page(browser, PHONE)


@pytest.fixture
def laptop_page(browser, site):
    yield from _page(browser, LAPTOP)


def log_in(page, base_url, email, password=PASSWORD):
    """Log in through the form, as a member would."""
    page.goto(f"{base_url}/akun/masuk/")
    page.locator("input[name=email]").fill(email)
    page.locator("input[name=password]").fill(password)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()


def horizontal_overflow(page) -> list[str]:
    """Elements that stick out to the right of the viewport (a phone would scroll sideways).

    What sticks out inside a box that scrolls (or clips) sideways by itself, a wide table in its
    ``.kp-scroll``, does not move the page and is not counted."""
    return page.evaluate(
        """() => {
            const width = document.documentElement.clientWidth;
            const contained = (el) => {
                for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
                    if (getComputedStyle(up).overflowX !== 'visible') return true;
                }
                return false;
            };
            const out = [];
            for (const el of document.querySelectorAll('body *')) {
                const box = el.getBoundingClientRect();
                if (box.width && box.right > width + 1 && !contained(el)) {
                    out.push(`${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}`
                             + `${el.className && typeof el.className === 'string'
                                  ? '.' + el.className.trim().split(/\\s+/).join('.') : ''}`
                             + ` right=${Math.round(box.right)}`);
                }
            }
            if (document.documentElement.scrollWidth > width) {
                out.push(`document scrollWidth=${document.documentElement.scrollWidth}`);
            }
            return out;
        }"""
    )
