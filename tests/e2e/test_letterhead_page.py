"""The letterhead form on the organizer's process page in a real browser (issue 15 item 11): the
organizer uploads a logo, sets name and footer line, sees the logo; axe finds nothing serious.
A screenshot goes to test-artifacts/."""
from __future__ import annotations

import io

from PIL import Image

from tests.e2e.a11y_support import axe_context, login, serious_findings


def test_organizer_sets_the_letterhead(browser, server, artifacts, tmp_path):
    logo = tmp_path / "wappen.png"
    image = Image.new("RGB", (300, 120), "white")
    image.paste(Image.new("RGB", (100, 100), "#0072B2"), (10, 10))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    logo.write_bytes(buffer.getvalue())

    context = axe_context(browser, locale="en-GB", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    login(page, server)
    page.goto(f"{server.url}/organize/processes/1#letterhead")
    section = page.locator("#letterhead")
    section.get_by_label("Name of the municipality").fill("Stadt Musterstadt")
    section.get_by_label("Footer line").fill("Amt für Familie · Rathausplatz 1")
    section.get_by_label("Logo (PNG or SVG)").set_input_files(str(logo))
    section.get_by_role("button", name="Save").click()
    page.wait_for_url("**/organize/processes/1#letterhead")
    section = page.locator("#letterhead")
    assert section.get_by_label("Footer line").input_value() == "Amt für Familie · Rathausplatz 1"
    shown = section.get_by_role("img", name="Current logo")
    assert shown.is_visible() and shown.evaluate("img => img.naturalWidth") == 300
    section.screenshot(path=str(artifacts / "letterhead-form.png"))
    assert serious_findings(page) == []
    context.close()
