"""A small local OParl 1.1 server for the tests, written from the specification.

It serves spec-shaped objects (System, Body, a paginated ``paper`` list over three pages, Paper,
Meeting, AgendaItem, Consultation) under ``/oparl/`` and, next to them, the misbehaviours a real
council information system can show: 404, an HTML answer, a slow answer, a trickling answer, a 5 MB body, redirects
inside and to another host. Every request is counted per path, so tests can assert what was
fetched (and that nothing was fetched for a refused URL).
"""
from __future__ import annotations

import json
import threading
import time
from collections import Counter
from dataclasses import dataclass, field

from werkzeug.serving import make_server
from werkzeug.wrappers import Request, Response

T = "https://schema.oparl.org/1.1/"
PAPERS_PER_PAGE = 4
PAPER_TITLES = [
    "Familiengerechte Kommune: Handlungsprogramm 2026–2029",
    "Kita-Bedarfsplanung 2026/27",
    "Sichere Schulwege – Prüfauftrag",
    "Haushaltssatzung 2026",
    "Spielplatzkonzept Innenstadt",
    "Ganztagsbetreuung an Grundschulen",
    "Bebauungsplan Nr. 12 „Am Mühlbach“",
    "Jugendhilfeplanung: Teilplan Familienbildung",
    "Anfrage: Öffnungszeiten der Stadtbibliothek",
    "Familienpass – Fortschreibung",
]


