"""The real client path: phones that speak what the shipped participant.js speaks, one real
Chromium screen, the old re-fetching phones as the baseline — in the same run.

    .venv/bin/python bench/room.py --quick              # 200 phones, short steps, both modes
    .venv/bin/python bench/room.py --phones 2000 --rate 100 --seconds 10
    ROOM_MODES=baseline .venv/bin/python bench/room.py  # or --baseline / --no-baseline

Modes (one fresh server and database each, SQLite, one process):
* ``new``: phones draw what is pushed. They fetch over HTTP only for their own actions (the
  ballot PUT), after a version gap (``GET /api/v1/workshops/<code>/state``, once), never because
  a broadcast arrived; a reconnect brings a fresh ``snapshot``.
* ``baseline``: what the old participant.js did: ``GET /w/<code>`` (the whole page) on every
  ``phase``, ``round``, ``workshop`` event, on a version gap, on a snapshot of another version,
  and on every ``tally`` (phones get tallies only while the page showed results).

Measured per mode:
(a) the moderator opens the round (one HTTP call) → each phone has what it needs to draw the
    ballot (new: the ``round`` event; baseline: the page fetch that followed it, with the ballot);
(b) at ``--screen-rate`` votes/s (300), a ballot's HTTP acknowledgement → a real headless
    Chromium screen (the shipped screen page) shows it in its DOM (a MutationObserver in the page
    stamps every change of the results table's points; every ballot adds one point and at most one
    ballot per proposal is in flight, so ballot k on proposal j is shown by the first stamp where j's
    points reach k);
(c) server CPU per second (``/proc`` of the server process) and bytes sent per phone per second
    on the wire (HTTP responses as sent, compressed; Engine.IO frames with permessage-deflate,
    which browsers negotiate and the server accepts — estimated on a sample of phones, see
    ``testkit/loadclient.py``; the uncompressed text is reported beside it) while live results are
    visible to phones and the phones vote at ``--rate`` votes/s (100), and how far a sampled
    phone's shown tally is behind the acknowledged ballots (the same first-shown rule as (b));
(d) reconnect storm: every phone drops, the moderator changes something meanwhile, and all
    phones reconnect within ``--storm-window`` seconds → time until each has a fresh state.
"""
from __future__ import annotations

import argparse
import asyncio
import os
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import aiohttp

from bench import common
from bench.live import gather_bounded, settle
from bench.roomphones import BaselinePhone, RoomPhone
from testkit.browser import CHROMIUM_ARGS, chromium_path
from testkit.loadclient import new_session

#: Every URL the shipped static/js/participant.js (and the live.js it uses) requests, normalised
#: (string literals kept, anything computed as ``{}``), and what the bench phones do about it.
#: tests/unit/test_bench_protocol.py fails when the shipped JS requests a URL missing here.
MODELLED_REQUESTS = {
    "/api/v1/rounds/{}/ballot": "RoomPhone.vote (PUT, the whole ballot; both modes)",
    "/api/v1/workshops/{}/state": "RoomPhone.resync (new mode: once after a version gap)",
    "/api/v1/workshops/{}/similar?q={}": "not modelled under load: only while a title is typed "
                                         "in the collect phase, never during a vote",
    "/api/v1/workshops/{}/proposals": "not modelled under load: a participant's own proposal "
                                      "(collect phase), never during a vote",
    "/api/v1/workshops/{}/proposals/{}": "not modelled under load: editing or withdrawing one's "
                                         "own proposal (collect phase)",
    "/api/v1/proposals/{}/support": "not modelled under load: a participant's own tap on "
                                    "\"support\" (collect phase), never because of a broadcast",
    "/api/v1/workshops/{}/table": "not modelled under load: a participant's own choice of a table "
                                  "(sent from the form), never because of a broadcast; a rotation "
                                  "moves every phone by the pushed step without any request",
}
#: What only the baseline phones (the old participant.js) request.
BASELINE_REQUESTS = {"{page}": "BaselinePhone.refresh: GET /w/<code>, the whole page"}

#: Stamps every change of the screen's shown points: [[epoch ms, {proposal: points}], …]
OBSERVER = """
(() => {
  window.__zwLog = []; let last = {};
  const read = () => {
    const now = Date.now(), shown = {};
    let changed = false;
    document.querySelectorAll('[data-proposal] [data-points]').forEach((cell) => {
      const row = cell.closest('[data-proposal]'), id = row.getAttribute('data-proposal');
      const points = parseInt(cell.textContent, 10);
      if (!isNaN(points) && last[id] !== points) { shown[id] = points; last[id] = points; changed = true; }
    });
    if (changed) { window.__zwLog.push([now, shown]); }
  };
  const start = () => { read(); new MutationObserver(read).observe(document.documentElement,
    {subtree: true, childList: true, characterData: true, attributes: true}); };
  if (document.readyState === 'loading') { document.addEventListener('DOMContentLoaded', start); }
  else { start(); }
})();
"""
# --- the room ---------------------------------------------------------------------------------

