"""Page weight: cold-load transfer of the participant pages and the screen, split by type, and
time to "ready to vote" in Debian's Chromium under a throttled mobile profile (CDP: 150 ms RTT,
1.6 Mbit/s down, 4x CPU slowdown).

    .venv/bin/python bench/page_weight.py

"transferred" is what crossed the wire (compressed if the server compressed it); "gzip" is what
the same bodies weigh gzip-compressed (level 6), i.e. the figure behind a compressing proxy.
"""
from __future__ import annotations

import gzip
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import common

PROFILE = {"offline": False, "latency": 150, "downloadThroughput": 1_600_000 / 8,
           "uploadThroughput": 750_000 / 8}


def measure(browser, url: str, *, throttle: bool, then=None) -> dict:
    context = browser.new_context()  # a fresh context: empty cache, no cookies (cold load)
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    if throttle:
        cdp.send("Network.emulateNetworkConditions", PROFILE)
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})
    kinds, sizes = {}, defaultdict(int)
    cdp.on("Network.responseReceived", lambda e: kinds.__setitem__(e["requestId"], e["type"]))
    cdp.on("Network.loadingFinished",
           lambda e: sizes.__setitem__(e["requestId"], sizes[e["requestId"]] + e["encodedDataLength"]))
    bodies = defaultdict(int)
    page.on("response", lambda r: bodies.__setitem__(
        r.request.resource_type, bodies[r.request.resource_type] + _gzip_len(r)))
    started = time.monotonic()
    page.goto(url, wait_until="load")
    loaded = time.monotonic() - started
    ready = then(page) if then else None
    ready = None if ready is None else time.monotonic() - started
    by_type = defaultdict(int)
    for request_id, size in sizes.items():
        by_type[kinds.get(request_id, "Other")] += size
    context.close()
    return {"url": url, "load_s": loaded, "ready_s": ready, "transferred": dict(by_type),
            "transferred_total": sum(by_type.values()), "gzip": dict(bodies),
            "gzip_total": sum(bodies.values())}


def _gzip_len(response) -> int:
    try:
        return len(gzip.compress(response.body(), 6))
    except Exception:  # noqa: BLE001 — redirects and aborted responses have no body
        return 0


def join_and_wait_for_vote(page) -> bool:
    """Submit the join form with its defaults, then wait for the voting controls."""
    page.locator("form button[type=submit], form input[type=submit]").first.click()
    page.wait_for_selector("input[type=number], input[type=radio], input[type=checkbox], "
                           "button[name=value], [data-vote]", timeout=30_000)
    return True


def main() -> None:
    from playwright.sync_api import sync_playwright

    from testkit.browser import CHROMIUM_ARGS, chromium_path

    workdir = Path(tempfile.mkdtemp(prefix="zw-weight-"))
    uri, drop = common.new_database("sqlite", workdir)
    server = common.start_servers(uri, 1)[0]
    rows = []
    try:
        arr = common.arrange(uri, proposals=12)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
            targets = [("participant join page", f"{server.url}/j/{arr.code}", None),
                       ("screen", f"{server.url}/screen/{arr.screen_secret}", None),
                       ("participant: join → ready to vote (throttled)", f"{server.url}/j/{arr.code}",
                        join_and_wait_for_vote)]
            for name, url, then in targets:
                try:
                    result = measure(browser, url, throttle=then is not None, then=then)
                except Exception as error:  # noqa: BLE001 — reported in the table, not hidden
                    result = {"url": url, "error": repr(error)[:200]}
                rows.append({"page": name, **result})
            browser.close()
    finally:
        server.stop()
        drop()
    table = [{"page": r["page"], "transferred KB": _kb(r.get("transferred_total")),
              "gzip KB": _kb(r.get("gzip_total")), "load s": r.get("load_s"),
              "ready s": r.get("ready_s"),
              "by type (transferred KB)": ", ".join(f"{k} {v / 1024:.1f}" for k, v in
                                                   sorted(r.get("transferred", {}).items())),
              "error": r.get("error")} for r in rows]
    common.print_table(table, [(k, k) for k in table[0]])
    print(f"\nwritten to {common.write_json('page_weight', rows)}")


def _kb(value):
    return None if value is None else value / 1024


if __name__ == "__main__":
    main()
