"""Live benchmark: N phones join, connect and vote at stepped rates while one screen watches.

    .venv/bin/python bench/live.py --quick          # SQLite, one process, N = 100 and 500
    .venv/bin/python bench/live.py                  # the whole matrix (SQLite/PostgreSQL, 1 and 2
                                                    # processes + Redis, N = 100, 500, 2000)

Each configuration runs twice in the same invocation: the candidate (coalesced tallies) and the
naive baseline (NAIVE_BROADCAST=1: the full tally to every client on every vote).

Vote→screen latency is exact, not estimated: the round is ``dots`` and every ballot adds one
point to one proposal, and at most one ballot per proposal is in flight, so proposal j's points
count exactly the stored ballots on j. Ballot k on j is on the screen in the first tally whose
points for j reach k. Latency runs from the ballot's HTTP acknowledgement to that tally (0 if the
tally came first). The final tally must equal the acknowledged ballots: a difference is a lost or
a duplicated ballot.
"""
from __future__ import annotations

import argparse
import asyncio
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import common
from testkit.loadclient import Phone, SioClient, new_session

TARGET_P95 = 0.100


class VoteTracker:
    """Expected points per proposal, pending ballots, and what the screen has shown."""

    def __init__(self, proposal_ids: list[int]) -> None:
        self.expected = dict.fromkeys(proposal_ids, 0)
        self.shown = dict.fromkeys(proposal_ids, 0)
        self.pending: dict[int, list[tuple[int, float]]] = {p: [] for p in proposal_ids}
        self.latencies: list[float] = []
        self.tallies = 0
        self.last_seq = (-1, -1)
        self.out_of_order = 0

    def on_screen(self, name: str, payload, received: float) -> None:
        if name != "tally":
            return
        self.tallies += 1
        order = (payload.get("version", 0), payload.get("seq", 0))
        if order < self.last_seq:
            self.out_of_order += 1  # a stale tally from another process: a client drops it
            return
        self.last_seq = order
        for row in payload["results"]:
            proposal, points = row["proposal_id"], row["points"]
            if proposal not in self.shown:
                continue
            self.shown[proposal] = max(self.shown[proposal], points)
            waiting = self.pending[proposal]
            while waiting and waiting[0][0] <= points:
                self.latencies.append(max(0.0, received - waiting.pop(0)[1]))

    def acknowledged(self, proposal: int, target: int, at: float) -> None:
        self.expected[proposal] = target
        if self.shown[proposal] >= target:
            self.latencies.append(0.0)
        else:
            self.pending[proposal].append((target, at))


async def gather_bounded(coros, limit: int):
    semaphore = asyncio.Semaphore(limit)

    async def one(coro):
        async with semaphore:
            return await coro

    return await asyncio.gather(*(one(c) for c in coros), return_exceptions=True)


async def step(phones, arr, tracker: VoteTracker, rate: float, seconds: float, pids) -> dict:
    """Open loop: ballots are due at ``rate`` per second whether or not earlier ones returned."""
    free_phones = [p for p in phones if sum(p.votes.values()) < 100]
    random.shuffle(free_phones)
    free_proposals = list(arr.proposal_ids)
    random.shuffle(free_proposals)
    acks, errors, skipped, tasks = [], [], 0, []
    latencies_before = len(tracker.latencies)

    async def vote(phone: Phone, proposal: int) -> None:
        target = tracker.expected[proposal] + 1
        votes = dict(phone.votes)
        votes[proposal] = votes.get(proposal, 0) + 1
        started = time.monotonic()
        try:
            status, body = await phone.put_ballot(arr.round_id, votes)
        except Exception as error:  # noqa: BLE001 — counted, the run goes on
            status, body = 0, repr(error)
        done = time.monotonic()
        if status == 200:
            phone.votes = votes
            acks.append(done - started)
            tracker.acknowledged(proposal, target, done)
        else:
            errors.append(f"{status} {body}"[:200])
        free_proposals.append(proposal)
        if votes.get(proposal, 0) < 50 and sum(phone.votes.values()) < 100:
            free_phones.append(phone)

    cpu0 = sum(common.cpu_seconds(pid) for pid in pids)
    start = time.monotonic()
    issued = 0
    while (now := time.monotonic()) - start < seconds:
        due = int(rate * (now - start)) - issued
        for _ in range(due):
            issued += 1
            if not free_phones or not free_proposals:
                skipped += 1
                continue
            phone = free_phones.pop()
            proposal = next((p for p in free_proposals if phone.votes.get(p, 0) < 50), None)
            if proposal is None:
                skipped += 1
                free_phones.insert(0, phone)
                continue
            free_proposals.remove(proposal)
            tasks.append(asyncio.create_task(vote(phone, proposal)))
        await asyncio.sleep(0.005)
    elapsed = time.monotonic() - start
    if tasks:
        await asyncio.wait(tasks, timeout=30)
    await asyncio.sleep(0.3)  # the last coalesced tallies
    cpu = sum(common.cpu_seconds(pid) for pid in pids) - cpu0
    v2s = tracker.latencies[latencies_before:]
    return {
        "rate": rate, "issued": issued, "acked": len(acks), "errors": len(errors),
        "error_samples": errors[:3], "skipped": skipped,
        "achieved": len(acks) / elapsed,
        "ack_p50": common.percentile(acks, 50), "ack_p95": common.percentile(acks, 95),
        "ack_p99": common.percentile(acks, 99),
        "v2s_p50": common.percentile(v2s, 50), "v2s_p95": common.percentile(v2s, 95),
        "v2s_p99": common.percentile(v2s, 99),
        "cpu_per_vote_ms": 1000 * cpu / len(acks) if acks else None,
        "cpu_share": cpu / elapsed,
    }