def arrange_room(uri: str, proposals: int) -> tuple[common.Arrangement, int]:
    """An open workshop in the vote phase with a draft round (live results on) that the
    moderator opens during the run; returns the arrangement (round not yet open) and round id."""
    arr = common.arrange(uri, proposals=proposals, live_results=True)
    from workshop_app import create_app
    from workshop_app.extensions import db
    from workshop_app.services import rounds
    from workshop_app.services.plumbing.audit import SYSTEM

    instance = Path(tempfile.mkdtemp(prefix="zw-room-"))
    os.environ["WORKSHOP_INSTANCE_PATH"] = str(instance)
    try:
        app = create_app({"SQLALCHEMY_DATABASE_URI": uri, "SECRET_KEY": common.TEST_SECRET,
                          "SOCKETIO_ASYNC_MODE": "threading"})
    finally:
        del os.environ["WORKSHOP_INSTANCE_PATH"]
    try:
        with app.test_request_context():
            closed = rounds.close_round(SYSTEM, arr.round_id)  # the warm-up round; the run opens a new one
            fresh = rounds.create(SYSTEM, closed.workshop_id, method="dots", budget=100,
                                  max_per_proposal=50, live_results=True)
            return arr, fresh.id
    finally:
        app.extensions["zw_broadcaster"].stop()
        with app.app_context():
            db.engine.dispose()


async def moderator(session, url: str, api_key: str, method: str, path: str, body=None) -> int:
    async with session.request(method, f"{url}/api/v1{path}", json=body if body is not None else {},
                               headers={"Authorization": f"Bearer {api_key}"}) as response:
        await response.read()
        return response.status


def spread(values: list[float]) -> dict:
    return {"p50": common.percentile(values, 50), "p95": common.percentile(values, 95),
            "max": max(values) if values else None, "n": len(values)}


