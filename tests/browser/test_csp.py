"""The staff app in a real browser: no Content-Security-Policy violation, no script error.

ASVS 5.0 3.4.3 and the test plan's "Chromium E2E that counts CSP violation
reports (0 in normal flows)" (security.md 2.4). Headless Chromium (Debian's
package, /usr/bin/chromium) opens the main pages as the registrar, with
two-factor passed, and as a sales clerk, and collects every console error and
every `securitypolicyviolation` event. HTMX (the only script) must load and run.
"""

from __future__ import annotations

import shutil

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from conftest import create_staff_user, login_client
from rekisteri.accounts.roles import Role, has_capability
from rekisteri.demo.loader import load_demo
from rekisteri.subjects.models import Person
from rekisteri.web.screens import nav_links, screens

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not shutil.which("chromium"), reason="needs Debian's chromium (make test installs it)"
    ),
]

#: Records violations however they are reported (the console message or the event).
LISTENER = """
window.__violations = [];
document.addEventListener('securitypolicyviolation', e =>
  window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));
"""


def _session_cookie(user: User) -> dict[str, str]:
    from django.conf import settings

    client = login_client(Client(), user)
    return {
        "name": settings.SESSION_COOKIE_NAME,
        "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
    }


def _pages(user: User) -> list[str]:
    person = Person.objects.order_by("pk").first()
    assert person is not None
    urls = [reverse("web:dashboard"), reverse("web:person-detail", args=[person.reference])]
    urls += [
        reverse(link.url_name) for link in nav_links() if has_capability(user, link.capability)
    ]
    for screen in screens():
        if has_capability(user, screen.view_capability):
            urls.append(reverse(f"web:{screen.slug}-list"))
            first = screen.visible(user).first()
            if first is not None:
                urls.append(
                    reverse(f"web:{screen.slug}-detail", args=[getattr(first, screen.lookup)])
                )
    return urls


@pytest.mark.parametrize("role", [Role.REGISTRAR, Role.SALES_CLERK], ids=str)
def test_the_main_pages_raise_no_csp_violation(live_server, role):
    """Slow: loads the demo and opens some 40 pages in Chromium (about 30 s)."""
    from playwright.sync_api import ConsoleMessage, Error, sync_playwright

    load_demo(people=20)
    user = create_staff_user(f"browser-{role}", role)
    cookie = _session_cookie(user)
    urls = _pages(user)  # the ORM cannot run inside Playwright's event loop
    name = person_name()
    problems: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        context = browser.new_context(locale="fi-FI")
        context.add_cookies(
            [{"name": cookie["name"], "value": cookie["value"], "url": live_server.url}]
        )
        context.add_init_script(LISTENER)
        page = context.new_page()

        def on_console(message: ConsoleMessage) -> None:
            if message.type == "error":
                problems.append(f"{page.url}: {message.text}")

        def on_error(error: Error) -> None:
            problems.append(f"{page.url}: {error}")

        page.on("console", on_console)
        page.on("pageerror", on_error)
        for url in urls:
            response = page.goto(live_server.url + url)
            assert response is not None, url
            assert response.status == 200, url
            assert page.evaluate("typeof window.htmx") == "object", f"HTMX did not load on {url}"
            problems += [f"{url}: {v}" for v in page.evaluate("window.__violations")]
        # The search form (HTMX-free POST) and its result page.
        page.goto(live_server.url + reverse("web:dashboard"))
        if page.locator("input[name=q]").count():
            page.fill("input[name=q]", name)
            page.keyboard.press("Enter")
            page.wait_for_load_state()
            problems += [f"search: {v}" for v in page.evaluate("window.__violations")]
        browser.close()
    assert not problems, problems


def person_name() -> str:
    person = Person.objects.order_by("pk").first()
    return person.last_name if person else "Virtanen"
