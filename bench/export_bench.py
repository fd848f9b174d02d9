"""Export benchmark (not a test): a process with 1,000 proposals and 500 voters, every format timed.

    .venv/bin/python bench/export_bench.py            # 1,000 proposals, 500 voters
    .venv/bin/python bench/export_bench.py --quick    # 200 proposals, 100 voters
    .venv/bin/python bench/export_bench.py --format pdf --format xlsx   # only these formats

Builds everything in a temporary SQLite database, then times building the document from the
database plus writing it (what a download costs), for the workshop's results and the process's
action plan in each format, and the annual progress report in PDF, DOCX and ODT. The process has
a letterhead with a logo, every document its charts. Reports wall time and the process's CPU time
(the box may be busy with other work; CPU time shows what the export itself costs). Prints a table
and writes JSON to bench/results/. Exit status 1 if any export takes longer than the budget
(issue 15: 3 s wall).
"""
from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from workshop_app import create_app  # noqa: E402
from workshop_app.exports import FORMATS  # noqa: E402
from workshop_app.extensions import db  # noqa: E402

WORDS = ("Kita", "Schulweg", "Spielplatz", "Familienbüro", "Ganztag", "Jugendtreff", "Radweg", "Pflege",
         "Beratung", "Sprachkurs", "رياض", "أطفال", "дитсадок", "школа", "Größe", "Öffnungszeiten")


def build(proposals: int, voters: int, seed: int = 7):
    from workshop_app.models import Ballot, Participant, Process, Proposal, RoundItem, Vote, VotingRound, Workshop
    from workshop_app.models.base import utcnow
    from workshop_app.services import plan, processes, workshops
    from workshop_app.services.plumbing import tally_cells, tx
    from workshop_app.services.plumbing.audit import SYSTEM

    rng = random.Random(seed)
    process = processes.create_process(SYSTEM, municipality="Musterstadt an der Öhre", title="Benchmark-Prozess",
                                       template="familiengerechte_kommune", council_decision=date(2026, 5, 20))
    workshop, _ = workshops.create_workshop(SYSTEM, process, title="Großer Workshop", date_=date(2026, 3, 14))
    fields = [f.id for f in process.fields]
    with tx.write():
        target = db.session.get(Workshop, workshop.id)
        target.state = "closed"
        items = [Proposal(workshop_id=target.id, field_id=fields[i % len(fields)], author_kind="participant",
                          state="published", published_at=utcnow(),
                          title=" ".join(rng.choice(WORDS) for _ in range(5))[:120],
                          body=" ".join(rng.choice(WORDS) for _ in range(30)))
                 for i in range(proposals)]
        db.session.add_all(items)
        rounds = [VotingRound(workshop_id=target.id, title="Punkte", method="dots", budget=5, max_per_proposal=3,
                              state="closed"),
                  VotingRound(workshop_id=target.id, title="Zustimmung", method="approval", state="closed")]
        db.session.add_all(rounds)
        db.session.flush()
        ids = [p.id for p in items]
        for round_ in rounds:
            db.session.add_all(RoundItem(round_id=round_.id, proposal_id=pid, position=i) for i, pid in enumerate(ids))
        groups = [g.id for g in target.groups]
        people = [Participant(workshop_id=target.id, group_id=groups[i % len(groups)],
                              secret_hash=f"{i:064x}") for i in range(voters)]
        db.session.add_all(people)
        db.session.flush()
        for person in people:
            dots = Ballot(round_id=rounds[0].id, participant_id=person.id, group_id=person.group_id)
            chosen = rng.sample(ids, 3)
            dots.votes = [Vote(proposal_id=chosen[0], round_id=rounds[0].id, value=3),
                          Vote(proposal_id=chosen[1], round_id=rounds[0].id, value=1),
                          Vote(proposal_id=chosen[2], round_id=rounds[0].id, value=1)]
            approval = Ballot(round_id=rounds[1].id, participant_id=person.id, group_id=person.group_id)
            approval.votes = [Vote(proposal_id=pid, round_id=rounds[1].id, value=1) for pid in rng.sample(ids, 10)]
            db.session.add_all([dots, approval])
        for round_ in rounds:  # votes written directly: sum them as ballot writes would
            tally_cells.rebuild(round_.id)
    for g in range(60):
        goal = plan.adopt_goal(SYSTEM, db.session.get(Process, process.id), proposal_ids=ids[g * 3:g * 3 + 3])
        for m in range(3):
            measure = plan.add_measure(SYSTEM, goal, title=f"Maßnahme {g}.{m}", responsible="Jugendamt",
                                       partners="Träger; Elternbeirat", deadline=date(2028, 12, 31),
                                       indicator="Anzahl")
            if m and measure is not None:
                plan.update_measure(SYSTEM, measure, status=("in_progress", "done")[m - 1], progress=50 * m,
                                    note=f"Stand {g}.{m}: " + " ".join(rng.choice(WORDS) for _ in range(12)))
    _letterhead(db.session.get(Process, process.id))
    return db.session.get(Process, process.id), db.session.get(Workshop, workshop.id)