async def wait_for(predicate, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        await asyncio.sleep(0.02)
    return predicate()


async def open_screen(url: str):
    """One real Chromium running the shipped screen page, with the DOM stamp observer."""
    from playwright.async_api import async_playwright

    playwright = await async_playwright().start()
    browser = await playwright.chromium.launch(
        executable_path=chromium_path(), args=CHROMIUM_ARGS)
    page = await browser.new_page()
    await page.add_init_script(OBSERVER)
    await page.goto(url, wait_until="load")
    return playwright, browser, page


async def vote_step(phones, round_id: int, proposal_ids: list[int], rate: float, seconds: float,
                    acks: list) -> tuple[int, int]:
    """Open loop at ``rate`` ballots/s; each adds one point; one ballot per proposal in flight.
    Appends (proposal, points it reaches, epoch seconds of the ack) to ``acks``."""
    expected = dict.fromkeys(proposal_ids, 0)
    free_phones = [p for p in phones if sum(p.votes.values()) < 100]
    random.shuffle(free_phones)
    free_proposals = list(proposal_ids)
    errors, tasks, issued = [0], [], 0

    async def one(phone: RoomPhone, proposal: int) -> None:
        votes = dict(phone.votes)
        votes[proposal] = votes.get(proposal, 0) + 1
        try:
            status, _body = await phone.vote(round_id, votes)
        except (TimeoutError, aiohttp.ClientError, ValueError):
            status = 0
        if status == 200:
            phone.votes = votes
            expected[proposal] += 1
            acks.append((proposal, expected[proposal], time.time()))
        else:
            errors[0] += 1
        free_proposals.append(proposal)
        if votes.get(proposal, 0) < 50 and sum(phone.votes.values()) < 100:
            free_phones.insert(0, phone)

    start = time.monotonic()
    while (now := time.monotonic()) - start < seconds:
        for _ in range(int(rate * (now - start)) - issued):
            issued += 1
            if free_phones and free_proposals:
                phone = free_phones.pop()
                proposal = next((p for p in free_proposals if phone.votes.get(p, 0) < 50), None)
                if proposal is not None:
                    free_proposals.remove(proposal)
                    tasks.append(asyncio.create_task(one(phone, proposal)))
                else:
                    free_phones.insert(0, phone)
        await asyncio.sleep(0.005)
    if tasks:
        await asyncio.wait(tasks, timeout=30)
    return len(acks), errors[0]


async def measure_votes(pid: int, page, live, round_id: int, proposal_ids: list[int], rate: float,
                        seconds: float) -> dict:
    """Phones vote at ``rate`` for ``seconds`` with live results visible to them and on the
    screen: server CPU, bytes per phone, fetches, how far a sampled phone's tally and the real
    screen's DOM are behind the acknowledged ballots."""
    log_before = await page.evaluate("window.__zwLog.length")
    bytes0 = sum(p.bytes_in() for p in live)
    sampled = [p for p in live if p.sample_wire]
    for phone in sampled:
        phone.socket.shown = []
    wire0 = {id(p): p.wire_bytes_in() for p in sampled}
    fetch_mark = {id(p): len(p.fetches) for p in live}
    cpu0, t0 = common.cpu_seconds(pid), time.monotonic()
    acks: list = []
    acked, errors = await vote_step(live, round_id, proposal_ids, rate, seconds, acks)
    elapsed = time.monotonic() - t0
    cpu = common.cpu_seconds(pid) - cpu0
    sent = sum(p.bytes_in() for p in live) - bytes0
    wire = sum(p.wire_bytes_in() - wire0[id(p)] for p in sampled) / max(1, len(sampled))
    await asyncio.sleep(1.5)  # the last coalesced tallies reach the screen and the phones
    log = await page.evaluate("window.__zwLog")
    base_points = {}
    for _at, shown in log[:log_before]:
        base_points.update({int(k): v for k, v in shown.items()})
    behind = [lag for phone in sampled
              for lag in screen_latencies([(at * 1000, points) for at, points in phone.socket.shown],
                                          acks, base_points)]
    for phone in sampled:
        phone.socket.shown = None
    page_fetches = [end - begin for p in live for _what, begin, end in p.fetches[fetch_mark[id(p)]:]]
    return {"rate": rate, "achieved": acked / elapsed, "acked": acked, "errors": errors,
            "cpu_share": cpu / elapsed, "text_bytes_per_phone_s": sent / len(live) / elapsed,
            "bytes_per_phone_s": wire / elapsed, "total_mbit_s": wire * len(live) * 8 / elapsed / 1e6,
            "fetches": len(page_fetches), "fetch": spread(page_fetches),
            "phone_tally_behind": spread(behind),
            "screen": spread(screen_latencies(log[log_before:], acks, base_points))}


def screen_latencies(log: list, acks: list, base_points: dict) -> list[float]:
    """For each acknowledged ballot, ack → the first DOM stamp that shows it (0 if it was shown
    before the ack came back)."""
    stamps = {}  # proposal → [(epoch s, points)]
    for at_ms, shown in log:
        for proposal, points in shown.items():
            stamps.setdefault(int(proposal), []).append((at_ms / 1000, points))
    latencies = []
    for proposal, target, acked in acks:
        need = base_points.get(proposal, 0) + target
        seen = next((t for t, p in stamps.get(proposal, []) if p >= need), None)
        if seen is not None:
            latencies.append(max(0.0, seen - acked))
    return latencies


async def exercise(server, arr, round_id: int, args, baseline: bool) -> dict:
    pid = server.process.pid
    kind = BaselinePhone if baseline else RoomPhone
    report: dict = {"mode": "baseline" if baseline else "new", "phones": args.phones}
    async with new_session() as session:
        phones = [kind(session, server.url, arr.code, arr.groups[i % len(arr.groups)],
                       workshop_id=arr.workshop_id) for i in range(args.phones)]
        for phone in phones[::WIRE_SAMPLE_EVERY]:
            phone.sample_wire = True
        joined = await gather_bounded([p.join() for p in phones], 32)
        ok = [p for p, j in zip(phones, joined) if not isinstance(j, BaseException)]
        connected = await gather_bounded([p.connect() for p in ok], 64)
        live = [p for p, c in zip(ok, connected) if not isinstance(c, BaseException)]
        report.update(joined=len(ok), connected=len(live))
        playwright, browser, page = await open_screen(f"{server.url}/screen/{arr.screen_secret}")
        try:
            await settle([pid])
            # (a) the moderator opens the round
            for phone in live:
                phone.watch_round = round_id
            started = time.monotonic()
            status = await moderator(session, server.url, arr.api_key, "POST", f"/rounds/{round_id}/open")
            report["open_status"] = status
            await wait_for(lambda: all(p.ready_at for p in live), args.timeout)
            ready = [p.ready_at - started for p in live if p.ready_at]
            report["a_vote_start"] = {**spread(ready), "missing": len(live) - len(ready)}
            print(f"  (a) round open → ballot drawable: {_fmt(report['a_vote_start'])}", flush=True)
            await wait_for(lambda: not any(p.tasks for p in live), args.timeout)
            await settle([pid])
            await page.wait_for_selector("[data-proposal] [data-points]", timeout=15000)
            # (c) live results visible to phones and on the screen at --rate; (b) the screen at
            # --screen-rate (live results on: the screen shows a running tally only then)
            report["c_live_results"] = await measure_votes(pid, page, live, round_id, arr.proposal_ids,
                                                           args.rate, args.seconds)
            c = report["c_live_results"]
            print(f"  (c) {c['achieved']:.0f} votes/s: server {c['cpu_share']:.2f} cores, "
                  f"{c['bytes_per_phone_s']:.0f} B/s per phone on the wire ({c['text_bytes_per_phone_s']:.0f} "
                  f"uncompressed; {c['total_mbit_s']:.2f} Mbit/s in all), "
                  f"{c['fetches']} page/state fetches (p95 {common.ms(c['fetch']['p95'])} ms); a phone's "
                  f"tally behind the acks: {_fmt(c['phone_tally_behind'])}; ack → screen DOM: "
                  f"{_fmt(c['screen'])}", flush=True)
            await wait_for(lambda: not any(p.tasks for p in live), args.timeout)
            b = await measure_votes(pid, page, live, round_id, arr.proposal_ids, args.screen_rate, args.seconds)
            report["b_ballot_to_screen_dom"] = {**b["screen"], "rate": args.screen_rate,
                                                "achieved": b["achieved"], "cpu_share": b["cpu_share"]}
            print(f"  (b) {b['achieved']:.0f} votes/s: ack → screen DOM: {_fmt(b['screen'])}; server "
                  f"{b['cpu_share']:.2f} cores", flush=True)
            await wait_for(lambda: not any(p.tasks for p in live), args.timeout)
            # (d) reconnect storm: everyone drops; something changes meanwhile; all come back
            cpu_drop = common.cpu_seconds(pid)
            await gather_bounded([p.socket.close() for p in live], 200)
            await asyncio.sleep(0.5)
            await moderator(session, server.url, arr.api_key, "POST", f"/workshops/{arr.code}/timer",
                            {"action": "start", "seconds": 300})
            async with session.get(f"{server.url}/api/v1/workshops/{arr.code}/state",
                                   headers={"Authorization": f"Bearer {live[0].token}"}) as response:
                version = (await response.json())["version"]
            for phone in live:
                phone.fresh_version, phone.fresh_at = version, None
            storm_start = time.monotonic()
            cpu_storm = common.cpu_seconds(pid)

            own: dict[int, float] = {}

            async def back(phone: RoomPhone) -> None:
                await asyncio.sleep(random.uniform(0, args.storm_window))
                own[id(phone)] = time.monotonic()
                await phone.connect()

            storm = await asyncio.gather(*(back(p) for p in live), return_exceptions=True)
            await wait_for(lambda: all(p.fresh_at for p in live), args.timeout)
            cpu_end = common.cpu_seconds(pid)
            fresh = [p.fresh_at - storm_start for p in live if p.fresh_at]
            per_phone = [p.fresh_at - own[id(p)] for p in live if p.fresh_at and id(p) in own]
            report["d_reconnect_storm"] = {**spread(fresh), "window": args.storm_window,
                                           "from_own_reconnect": spread(per_phone),
                                           "missing": len(live) - len(fresh),
                                           # server CPU per phone: its drop (until the storm
                                           # starts) and its reconnect with a fresh snapshot
                                           "cpu_ms_per_drop": 1000 * (cpu_storm - cpu_drop) / len(live),
                                           "cpu_ms_per_reconnect": 1000 * (cpu_end - cpu_storm) / len(live),
                                           "connect_errors": sum(isinstance(s, BaseException) for s in storm)}
            d = report["d_reconnect_storm"]
            print(f"  (d) storm → fresh state: {_fmt(d)}; server CPU {d['cpu_ms_per_reconnect']:.2f} ms "
                  f"per reconnect, {d['cpu_ms_per_drop']:.2f} ms per drop", flush=True)
        finally:
            await browser.close()
            await playwright.stop()
            for phone in live:
                for task in list(phone.tasks):
                    task.cancel()
            await gather_bounded([p.socket.close() for p in live if p.socket], 200)
    return report


def _fmt(figures: dict) -> str:
    return (f"p50 {common.ms(figures.get('p50'))} ms, p95 {common.ms(figures.get('p95'))} ms, "
            f"max {common.ms(figures.get('max'))} ms (n={figures.get('n')}"
            + (f", missing {figures['missing']}" if figures.get("missing") else "") + ")")


def run_mode(args, baseline: bool) -> dict:
    workdir = Path(tempfile.mkdtemp(prefix="zw-room-"))
    uri, drop = common.new_database("sqlite", workdir)
    server = common.start_servers(uri, 1)[0]
    try:
        arr, round_id = arrange_room(uri, args.proposals)
        return asyncio.run(exercise(server, arr, round_id, args, baseline))
    finally:
        server.stop()
        drop()


#: One phone in this many measures its bytes on the wire (deflate costs the load generator CPU).
WIRE_SAMPLE_EVERY = 10


def row(report: dict) -> dict:
    a, b, c, d = (report.get(k, {}) for k in ("a_vote_start", "b_ballot_to_screen_dom",
                                               "c_live_results", "d_reconnect_storm"))
    trio = lambda f: "/".join(common.ms(f.get(k)) for k in ("p50", "p95", "max"))  # noqa: E731
    return {
        "mode": report["mode"], "phones": f"{report.get('connected')}/{report['phones']}",
        "(a) open→ballot p50/p95/max ms": trio(a) + (f" ({a['missing']} missing)" if a.get("missing") else ""),
        "(b) votes/s": b.get("achieved"),
        "(b) ack→screen DOM p50/p95 ms": f"{common.ms(b.get('p50'))}/{common.ms(b.get('p95'))}",
        "(c) votes/s": c.get("achieved"), "(c) server cores": c.get("cpu_share"),
        "(c) wire B/s per phone": c.get("bytes_per_phone_s"), "(c) Mbit/s": c.get("total_mbit_s"),
        "(c) phone tally behind p95/max ms": "/".join(common.ms((c.get("phone_tally_behind") or {}).get(k))
                                                      for k in ("p95", "max")),
        "(c) fetches": c.get("fetches"), "(c) fetch p95 ms": common.ms((c.get("fetch") or {}).get("p95")),
        "(d) storm→fresh p50/p95/max ms": trio(d) + (f" ({d['missing']} missing)" if d.get("missing") else ""),
        "(d) own reconnect→fresh p95 ms": common.ms((d.get("from_own_reconnect") or {}).get("p95")),
        "(d) CPU ms per reconnect / drop":
            f"{d.get('cpu_ms_per_reconnect', 0):.2f} / {d.get('cpu_ms_per_drop', 0):.2f}",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="200 phones, 4 s of votes")
    parser.add_argument("--phones", type=int, help="simulated phones (default 2000; --quick 200)")
    parser.add_argument("--rate", type=float, help="votes/s during (c) (default 100; --quick 50)")
    parser.add_argument("--screen-rate", type=float, help="votes/s during (b) (default 300; --quick 100)")
    parser.add_argument("--seconds", type=float, help="seconds of votes (default 10; --quick 4)")
    parser.add_argument("--storm-window", type=float, default=3.0, help="phones reconnect within this")
    parser.add_argument("--timeout", type=float, default=120.0, help="longest wait per measurement")
    parser.add_argument("--proposals", type=int, default=30)
    modes = parser.add_mutually_exclusive_group()
    modes.add_argument("--baseline", action="store_true", help="only the old re-fetching phones")
    modes.add_argument("--no-baseline", action="store_true", help="only the new phones")
    args = parser.parse_args()
    args.phones = args.phones or (200 if args.quick else 2000)
    args.rate = args.rate or (50 if args.quick else 100)
    args.screen_rate = args.screen_rate or (100 if args.quick else 300)
    args.seconds = args.seconds or (4 if args.quick else 10)
    wanted = os.environ.get("ROOM_MODES", "new,baseline").split(",")
    if args.baseline:
        wanted = ["baseline"]
    elif args.no_baseline:
        wanted = ["new"]
    reports = []
    for mode in ("new", "baseline"):
        if mode in wanted:
            print(f"== {mode}: {args.phones} phones, {args.rate:.0f} and {args.screen_rate:.0f} votes/s "
                  f"for {args.seconds:.0f} s each", flush=True)
            reports.append(run_mode(args, mode == "baseline"))
    rows = [row(r) for r in reports]
    print()
    common.print_table(rows, [(k, k) for k in rows[0]])
    path = common.write_json("room", {"args": vars(args), "rows": rows, "runs": reports})
    print(f"\nwritten to {path}")


if __name__ == "__main__":
    main()
