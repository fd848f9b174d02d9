"""Whether work blocks the gevent loop: a script runs in a fresh, monkey-patched interpreter with
a ticker greenlet (a tick every 2 ms) and prints ``name ticks`` lines — ``during(call)`` counts the
ticks while ``call`` runs: 0 when it held the loop, many when it ran in the hub's thread pool."""
from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

PRELUDE = textwrap.dedent("""
    from gevent import monkey
    monkey.patch_all()
    import os, sys, gevent

    ticks = 0
    def ticker():
        global ticks
        while True:
            gevent.sleep(0.002)
            ticks += 1
    gevent.spawn(ticker)
    gevent.sleep(0.01)

    def during(call):
        before = ticks
        call()
        return ticks - before
""")


def ticks_during(body: str, folder: Path, *, timeout: float = 300) -> dict[str, int]:
    """Run ``body`` after the prelude (``sys.argv[1]`` is ``folder``); its printed ticks by name."""
    result = subprocess.run([sys.executable, "-c", PRELUDE + textwrap.dedent(body), str(folder)],
                            cwd=ROOT, capture_output=True, text=True, timeout=timeout)
    assert result.returncode == 0, result.stderr[-3000:]
    return {name: int(count) for name, count in
            (line.split() for line in result.stdout.splitlines() if line.count(" ") == 1)}
