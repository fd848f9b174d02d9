"""bench/room.py models what the shipped phone page requests. This test reads the shipped
static/js/participant*.js and static/js/live.js as text, collects every URL they can request
(each string literal that starts with "/" and is concatenated into a path, plus
``location.pathname``/``location.href`` handed to fetch) and fails when one of them is not in
``MODELLED_REQUESTS`` of bench/room.py (read as text too: no import of bench, no cycle)."""
from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
#: The phone page's scripts: participant.js with its modules (participant-*.js) and live.js.
PHONE_SCRIPTS = [*sorted((ROOT / "static" / "js").glob("participant*.js")), ROOT / "static" / "js" / "live.js"]
NAMESPACES = {"/participant", "/screen", "/moderator"}
#: A quoted string that starts with "/", then any chain of `+ expression` and `+ 'literal'`.
_LITERAL = r"""(?:'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|`[^`$]*`)"""
_OPERAND = rf"""(?:{_LITERAL}|[\w.$]+(?:\([^()]*(?:\([^()]*\)[^()]*)*\))?)"""
_URL_CHAIN = re.compile(rf"""(?<![\w\\])(['"`]/[^'"`]*['"`](?:\s*\+\s*{_OPERAND})*)""")
_PAGE_FETCH = re.compile(r"""\bfetch\s*\(\s*(?:window\.)?location\.(?:pathname|href)""")


def _strip_comments(js: str) -> str:
    js = re.sub(r"/\*.*?\*/", "", js, flags=re.S)
    return re.sub(r"(?m)(^|[^:\\'\"])//[^\n]*", r"\1", js)


def _in_replace_call(js: str, position: int) -> bool:
    """Whether ``position`` lies among the arguments of a ``.replace(`` call."""
    opening = js.rfind(".replace(", 0, position)
    return opening != -1 and ")" not in js[opening + len(".replace("):position]


def normalise(chain: str) -> str:
    """`'/api/v1/rounds/' + f.getAttribute('data-round') + '/ballot'` → `/api/v1/rounds/{}/ballot`."""
    parts = re.findall(_OPERAND, chain)
    out = []
    for part in parts:
        if part[0] in "'\"`":
            out.append(part[1:-1])
        else:
            out.append("{}")
    text = "".join(out)
    return re.sub(r"=[^&{}]+", "={}", text).replace("={}{}", "={}")


def shipped_requests(scripts=PHONE_SCRIPTS) -> set[str]:
    found: set[str] = set()
    for script in scripts:
        js = _strip_comments(script.read_text(encoding="utf-8"))
        if _PAGE_FETCH.search(js):
            found.add("{page}")
        for match in _URL_CHAIN.finditer(js):
            if _in_replace_call(js, match.start()):
                continue  # rewrites the action of a server-rendered form: the user submits it
            url = normalise(match.group(1))
            if url in NAMESPACES or url.startswith("/static/") or url == "/":
                continue  # a Socket.IO namespace, not an HTTP request
            found.add(url)
    return found


def modelled_requests() -> set[str]:
    """The keys of MODELLED_REQUESTS in bench/room.py, read without importing it."""
    tree = ast.parse((ROOT / "bench" / "room.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "MODELLED_REQUESTS"
                                                for t in node.targets):
            return {ast.literal_eval(key) for key in node.value.keys}
    raise AssertionError("bench/room.py declares no MODELLED_REQUESTS")


def test_the_extractor_reads_the_old_participant_page(tmp_path):
    """On the old participant.js (page re-fetch on broadcasts) the extractor finds the page fetch,
    the ballot PUT and the similar-title lookup — so it would notice them in the shipped file."""
    old = tmp_path / "old.js"
    old.write_text("""
      function refresh() { fetch(location.pathname, {credentials: 'same-origin'}); }
      var url = '/api/v1/rounds/' + f.getAttribute('data-round') + '/ballot';
      ZW.api('PUT', url, {votes: collect(f)});
      ZW.api('GET', '/api/v1/workshops/' + code + '/similar?q=' + encodeURIComponent(q));
      ZW.live('/participant', {workshop: code}, {});  // a namespace, not a request
      form.action = action.replace('/rounds/0/', '/rounds/' + round.id + '/');  // not a request
      // ZW.api('GET', '/api/v1/commented-out')
    """)
    assert shipped_requests([old]) == {"{page}", "/api/v1/rounds/{}/ballot",
                                       "/api/v1/workshops/{}/similar?q={}"}


def test_bench_phones_model_every_request_of_the_shipped_phone_page():
    shipped = shipped_requests()
    assert "/api/v1/rounds/{}/ballot" in shipped  # the extractor still finds the ballot PUT
    missing = shipped - modelled_requests()
    assert not missing, (
        f"static/js/participant.js or live.js requests {sorted(missing)}, which bench/room.py's "
        "phones do not model: add it to MODELLED_REQUESTS (and to RoomPhone) or drop it from the JS "
        "(a broadcast must never make every phone fetch)")