def _letterhead(process) -> None:
    """A realistic letterhead: name, footer line and a 600 × 240 PNG logo."""
    import io

    from PIL import Image, ImageDraw

    from workshop_app.services import letterhead
    from workshop_app.services.plumbing.audit import SYSTEM

    image = Image.new("RGB", (600, 240), "white")
    ImageDraw.Draw(image).ellipse([20, 20, 220, 220], fill="#0072B2")
    logo = io.BytesIO()
    image.save(logo, format="PNG")
    letterhead.update_letterhead(SYSTEM, process, letterhead.parse(
        "Stadt Musterstadt an der Öhre", "Amt für Familie · Rathausplatz 1 · 12345 Musterstadt", logo.getvalue()))


BUDGET_SECONDS = 3.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="200 proposals, 100 voters")
    parser.add_argument("--proposals", type=int, default=1000)
    parser.add_argument("--voters", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=1, help="runs per format; the best is reported")
    parser.add_argument("--format", action="append", choices=FORMATS, dest="formats",
                        help="only this format (repeatable); default: all")
    args = parser.parse_args()
    if args.quick:
        args.proposals, args.voters = 200, 100

    with tempfile.TemporaryDirectory(prefix="zw-export-bench-") as workdir:
        app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{workdir}/bench.sqlite",
                          "SECRET_KEY": "bench-" + "x" * 32, "SERVER_NAME": "bench.invalid"})
        with app.test_request_context():
            db.create_all()
            started = time.perf_counter()
            process, workshop = build(args.proposals, args.voters)
            setup = time.perf_counter() - started
            from workshop_app.exports import REPORT_FORMATS
            from workshop_app.services.read_models import reports

            rows = []
            for fmt in args.formats or FORMATS:
                documents = [("workshop results", lambda f=fmt: reports.export_workshop(workshop, f)),
                             ("action plan", lambda f=fmt: reports.export_process(process, f))]
                if fmt in REPORT_FORMATS:
                    documents.append(("annual report", lambda f=fmt: reports.export_annual_report(
                        process, f, datetime.now(UTC).year)))
                for label, run in documents:
                    times, cpu, size = [], [], 0
                    for _ in range(max(1, args.repeat)):
                        db.session.expire_all()  # each run reads the database again, like a request
                        t0, c0 = time.perf_counter(), time.process_time()
                        size = len(run().data)
                        times.append(time.perf_counter() - t0)
                        cpu.append(time.process_time() - c0)
                    rows.append({"format": fmt, "document": label, "seconds": round(min(times), 3),
                                 "cpu_seconds": round(min(cpu), 3), "bytes": size})
            db.session.remove()
            db.engine.dispose()

    load = os.getloadavg()[0]
    print(f"\nExport benchmark: {args.proposals} proposals, {args.voters} voters "
          f"(2 rounds, {args.voters * 13} votes), 60 goals × 3 measures, letterhead with logo; "
          f"setup {setup:.1f} s; load average {load:.1f} on {os.cpu_count()} CPUs"
          f"{' (busy: wall times exceed CPU times)' if load > (os.cpu_count() or 1) else ''}\n")
    print(f"{'format':<7} {'document':<17} {'wall s':>8} {'cpu s':>8} {'size':>11}")
    for row in rows:
        print(f"{row['format']:<7} {row['document']:<17} {row['seconds']:>8.3f} {row['cpu_seconds']:>8.3f} "
              f"{row['bytes']:>11,}")
    results = ROOT / "bench" / "results"
    results.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    out = results / f"export_bench_{stamp}.json"
    out.write_text(json.dumps({"proposals": args.proposals, "voters": args.voters, "setup_seconds": round(setup, 2),
                               "load_average": round(load, 2),
                               "python": sys.version.split()[0], "results": rows}, indent=2))
    print(f"\nwritten: {out.relative_to(ROOT)}")
    slowest = max(rows, key=lambda r: r["seconds"])
    print(f"slowest: {slowest['format']} {slowest['document']} {slowest['seconds']:.2f} s "
          f"(budget {BUDGET_SECONDS:.0f} s)")
    return 0 if slowest["seconds"] <= BUDGET_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
