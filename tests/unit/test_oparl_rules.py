"""The OParl rules: which URLs may be fetched, what a fetched object says, list pages, search match."""
from __future__ import annotations

from datetime import date
from urllib.parse import urlsplit

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workshop_app.domain import oparl
from workshop_app.domain.errors import DomainError

ENDPOINTS = oparl.parse_endpoints("https://ris.musterstadt.example/oparl/v1, http://127.0.0.1:8765/oparl/")


def code_of(url, endpoints=ENDPOINTS) -> str | None:
    try:
        oparl.allowed_url(url, endpoints)
    except DomainError as error:
        return error.code
    return None


@pytest.mark.parametrize("url, expected", [
    ("https://ris.musterstadt.example/oparl/v1/paper/1", "https://ris.musterstadt.example/oparl/v1/paper/1"),
    ("HTTPS://RIS.Musterstadt.EXAMPLE:443/oparl/v1/paper/1#x", "https://ris.musterstadt.example/oparl/v1/paper/1"),
    ("https://ris.musterstadt.example/oparl/v1", "https://ris.musterstadt.example/oparl/v1"),
    ("https://ris.musterstadt.example/oparl/v1/papers?page=2", "https://ris.musterstadt.example/oparl/v1/papers?page=2"),
    ("  http://127.0.0.1:8765/oparl/meeting/1 ", "http://127.0.0.1:8765/oparl/meeting/1"),
])
def test_urls_under_an_endpoint_are_accepted_and_normalised(url, expected):
    assert oparl.allowed_url(url, ENDPOINTS) == expected


@pytest.mark.parametrize("url, code", [
    ("http://127.0.0.1:5432/", "oparl_url_not_allowed"),  # the database's port
    ("http://169.254.169.254/latest/meta-data/", "oparl_url_not_allowed"),  # cloud metadata
    ("http://localhost:8765/oparl/paper/1", "oparl_url_not_allowed"),  # another name for the host
    ("http://127.0.0.1:8765/admin", "oparl_url_not_allowed"),  # right host, outside the path
    ("http://127.0.0.1:8765/oparlx/paper/1", "oparl_url_not_allowed"),  # prefix of a segment only
    ("http://ris.musterstadt.example/oparl/v1/paper/1", "oparl_url_not_allowed"),  # http, not https
    ("https://ris.musterstadt.example:8443/oparl/v1/paper/1", "oparl_url_not_allowed"),  # other port
    ("https://ris.musterstadt.example.evil.example/oparl/v1/paper/1", "oparl_url_not_allowed"),
    ("https://evil.example/ris.musterstadt.example/oparl/v1/", "oparl_url_not_allowed"),
    ("https://user:pw@ris.musterstadt.example/oparl/v1/paper/1", "oparl_url_invalid"),
    ("https://ris.musterstadt.example@evil.example/oparl/v1/paper/1", "oparl_url_invalid"),
    ("https://evil.example#@ris.musterstadt.example/oparl/v1/", "oparl_url_not_allowed"),
    ("https://ris.musterstadt.example/oparl/v1/../../admin", "oparl_url_invalid"),
    ("https://ris.musterstadt.example/oparl/v1/%2e%2e/admin", "oparl_url_invalid"),
    ("https://ris.musterstadt.example/oparl/v1/..%2fadmin", "oparl_url_invalid"),
    ("https://ris.musterstadt.example/oparl/v1/a\\..\\b", "oparl_url_invalid"),
    ("https://ris.musterstadt.example/oparl/v1/a b", "oparl_url_invalid"),
    ("file:///etc/passwd", "oparl_url_invalid"),
    ("gopher://127.0.0.1:8765/oparl/", "oparl_url_invalid"),
    ("//ris.musterstadt.example/oparl/v1/paper/1", "oparl_url_invalid"),
    ("/oparl/v1/paper/1", "oparl_url_invalid"),
    ("http://127.0.0.1:99999/oparl/", "oparl_url_invalid"),
    ("http://[::1]:8765/oparl/", "oparl_url_invalid"),
    ("http://2130706433:8765/oparl/", "oparl_url_invalid"),
    ("https://rís.musterstadt.example/oparl/v1/", "oparl_url_invalid"),
    ("", "oparl_url_invalid"),
    (None, "oparl_url_invalid"),
    (42, "oparl_url_invalid"),
])
def test_anything_else_is_refused(url, code):
    assert code_of(url) == code


def test_nothing_is_allowed_without_configuration():
    assert code_of("https://ris.musterstadt.example/oparl/v1/paper/1", ()) == "oparl_not_configured"


@pytest.mark.parametrize("value", ["ftp://x.example/", "https://x.example/?a=1", "https://u@x.example/",
                                   "not a url"])
def test_bad_endpoint_configuration_fails_loudly(value):
    with pytest.raises(ValueError, match="OPARL_ENDPOINTS"):
        oparl.parse_endpoints(value)


def test_endpoint_path_gets_its_trailing_slash():
    (endpoint,) = oparl.parse_endpoints(["https://ris.example/oparl"])
    assert str(endpoint) == "https://ris.example/oparl/"
    assert oparl.parse_endpoints("") == () and oparl.parse_endpoints(None) == ()


_segment = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-_.%~", min_size=0, max_size=12)
_host = st.from_regex(r"[a-z][a-z0-9-]{0,10}(\.[a-z][a-z0-9-]{0,10}){0,3}", fullmatch=True)


@given(scheme=st.sampled_from(["http", "https", "HTTP", "ftp", "javascript"]),
       userinfo=st.sampled_from(["", "u@", "u:p@"]),
       host=st.one_of(_host, st.sampled_from(["ris.musterstadt.example", "127.0.0.1", "169.254.169.254"])),
       port=st.one_of(st.none(), st.sampled_from([80, 443, 5432, 8765])),
       segments=st.lists(_segment, max_size=6))
