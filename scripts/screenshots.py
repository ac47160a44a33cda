"""Take headless-Chromium screenshots of the staff app's main pages.

Usage: .venv/bin/python scripts/screenshots.py URL USERNAME PASSWORD [OUT_DIR]

Logs in, opens the dashboard, a search, the first person card found and each
register list, and writes PNGs to OUT_DIR (default screenshots/tmp). Uses
Debian's chromium (/usr/bin/chromium); Playwright's own browser download is not
needed.
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def main() -> None:
    base, username, password = sys.argv[1].rstrip("/"), sys.argv[2], sys.argv[3]
    out = Path(sys.argv[4] if len(sys.argv) > 4 else "screenshots/tmp")
    out.mkdir(parents=True, exist_ok=True)
    extra = sys.argv[5:]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="fi-FI")
        page.goto(f"{base}/accounts/login/")
        page.screenshot(path=out / "login.png")
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", password)
        page.click("button[type=submit]")
        page.wait_for_url(f"{base}/")
        page.screenshot(path=out / "dashboard.png", full_page=True)
        for path in extra:
            name = path.strip("/").replace("/", "_") or "root"
            page.goto(f"{base}{path}")
            if path.startswith("/people/"):
                # Open one "Why?" panel so the picture shows the data-map entry.
                page.locator("details.why summary").nth(2).click()
            page.screenshot(path=out / f"{name}.png", full_page=True)
        browser.close()


if __name__ == "__main__":
    main()
