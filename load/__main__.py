"""`make load`: locust, headless, on loopback, against the bot `make run` serves.

Closed loop (default): for each number of users, every user runs whole interviews back to back
for `--seconds`. Open loop (`--rate R`): turns arrive at R a second, spread over `--users`,
whatever the replies' latency. Prints turns/s, p50/p95/p99 and errors per level, and how many
interviews reached their summary. After each level, the resident memory of what `make run`
started (from the pids it writes to .run/pids, children included), where this is Linux.

`--stock` then runs the same levels against the stock `rasa init` bot with its one SDK action,
built with the same Rasa (load/stock.py), and prints our turns/s and p95 beside its own.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from load import bot_is_up, stock

LOCUSTFILE = Path(__file__).with_name("locustfile.py")
STOCK_LOCUSTFILE = Path(__file__).with_name("stock_locustfile.py")


def run_level(url: str, users: int, seconds: int, rate: float, scratch: Path,
              locustfile: Path = LOCUSTFILE) -> dict:
    prefix, report = scratch / f"{locustfile.stem}-u{users}", scratch / f"{locustfile.stem}-u{users}.json"
    env = {**os.environ, "LOAD_USERS": str(users), "LOAD_RATE": str(rate), "LOAD_REPORT": str(report)}
    locust = Path(sys.executable).with_name("locust")
    command = [str(locust), "-f", str(locustfile), "--headless", "--host", url, "-u", str(users),
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


def recorded(pids_file: Path) -> list[tuple[str, int]]:
    """The (name, pid) lines a `make run` wrote; none when there is no such file."""
    try:
        lines = [line.split() for line in pids_file.read_text().splitlines() if line.strip()]
    except OSError:
        return []
    return [(name, int(pid)) for name, pid in lines]


def memory_line(named: list[tuple[str, int]]) -> str | None:
    """'memory: rasa 1,230 MB, actions 310 MB, ...; all ...' for live processes, else None."""
    sizes = [(name, _rss_kb(pid) / 1024) for name, pid in named]
    if not any(mb for _, mb in sizes):
        return None
    parts = ", ".join(f"{name} {mb:,.0f} MB" for name, mb in sizes)
    return f"memory: {parts}; all {sum(mb for _, mb in sizes):,.0f} MB"


def run_levels(args, url: str, levels: list[int], scratch: Path, locustfile: Path,
               processes: list[tuple[str, int]]) -> list[dict]:
    """Each level's row, printed as it finishes, with the memory of `processes` after it."""
    print(f"{'users':>5} {'turns':>6} {'turns/s':>8} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} "
          f"{'errors':>6} {'interviews done':>15}")
    rows = []
    for users in levels:
        row = run_level(url, users, args.seconds, args.rate, scratch, locustfile)
        done = f"{row.get('completed', 0):>7} of {row.get('completed', 0) + row.get('cut short', 0)}"
        print(f"{row['users']:>5} {row['turns']:>6} {row['turns/s']:>8.1f} {row['p50']:>7} "
              f"{row['p95']:>7} {row['p99']:>7} {row['errors']:>6} "
              f"{done if locustfile == LOCUSTFILE else '':>15}", flush=True)
        for why in row["why"]:
            print(f"      error: {why}")
        memory = memory_line(processes)
        if memory:
            print(f"      {memory}", flush=True)
        rows.append(row)
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m load", description=__doc__.splitlines()[0])
    parser.add_argument("--url", default=os.environ.get("LOAD_URL", "http://127.0.0.1:5005"))
    parser.add_argument("--users", default="1,4,8,16", help="closed loop: levels, comma-separated")
    parser.add_argument("--seconds", type=int, default=30, help="per level")
    parser.add_argument("--rate", type=float, default=0.0, help="open loop: turns a second")
    parser.add_argument("--pids", type=Path, default=Path(os.environ.get("RUN_DIR", ".run")) / "pids",
                        help="the processes whose memory to print (make run writes this file)")
    parser.add_argument("--stock", action="store_true",
                        help="then the same levels against the stock rasa init bot (built once)")
    parser.add_argument("--rasa-env", type=Path, default=Path(os.environ.get("RASA_ENV", ".venv/rasa")))
    parser.add_argument("--stock-dir", type=Path, default=Path("build/stock-bot"))
    parser.add_argument("--stock-ports", default="5605,5655", help="its Rasa and action server ports")
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
    with tempfile.TemporaryDirectory() as scratch:
        ours = run_levels(args, args.url, levels, Path(scratch), LOCUSTFILE, recorded(args.pids))
        if args.stock:
            port, action_port = (int(p) for p in args.stock_ports.split(","))
            with stock.serving(args.rasa_env, args.stock_dir, port, action_port) as (url, pids):
                print(f"\nthe stock rasa init bot (greet, mood, bot challenge with its SDK action, "
                      f"goodbye), against {url}")
                theirs = run_levels(args, url, levels, Path(scratch), STOCK_LOCUSTFILE, list(pids.items()))
            print("\nours against stock, same levels:")
            for mine, stock_row in zip(ours, theirs):
                ratio = mine["turns/s"] / stock_row["turns/s"] if stock_row["turns/s"] else float("nan")
                print(f"{mine['users']:>5} users: {mine['turns/s']:.1f} against {stock_row['turns/s']:.1f} "
                      f"turns/s ({ratio:.2f}x; goal 3x), p95 {mine['p95']} against {stock_row['p95']} ms")
            ours += theirs
    failed = any(row["errors"] for row in ours)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