def passed(result: dict) -> bool:
    return (result["errors"] == 0 and result["v2s_p95"] is not None
            and result["v2s_p95"] <= TARGET_P95 and result["achieved"] >= 0.9 * result["rate"])


async def settle(pids, quiet_share: float = 0.1, limit: float = 20) -> None:
    """Wait until the servers are done with the connection storm (snapshots, presence, garbage
    collection) so that the first rate step measures votes, not what the connects left behind."""
    await asyncio.sleep(1)
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        cpu0 = sum(common.cpu_seconds(pid) for pid in pids)
        await asyncio.sleep(1)
        if sum(common.cpu_seconds(pid) for pid in pids) - cpu0 < quiet_share * len(pids):
            return


async def exercise(servers, arr, n: int, rates: list[float], seconds: float) -> dict:
    pids = [s.process.pid for s in servers]
    tracker = VoteTracker(arr.proposal_ids)
    report: dict = {"n": n}
    async with new_session() as session:
        rss0 = sum(common.rss_bytes(pid) for pid in pids)
        phones = [Phone(session, servers[i % len(servers)].url, arr.code, arr.groups[i % len(arr.groups)])
                  for i in range(n)]
        started = time.monotonic()
        joined = await gather_bounded([p.join() for p in phones], 32)
        join_errors = [j for j in joined if isinstance(j, BaseException)]
        join_times = [j for j in joined if not isinstance(j, BaseException)]
        report.update(join_p50=common.percentile(join_times, 50), join_p95=common.percentile(join_times, 95),
                      join_all_s=time.monotonic() - started)
        started = time.monotonic()
        ok = [p for p in phones if p.token]
        connected = await gather_bounded([p.connect(servers[phones.index(p) % len(servers)].url)
                                          for p in ok], 64)
        connect_errors = [c for c in connected if isinstance(c, BaseException)]
        report.update(connect_all_s=time.monotonic() - started,
                      errors_connect=len(join_errors) + len(connect_errors),
                      error_samples=[repr(e)[:200] for e in (join_errors + connect_errors)[:3]])
        screen = SioClient(session, servers[-1].url, "/screen", {"token": arr.screen_secret},
                           tracker.on_screen)
        await screen.connect()
        await settle(pids)
        rss1 = sum(common.rss_bytes(pid) for pid in pids)
        live = [p for p in ok if p.socket and p.socket.connected.is_set()]
        report.update(connected=len(live), rss_mb=rss1 / 2**20,
                      kb_per_phone=(rss1 - rss0) / 1024 / max(1, len(live)))
        steps = []
        for rate in rates:
            result = await step(live, arr, tracker, rate, seconds, pids)
            steps.append(result)
            print(f"    {rate:>6.0f}/s achieved {result['achieved']:.0f}/s ack p95 "
                  f"{common.ms(result['ack_p95'])} ms, vote→screen p95 {common.ms(result['v2s_p95'])} ms, "
                  f"cpu/vote {result['cpu_per_vote_ms'] or 0:.2f} ms, errors {result['errors']}, "
                  f"skipped {result['skipped']}", flush=True)
            if not passed(result):
                break
        await asyncio.sleep(1.5)
        lost = sum(max(0, e - tracker.shown[p]) for p, e in tracker.expected.items())
        duplicated = sum(max(0, tracker.shown[p] - e) for p, e in tracker.expected.items())
        still = sum(1 for p in live if p.socket.connected.is_set())
        report.update(steps=steps, lost=lost, duplicated=duplicated, still_connected=still,
                      tallies=tracker.tallies, stale_tallies=tracker.out_of_order,
                      max_rate=max((s["rate"] for s in steps if passed(s)), default=0))
        await screen.close()
        await gather_bounded([p.socket.close() for p in live], 200)
    return report


def run_one(backend: str, procs: int, n: int, naive: bool, rates, seconds,
            async_mode: str = "gevent", proposals: int = 30) -> dict:
    workdir = Path(tempfile.mkdtemp(prefix="zw-live-"))
    uri, drop = common.new_database(backend, workdir)
    servers = common.start_servers(uri, procs, env={"NAIVE_BROADCAST": "1"} if naive else {},
                                   async_mode=async_mode)
    try:
        # Live results on: the screen receives tallies only while it displays them (issue 13).
        arr = common.arrange(uri, proposals=proposals, live_results=True)
        report = asyncio.run(exercise(servers, arr, n, rates, seconds))
    finally:
        for server in servers:
            server.stop()
        drop()
    return {"backend": backend, "procs": procs, "mode": "naive" if naive else "coalesced",
            "async_mode": async_mode, **report}


