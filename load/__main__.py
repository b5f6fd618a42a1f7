"""`make load`: locust, headless, on loopback, against the bot `make run` serves.

Closed loop (default): for each number of users, every user runs whole interviews back to back
for `--seconds`. Open loop (`--rate R`): turns arrive at R a second, spread over `--users`,
whatever the replies' latency. Prints turns/s, p50/p95/p99 and errors per level, and how many
interviews reached their summary. After each level, the resident memory of what `make run`
started (from the pids it writes to .run/pids, children included), where this is Linux.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

LOCUSTFILE = Path(__file__).with_name("locustfile.py")


def bot_is_up(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status == 200
    except OSError:
        return False


def run_level(url: str, users: int, seconds: int, rate: float, scratch: Path) -> dict:
    prefix, report = scratch / f"u{users}", scratch / f"u{users}.json"
    env = {**os.environ, "LOAD_USERS": str(users), "LOAD_RATE": str(rate), "LOAD_REPORT": str(report)}
    locust = Path(sys.executable).with_name("locust")
    command = [str(locust), "-f", str(LOCUSTFILE), "--headless", "--host", url, "-u", str(users),
               "-r", str(users), "-t", f"{seconds}s", "--stop-timeout", "10", "--csv", str(prefix),
               "--only-summary", "--loglevel", "WARNING", "--exit-code-on-error", "0"]
    done = subprocess.run(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if done.returncode != 0:
        raise SystemExit(f"locust failed (exit {done.returncode}):\n{done.stderr[-2000:]}")
    with open(f"{prefix}_stats.csv") as stats:
        total = next(row for row in csv.DictReader(stats) if row["Name"] == "Aggregated")
    with open(f"{prefix}_failures.csv") as failures:
        errors = [f"{r['Name']}: {r['Error']} (x{r['Occurrences']})" for r in csv.DictReader(failures)]
    interviews = json.loads(report.read_text()) if report.exists() else {}
    return {"users": users, "turns": int(total["Request Count"]), "errors": int(total["Failure Count"]),
            "turns/s": float(total["Requests/s"]), "p50": total["50%"], "p95": total["95%"],
            "p99": total["99%"], "why": errors, **interviews}


def _rss_kb(pid: int) -> int:
    """Resident memory of a process and its descendants, in kB (0 when it is gone)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
        own = next((int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:")), 0)
        children = [int(c) for task in Path(f"/proc/{pid}/task").iterdir()
                    for c in (task / "children").read_text().split()]
    except (OSError, ValueError):
        return 0
    return own + sum(_rss_kb(child) for child in children)


def memory_line(pids_file: Path) -> str | None:
    """'rasa 1,230 MB, actions 310 MB, ... = total' for the processes a `make run` recorded."""
    try:
        named = [line.split() for line in pids_file.read_text().splitlines() if line.strip()]
    except OSError:
        return None
    sizes = [(name, _rss_kb(int(pid)) / 1024) for name, pid in named]
    if not any(mb for _, mb in sizes):
        return None
    parts = ", ".join(f"{name} {mb:,.0f} MB" for name, mb in sizes)
    return f"memory: {parts}; all {sum(mb for _, mb in sizes):,.0f} MB"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m load", description=__doc__.splitlines()[0])
    parser.add_argument("--url", default=os.environ.get("LOAD_URL", "http://127.0.0.1:5005"))
    parser.add_argument("--users", default="1,4,8,16", help="closed loop: levels, comma-separated")
    parser.add_argument("--seconds", type=int, default=30, help="per level")
    parser.add_argument("--rate", type=float, default=0.0, help="open loop: turns a second")
    parser.add_argument("--pids", type=Path, default=Path(os.environ.get("RUN_DIR", ".run")) / "pids",
                        help="the processes whose memory to print (make run writes this file)")
    args = parser.parse_args(argv)
    try:
        levels = [int(n) for n in args.users.split(",")]
    except ValueError:
        parser.error(f"--users takes numbers separated by commas, not {args.users!r}")
    if any(n < 1 or n > 256 for n in levels) or not 1 <= args.seconds <= 600 or args.rate < 0:
        parser.error("users must be 1-256 per level, seconds 1-600, and the rate not negative")
    if not bot_is_up(args.url):
        print(f"no bot answers at {args.url}: start it with `make run` in another terminal "
              "(or point LOAD_URL at one)", file=sys.stderr)
        return 2
    mode = f"open loop, {args.rate:g} turns/s" if args.rate else "closed loop"
    print(f"{mode}, {args.seconds} s per level, against {args.url}")
    print(f"{'users':>5} {'turns':>6} {'turns/s':>8} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} "
          f"{'errors':>6} {'interviews done':>15}")
    failed = False
    with tempfile.TemporaryDirectory() as scratch:
        for users in levels:
            row = run_level(args.url, users, args.seconds, args.rate, Path(scratch))
            failed |= row["errors"] > 0
            print(f"{row['users']:>5} {row['turns']:>6} {row['turns/s']:>8.1f} {row['p50']:>7} "
                  f"{row['p95']:>7} {row['p99']:>7} {row['errors']:>6} "
                  f"{row.get('completed', 0):>7} of {row.get('completed', 0) + row.get('cut short', 0)}",
                  flush=True)
            for why in row["why"]:
                print(f"      error: {why}")
            memory = memory_line(args.pids)
            if memory:
                print(f"      {memory}", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
