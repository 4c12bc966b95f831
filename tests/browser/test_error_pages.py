"""Branded error pages in the app's look, also with DEBUG on (as under `make run`), and ReDoc
working from the bundled files."""

import pytest

from tests.browser.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_redoc_renders_offline(page, live_server, fr_regulator, artifacts):
    login(page, live_server, fr_regulator.username)
    external: list[str] = []  # requests that reached another host (ReDoc's own logo is refused by the CSP)

    def on_finished(request) -> None:
        if not request.url.startswith((live_server.url, "blob:", "data:")):
            external.append(request.url)

    page.on("requestfinished", on_finished)
    console: list[str] = []
    page.on("console", lambda m: console.append(m.text) if m.type == "error" else None)
    page.goto(f"{live_server.url}/api/redoc/")
    page.locator("h1", has_text="riskassess").first.wait_for(timeout=20_000)
    assert "Something went wrong" not in page.locator("body").inner_text()
    assert external == []
    page.screenshot(path=str(artifacts / "redoc.png"))
    assert page.js_errors == [], (page.js_errors, console)