@dataclass
class OParlServer:
    host: str = "127.0.0.1"
    port: int = 0
    hits: Counter = field(default_factory=Counter)
    slow_seconds: float = 3.0
    redirect_target: str = "http://169.254.169.254/latest/meta-data/"

    @property
    def base(self) -> str:
        return f"http://{self.host}:{self.port}/oparl/"

    def url(self, path: str) -> str:
        return self.base + path

    # --- the objects, as the specification shapes them -------------------------------------------

    def system(self) -> dict:
        return {"id": self.base, "type": T + "System", "oparlVersion": "https://schema.oparl.org/1.1/",
                "body": self.url("bodies"), "name": "Ratsinformationssystem Musterstadt",
                "contactEmail": "ris@musterstadt.example", "website": "https://www.musterstadt.example/",
                "created": "2020-01-01T10:00:00+01:00", "modified": "2026-01-01T10:00:00+01:00"}

    def body(self) -> dict:
        lists = {k: self.url(f"body/1/{k}s") for k in ("organization", "person", "meeting", "agendaItem",
                                                          "consultation", "file")}
        return {"id": self.url("body/1"), "type": T + "Body", "system": self.base,
                "name": "Stadt Musterstadt an der Öhre", "shortName": "Musterstadt", **lists,
                "paper": self.url("body/1/papers"), "legislativeTerm": [
                    {"id": self.url("term/1"), "type": T + "LegislativeTerm", "name": "Wahlperiode 2024–2029",
                     "startDate": "2024-06-01", "endDate": "2029-05-31"}],
                "web": "https://ris.musterstadt.example/gremien",
                "created": "2020-01-01T10:00:00+01:00", "modified": "2026-01-01T10:00:00+01:00"}

    def paper(self, number: int) -> dict:
        return {"id": self.url(f"paper/{number}"), "type": T + "Paper", "body": self.url("body/1"),
                "name": PAPER_TITLES[number - 1], "reference": f"DS 2026/{100 + number}",
                "date": f"2026-05-{number:02d}", "paperType": "Beschlussvorlage" if number % 2 else "Antrag",
                "consultation": [{"id": self.url(f"consultation/{number}"), "type": T + "Consultation",
                                  "paper": self.url(f"paper/{number}"), "meeting": self.url("meeting/1"),
                                  "agendaItem": self.url("agendaitem/1"), "authoritative": True,
                                  "role": "Beschlussfassung"}],
                "web": f"https://ris.musterstadt.example/vorlage/{number}",
                "created": "2026-04-20T09:00:00+02:00", "modified": "2026-05-20T18:00:00+02:00"}

    def meeting(self) -> dict:
        return {"id": self.url("meeting/1"), "type": T + "Meeting", "name": "12. Sitzung des Rates",
                "meetingState": "durchgeführt", "start": "2026-05-20T17:00:00+02:00",
                "end": "2026-05-20T21:00:00+02:00", "organization": [self.url("organization/1")],
                "agendaItem": [self.agenda_item()], "web": "https://ris.musterstadt.example/sitzung/12",
                "created": "2026-04-01T09:00:00+02:00", "modified": "2026-05-21T09:00:00+02:00"}

    def agenda_item(self) -> dict:
        return {"id": self.url("agendaitem/1"), "type": T + "AgendaItem", "meeting": self.url("meeting/1"),
                "number": "Ö 7.1", "order": 7, "name": "Handlungsprogramm Familiengerechte Kommune",
                "public": True, "consultation": self.url("consultation/1"), "result": "Ungeändert beschlossen",
                "start": "2026-05-20T18:30:00+02:00", "web": "https://ris.musterstadt.example/top/7-1"}

    def consultation(self, number: int) -> dict:
        return {"id": self.url(f"consultation/{number}"), "type": T + "Consultation",
                "paper": self.url(f"paper/{number}"), "meeting": self.url("meeting/1"),
                "agendaItem": self.url("agendaitem/1"), "organization": [self.url("organization/1")],
                "authoritative": True, "role": "Beschlussfassung"}

    def paper_page(self, page: int) -> dict:
        numbers = list(range(1, len(PAPER_TITLES) + 1))
        pages = (len(numbers) + PAPERS_PER_PAGE - 1) // PAPERS_PER_PAGE
        chunk = numbers[(page - 1) * PAPERS_PER_PAGE: page * PAPERS_PER_PAGE]
        links = {"first": self.url("body/1/papers"), "self": self.url(f"body/1/papers?page={page}")}
        if page > 1:
            links["prev"] = self.url(f"body/1/papers?page={page - 1}")
        if page < pages:
            links["next"] = f"/oparl/body/1/papers?page={page + 1}"  # relative: resolved by the client
            links["last"] = self.url(f"body/1/papers?page={pages}")
        return {"data": [self.paper(n) for n in chunk],
                "pagination": {"totalElements": len(numbers), "elementsPerPage": PAPERS_PER_PAGE,
                               "currentPage": page, "totalPages": pages}, "links": links}

    # --- the WSGI application ------------------------------------------------------------------------

    def _json(self, data, status=200) -> Response:
        return Response(json.dumps(data), status=status, content_type="application/json; charset=utf-8")

    def __call__(self, environ, start_response):
        request = Request(environ)
        path = request.path.removeprefix("/oparl/")
        self.hits[request.full_path.rstrip("?")] += 1
        return self.respond(request, path)(environ, start_response)

    def respond(self, request: Request, path: str) -> Response:  # noqa: C901 — a routing table
        parts = path.strip("/").split("/")
        if path == "":
            return self._json(self.system())
        if path == "bodies":
            return self._json({"data": [self.body()], "pagination": {"totalElements": 1, "elementsPerPage": 20,
                                                                     "currentPage": 1, "totalPages": 1},
                               "links": {"self": self.url("bodies")}})
        if path == "body/1":
            return self._json(self.body())
        if path == "body/1/papers":
            return self._json(self.paper_page(int(request.args.get("page", 1))))
        if parts[0] == "paper" and len(parts) == 2 and parts[1].isdigit() and 1 <= int(parts[1]) <= len(PAPER_TITLES):
            return self._json(self.paper(int(parts[1])))
        if path == "meeting/1":
            return self._json(self.meeting())
        if path == "agendaitem/1":
            return self._json(self.agenda_item())
        if parts[0] == "consultation" and len(parts) == 2 and parts[1].isdigit():
            return self._json(self.consultation(int(parts[1])))
        if path == "person/1":
            return self._json({"id": self.url("person/1"), "type": T + "Person", "name": "Erika Mustermann"})
        if path == "deleted":
            return self._json({"id": self.url("deleted"), "type": T + "Paper", "deleted": True})
        if path == "html":
            return Response("<!doctype html><title>Anmeldung</title><p>Bitte melden Sie sich an.</p>",
                            content_type="text/html; charset=utf-8")
        if path == "slow":
            time.sleep(self.slow_seconds)
            return self._json(self.paper(1))
        if path == "huge":  # 5 MB of valid-looking JSON, streamed without a Content-Length
            def chunks():
                yield b'{"id": "x", "type": "https://schema.oparl.org/1.1/Paper", "name": "'
                for _ in range(5 * 1024):
                    yield b"a" * 1024
                yield b'"}'
            return Response(chunks(), content_type="application/json")
        if path == "drip":  # answers at once, then sends its body a few bytes at a time, forever
            def drip():
                yield b'{"id": "x", "type": "https://schema.oparl.org/1.1/Paper", "name": "'
                for _ in range(100):
                    time.sleep(0.2)
                    yield b"a"
                yield b'"}'
            return Response(drip(), content_type="application/json")
        if path == "redirect-away":
            return Response("", status=302, headers={"Location": self.redirect_target})
        if path == "redirect-inside":
            return Response("", status=301, headers={"Location": "/oparl/paper/3"})
        return self._json({"error": "not found"}, status=404)


class Running:
    """The server in a background thread (threaded: a slow answer does not hold the others up)."""

    def __init__(self, app: OParlServer):
        self.app = app
        self.server = make_server("127.0.0.1", 0, app, threaded=True)
        app.port = self.server.server_port
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> OParlServer:
        self.thread.start()
        return self.app

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.thread.join(timeout=5)
