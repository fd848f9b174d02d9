"""The letterhead (issue 15 item 11): set on the organizer page or over the API, checked and
cleaned, audited, and printed by every document of the process."""
from __future__ import annotations

import base64
import io
import zipfile

import pytest
from docx import Document as DocxDocument
from PIL import Image
from pypdf import PdfReader

from testkit.worlds import seed
from tests.conftest import csrf_token_from, login
from workshop_app.extensions import db
from workshop_app.models import AuditEvent, Process
from workshop_app.services import apikeys
from workshop_app.services.plumbing.audit import SYSTEM

EVIL_SVG = (b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 20 10" onload="alert(1)">'
            b'<script>alert(document.cookie)</script><rect width="20" height="10" fill="#0072B2"/>'
            b'<image href="https://evil.example/track.png" width="1" height="1"/></svg>')  # fmt: skip


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (200, 80), "#E69F00").save(out, format="PNG")
    return out.getvalue()


@pytest.fixture
def data(ctx):
    return seed()


@pytest.fixture
def organizer(client, make_user, data):
    make_user()
    login(client)
    return client


@pytest.fixture
def key(ctx, make_user):
    return apikeys.create_api_key(SYSTEM, make_user(email="api@example.org"), name="test")[1]


def _api(client, method, url, key, **kwargs):
    from flask import g

    for name in ("_login_user", "api_key"):
        g.pop(name, None)
    return client.open(url, method=method, headers={"Authorization": f"Bearer {key}"}, **kwargs)


def _post_form(client, process_id, **fields):
    page = client.get(f"/organize/processes/{process_id}")
    assert page.status_code == 200 and b'id="letterhead"' in page.data
    fields["csrf_token"] = csrf_token_from(page)
    return client.post(f"/organize/processes/{process_id}/letterhead", data=fields,
                       content_type="multipart/form-data")


def test_organizer_sets_the_letterhead_and_every_document_prints_it(organizer, data):
    response = _post_form(organizer, data.process_id, municipality="Stadt Musterstadt",
                          footer="Amt für Familie · Rathausplatz 1", logo=(io.BytesIO(_png()), "wappen.png"))
    assert response.status_code == 302
    process = db.session.get(Process, data.process_id)
    assert process.municipality == "Stadt Musterstadt" and process.letterhead_logo_type == "image/png"
    event = db.session.scalar(db.select(AuditEvent).filter_by(action="process.letterhead"))
    assert event is not None and event.after["footer"] == "Amt für Familie · Rathausplatz 1"

    pdf = PdfReader(io.BytesIO(organizer.get(f"/organize/workshops/{data.code}/export/pdf").data))
    assert "Stadt Musterstadt" in pdf.pages[0].extract_text()
    assert "Amt für Familie" in pdf.pages[-1].extract_text()
    assert "Stadt Musterstadt" in pdf.xmp_metadata.stream.get_data().decode("utf-8")  # author
    document = DocxDocument(io.BytesIO(organizer.get(f"/organize/processes/{data.process_id}/export/docx").data))
    assert document.core_properties.author == "Stadt Musterstadt"
    assert document.sections[0].first_page_header._element.xpath(".//pic:pic")  # noqa: SLF001 — the logo
    assert "Amt für Familie" in document.sections[0].footer.paragraphs[0].text
    odt = zipfile.ZipFile(io.BytesIO(organizer.get(f"/organize/processes/{data.process_id}/report/odt").data))
    assert any(name.startswith("Pictures/") for name in odt.namelist())
    assert "Amt für Familie" in odt.read("styles.xml").decode("utf-8")

    logo = organizer.get(f"/organize/processes/{data.process_id}/letterhead/logo")
    assert logo.status_code == 200 and logo.mimetype == "image/png"
    assert "sandbox" in logo.headers["Content-Security-Policy"]


def test_bad_logo_is_refused_with_a_clear_message_and_nothing_written(organizer, data):
    response = _post_form(organizer, data.process_id, municipality="Stadt X", footer="",
                          logo=(io.BytesIO(b"GIF89a not a png"), "logo.gif"))
    assert response.status_code == 422
    assert "PNG or SVG" in response.get_data(as_text=True)
    process = db.session.get(Process, data.process_id)
    assert process.municipality == "Musterstadt an der Öhre" and process.letterhead_logo is None


def test_api_sets_a_cleaned_svg_logo_removes_it_and_validates(client, key, data):
    url = f"/api/v1/processes/{data.process_id}/letterhead"
    body = {"municipality": "Gemeinde Beispiel", "footer": "Bürgerbüro",
            "logo": base64.b64encode(EVIL_SVG).decode()}
    response = _api(client, "PUT", url, key, json=body)
    assert response.status_code == 200, response.text
    assert response.json["logo"]["type"] == "image/svg+xml" and response.json["footer"] == "Bürgerbüro"
    stored = _api(client, "GET", response.json["logo"]["url"], key)
    assert stored.status_code == 200 and b"<rect" in stored.data
    for bad in (b"script", b"onload", b"evil.example", b"<image"):
        assert bad not in stored.data
    pdf = PdfReader(io.BytesIO(_api(client, "GET", f"/api/v1/workshops/{data.code}/export/pdf", key).data))
    figures = [e for e in pdf.trailer["/Root"]["/StructTreeRoot"]["/K"].get_object()["/K"]
               if e.get_object().get("/S") == "/Figure"]
    assert figures and "Gemeinde Beispiel" in str(figures[0].get_object()["/Alt"])

    docx = zipfile.ZipFile(io.BytesIO(_api(client, "GET", f"/api/v1/processes/{data.process_id}/export/docx",
                                          key).data))  # fmt: skip
    svg_parts = [name for name in docx.namelist() if name.endswith(".svg")]
    assert svg_parts and b"<script" not in docx.read(svg_parts[0])
    assert any(b"svgBlip" in docx.read(name) for name in docx.namelist() if name.startswith("word/header"))

    assert _api(client, "PUT", url, key, json={"logo": None}).json["logo"] is None
    refused = _api(client, "PUT", url, key, json={"logo": "%%% not base64"})
    assert refused.status_code == 422 and refused.json["error"]["code"] == "logo_invalid"
    too_long = _api(client, "PUT", url, key, json={"footer": "x" * 301})
    assert too_long.status_code == 422 and too_long.json["error"]["code"] == "too_long"
    empty = _api(client, "PUT", url, key, json={"municipality": "  "})
    assert empty.status_code == 422 and empty.json["error"]["code"] == "required"
    assert _api(client, "GET", url, key).json["municipality"] == "Gemeinde Beispiel"
