"""What the browser tests drive through the running server's JSON API: the moderator (with an
organizer's API key) and extra participants (each with its own token)."""
from __future__ import annotations

import requests

from tests.e2e.test_participant_phones import _api_key


class ApiModerator:
    """Phase, rounds and round actions of the workshop under test, each asserted to succeed."""

    def __init__(self, server) -> None:
        self.server = server
        self.session = requests.Session()
        self.session.headers["Authorization"] = f"Bearer {_api_key(server)}"
        self.base = f"{server.url}/api/v1"

    def phase(self, phase: str) -> None:
        response = self.session.patch(f"{self.base}/workshops/{self.server.workshop_code}",
                                      json={"phase": phase}, timeout=10)
        assert response.status_code == 200, response.text

    def round(self, **settings) -> int:
        created = self.session.post(f"{self.base}/workshops/{self.server.workshop_code}/rounds",
                                    json=settings, timeout=10)
        assert created.status_code == 201, created.text
        return created.json()["id"]

    def act(self, round_id: int, action: str) -> None:
        response = self.session.post(f"{self.base}/rounds/{round_id}/{action}", timeout=10)
        assert response.status_code == 200, response.text

    def state(self) -> dict:
        response = self.session.get(f"{self.base}/workshops/{self.server.workshop_code}/state",
                                    timeout=10)
        return response.json() if response.ok else {}


def api_participant(server, group: str) -> requests.Session:
    """Another participant, joined through the JSON API; ``.base`` is the API's root."""
    joined = requests.post(f"{server.url}/api/v1/workshops/{server.workshop_code}/join",
                           json={"group": group}, timeout=10)
    assert joined.status_code == 201, joined.text
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {joined.json()['token']}"
    session.base = f"{server.url}/api/v1"
    return session
