"""What the benchmarks share: process statistics from /proc, percentiles and the result table/JSON;
and, from testkit, databases, servers and the workshop under load (the live tests use those too)."""
from __future__ import annotations

import json
import os
import sys
import time
from dataclasses import asdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from testkit.servers import (  # noqa: E402
    BENCH_INSTANCE_CONFIG,
    TEST_SECRET,
    ServerProcess,
    bench_instance,
    create_schema,
    free_port,
    new_database,
    start_server,
    start_servers,
)
from testkit.worlds import Arrangement, arrange  # noqa: E402

RESULTS = ROOT / "bench" / "results"


# --- /proc -----------------------------------------------------------------------------------

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS  # utime + stime


def rss_bytes(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    return 0


# --- figures ---------------------------------------------------------------------------------

def percentile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


def ms(value: float | None) -> str:
    return "—" if value is None else f"{value * 1000:.1f}"


def print_table(rows: list[dict], columns: list[tuple[str, str]]) -> None:
    header = [title for _key, title in columns]
    body = [[_cell(row.get(key)) for key, _title in columns] for row in rows]
    widths = [max(len(h), *(len(r[i]) for r in body)) if body else len(h) for i, h in enumerate(header)]
    print(" | ".join(h.ljust(w) for h, w in zip(header, widths)))
    print("-|-".join("-" * w for w in widths))
    for line in body:
        print(" | ".join(c.ljust(w) for c, w in zip(line, widths)))


def _cell(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.3g}" if abs(value) < 1000 else f"{value:.0f}"
    return str(value)


def write_json(name: str, payload) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{name}-{time.strftime('%Y%m%d-%H%M%S')}.json"
    path.write_text(json.dumps(payload, indent=2, default=lambda o: asdict(o)))
    return path


__all__ = ["BENCH_INSTANCE_CONFIG", "TEST_SECRET", "Arrangement", "ServerProcess", "arrange", "bench_instance",
           "cpu_seconds", "create_schema", "free_port", "new_database", "percentile", "print_table", "rss_bytes",
           "start_server", "start_servers", "write_json"]