def summary_row(r: dict, baseline: dict | None) -> dict:
    steps = r["steps"]
    best = next((s for s in reversed(steps) if passed(s)), steps[0] if steps else {})
    first = steps[0] if steps else {}
    row = {
        "config": f"{r['backend']}/{r['procs']}p/{r.get('async_mode', 'gevent')}", "mode": r["mode"], "N": r["n"],
        "conn": f"{r.get('connected', 0)}/{r['n']}",
        "err": r.get("errors_connect", 0) + sum(s["errors"] for s in steps),
        "join p50/p95 ms": f"{common.ms(r.get('join_p50'))}/{common.ms(r.get('join_p95'))}",
        "ack p50/p95/p99 ms": "/".join(common.ms(best.get(k)) for k in ("ack_p50", "ack_p95", "ack_p99")),
        "v→s p50/p95/p99 ms": "/".join(common.ms(best.get(k)) for k in ("v2s_p50", "v2s_p95", "v2s_p99")),
        "at votes/s": best.get("rate"), "max votes/s": r.get("max_rate"),
        "cpu/vote ms @low": first.get("cpu_per_vote_ms"), "cpu/vote ms @max": best.get("cpu_per_vote_ms"),
        "KB/phone": r.get("kb_per_phone"), "lost/dup": f"{r['lost']}/{r['duplicated']}",
    }
    if baseline and baseline["steps"] and first.get("cpu_per_vote_ms"):
        naive_cpu = baseline["steps"][0]["cpu_per_vote_ms"]
        row["cpu ratio @same rate"] = first["cpu_per_vote_ms"] / naive_cpu if naive_cpu else None
        # The naive server does the same full work for every vote at any rate (it cannot go much
        # faster than the baseline step anyway), so its per-vote cost also prices the faster steps.
        if best.get("cpu_per_vote_ms") and naive_cpu:
            row["cpu ratio @max"] = best["cpu_per_vote_ms"] / naive_cpu
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="SQLite, one process, N = 100 and 500")
    parser.add_argument("--n", type=int, action="append", help="phones (repeatable)")
    parser.add_argument("--backend", action="append", choices=("sqlite", "postgres"))
    parser.add_argument("--procs", type=int, action="append", choices=(1, 2))
    parser.add_argument("--seconds", type=float, help="seconds per rate step")
    parser.add_argument("--async-mode", action="append", choices=("gevent", "threading"),
                        help="server async mode (repeatable: compares memory per phone and CPU)")
    parser.add_argument("--no-naive", action="store_true", help="skip the naive baseline runs")
    parser.add_argument("--max-rate", type=float, help="stop the rate steps here")
    parser.add_argument("--naive-rate", type=float, default=20, help="votes/s of the naive baseline step")
    parser.add_argument("--proposals", type=int, default=60,
                        help="proposals in the round; at most one ballot per proposal is in flight, "
                             "so this also bounds the concurrency of the load")
    args = parser.parse_args()
    sizes = args.n or ([100, 500] if args.quick else [100, 500, 2000])
    backends = args.backend or (["sqlite"] if args.quick else ["sqlite", "postgres"])
    procs = args.procs or ([1] if args.quick else [1, 2])
    seconds = args.seconds or (3 if args.quick else 5)
    rates = [args.naive_rate, 100, 200, 300, 400, 600, 800] + ([] if args.quick else [1000, 1300])
    rates = [r for r in rates if args.max_rate is None or r <= args.max_rate]
    modes = args.async_mode or ["gevent"]
    rows, reports = [], []
    for backend in backends:
        for count in procs:
            if count > 1 and backend == "sqlite":
                continue  # scale-out means PostgreSQL + Redis; SQLite is the one-laptop setup
            for n in sizes:
                for mode in modes:
                    print(f"== {backend}, {count} process(es), {mode}, N={n}: coalesced", flush=True)
                    candidate = run_one(backend, count, n, False, rates, seconds, mode, args.proposals)
                    naive = None
                    if not args.no_naive:
                        print(f"== {backend}, {count} process(es), {mode}, N={n}: naive baseline", flush=True)
                        naive = run_one(backend, count, n, True, [args.naive_rate], seconds, mode, args.proposals)
                    reports += [candidate] + ([naive] if naive else [])
                    rows += [summary_row(candidate, naive)] + ([summary_row(naive, None)] if naive else [])
    columns = [(k, k) for k in rows[0]] if rows else []
    columns = list(dict.fromkeys([*columns, ("cpu ratio @same rate", "cpu ratio @same rate"),
                                  ("cpu ratio @max", "cpu ratio @max")]))
    print()
    common.print_table(rows, columns)
    path = common.write_json("live", {"rows": rows, "runs": reports,
                                      "target_p95_s": TARGET_P95, "quick": args.quick})
    print(f"\nwritten to {path}")


if __name__ == "__main__":
    main()