def test_an_accepted_url_always_lies_under_an_endpoint(scheme, userinfo, host, port, segments):
    url = f"{scheme}://{userinfo}{host}{'' if port is None else f':{port}'}/" + "/".join(segments)
    try:
        result = oparl.allowed_url(url, ENDPOINTS)
    except DomainError as error:
        assert error.code in ("oparl_url_invalid", "oparl_url_not_allowed")
        return
    parts = urlsplit(result)
    assert parts.username is None and parts.password is None and "@" not in parts.netloc
    assert any(parts.scheme == e.scheme and parts.hostname == e.host
               and (parts.port or oparl._DEFAULT_PORTS[e.scheme]) == e.port
               and (parts.path + "/").startswith(e.path) for e in ENDPOINTS)
    assert ".." not in parts.path.split("/") and "." not in parts.path.split("/")
    assert oparl.allowed_url(result, ENDPOINTS) == result  # normalising is idempotent


@given(st.text(max_size=80))
def test_arbitrary_text_never_escapes_the_allow_list(text):
    for candidate in (text, "http://127.0.0.1:8765/oparl/" + text, "https://ris.musterstadt.example" + text):
        try:
            result = oparl.allowed_url(candidate, ENDPOINTS)
        except DomainError:
            continue
        parts = urlsplit(result)
        assert (parts.hostname, parts.port) in (("ris.musterstadt.example", None), ("127.0.0.1", 8765))


def test_redirects_and_next_links_resolve_then_pass_the_same_rule():
    base = "http://127.0.0.1:8765/oparl/body/1/papers"
    assert oparl.resolve(base, "/oparl/body/1/papers?page=2", ENDPOINTS).endswith("papers?page=2")
    with pytest.raises(DomainError):
        oparl.resolve(base, "http://169.254.169.254/", ENDPOINTS)
    with pytest.raises(DomainError):
        oparl.resolve(base, "../../../etc", ENDPOINTS)


def test_paper_list_is_checked_as_a_whole():
    good = "https://ris.musterstadt.example/oparl/v1/paper/1"
    assert oparl.check_paper_urls([good, good + "/", good], ENDPOINTS) == [good, good + "/"]
    with pytest.raises(DomainError) as refused:
        oparl.check_paper_urls([good, "http://127.0.0.1:5432/"], ENDPOINTS)
    assert refused.value.code == "oparl_url_not_allowed" and refused.value.params["url"] == "http://127.0.0.1:5432/"
    for value, code in (("https://x", "council_papers_invalid"), ({"a": 1}, "council_papers_invalid"),
                        ([good] * 21, "council_papers_too_many")):
        with pytest.raises(DomainError) as error:
            oparl.check_paper_urls(value, ENDPOINTS)
        assert error.value.code == code


T = "https://schema.oparl.org/1.1/"


def test_facts_of_each_citeable_type():
    paper = oparl.facts_of({"id": "x", "type": T + "Paper", "name": " Handlungs\nprogramm ", "reference": "DS 2026/123",
                            "date": "2026-05-20", "paperType": "Beschlussvorlage", "web": "https://ris.example/vo/1"})
    assert paper == oparl.Facts("paper", "Handlungs programm", "DS 2026/123", date(2026, 5, 20), "Beschlussvorlage",
                                "https://ris.example/vo/1")
    meeting = oparl.facts_of({"type": T + "Meeting", "name": "Rat", "start": "2026-05-20T17:00:00+02:00"})
    assert (meeting.kind, meeting.date) == ("meeting", date(2026, 5, 20))
    item = oparl.facts_of({"type": T + "AgendaItem", "name": "TOP", "number": "Ö 7.1", "result": "beschlossen"})
    assert (item.kind, item.reference, item.paper_type) == ("agenda_item", "Ö 7.1", "beschlossen")
    assert oparl.facts_of({"type": T + "Consultation", "role": "Beschlussfassung"}).name == "Beschlussfassung"
    assert oparl.facts_of({"type": "http://oparl.org/schema/1.0/Paper", "name": "alt"}).kind == "paper"


@pytest.mark.parametrize("data, code", [
    ([], "not_oparl"), ({"type": T + "Person"}, "wrong_type"), ({"name": "no type"}, "wrong_type"),
    ({"type": T + "Paper", "deleted": True}, "deleted"),
])
def test_objects_that_cannot_be_cited(data, code):
    with pytest.raises(oparl.NotUsable) as problem:
        oparl.facts_of(data)
    assert problem.value.code == code


def test_hostile_fields_are_dropped():
    facts = oparl.facts_of({"type": T + "Paper", "name": ["x"], "date": "20. Mai", "web": "javascript:alert(1)",
                            "reference": 123})
    assert facts == oparl.Facts("paper", "", "123", None, "", "")


def test_list_pages_and_matching():
    items, following = oparl.list_page({"data": [1], "links": {"next": "/p?page=2"}, "pagination": {}})
    assert items == [1] and following == "/p?page=2"
    assert oparl.list_page({"data": [], "links": {}}) == ([], None)
    with pytest.raises(oparl.NotUsable):
        oparl.list_page({"items": []})
    paper = {"name": "Kita-Bedarfsplanung 2026/27", "reference": "DS 2026/102"}
    assert oparl.matches("kita", paper) and oparl.matches("ds 2026/102", paper)
    assert oparl.matches("BEDARFSPLANUNG 2026", paper) and not oparl.matches("schule", paper)
    assert not oparl.matches("   ", paper) and not oparl.matches("kita", "kita")
