"""`python -m coach serve | user NAME | export-graded | transcripts | bench | forget ID`."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from pathlib import Path

import store


def _user(args) -> int:
    from coach.reviews import ReviewError, set_coach

    password = os.environ.get("COACH_PASSWORD") or getpass.getpass(f"password for {args.name}: ")
    try:
        with store.transaction(store.connect()) as db:
            created = set_coach(db, args.name, password)
    except ReviewError as error:
        print(f"coach-user: {error}", file=sys.stderr)
        return 2
    print(f"coach account {created.name!r} saved in {store.database_url()}")
    return 0


def _serve(args) -> int:
    import uvicorn

    from coach.app import create_app

    uvicorn.run(create_app(), host=args.host, port=args.port, log_level="warning")
    return 0


def _export_graded(args) -> int:
    from coach import exports, reviews
    from coach.reader import read_candidates

    with store.connect()() as db:
        histories = reviews.histories(db)
    rows = exports.graded_rows(read_candidates(), histories)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(exports.graded_jsonl(rows), encoding="utf-8")
    print(f"{len(rows)} coach-graded answers -> {args.out} (`make calibrate` fits on them; "
          f"`make eval` never reads them)")
    return 0


def _transcripts(args) -> int:
    from coach import exports, reviews
    from coach.app import _questions
    from coach.reader import read_candidates

    with store.connect()() as db:
        scores = reviews.coach_scores(db)
    args.out.mkdir(parents=True, exist_ok=True)
    questions, count = _questions(), 0
    for candidate in read_candidates().values():
        for session in candidate.sessions:
            name = "".join(c if c.isalnum() or c in "-_" else "_" for c in session.sender_id)
            path = args.out / f"{name}-{session.started:%Y%m%dT%H%M%S}.md"
            path.write_text(exports.session_markdown(session, scores, questions), encoding="utf-8")
            count += 1
    print(f"{count} session transcripts -> {args.out}/")
    return 0


def _bench(args) -> int:
    import random
    import re
    import statistics
    import tempfile
    import time

    from fastapi.testclient import TestClient

    from coach.app import create_app
    from coach.reviews import set_coach
    from coach.seed import seed
    from questionbank import load_bank

    bank = [{"id": q.id, "track": q.track, "topic": q.topic,
             "key_points": [k.text for k in q.key_points]} for q in load_bank(Path("data/questions"))]
    with tempfile.TemporaryDirectory() as tmp:
        tracker = Path(tmp) / "tracker.db"
        seed(tracker, args.sessions, bank, random.Random(7))
        url = f"sqlite:///{tmp}/app.db"
        with store.transaction(store.connect(url)) as db:
            set_coach(db, "bench", "bench-password")
        client = TestClient(create_app(url, f"sqlite:///{tracker}", secret="bench"))
        token = re.search(r'name="csrf_token" value="([^"]+)', client.get("/login").text).group(1)
        client.post("/login", data={"username": "bench", "password": "bench-password",
                                    "csrf_token": token})
        started = time.perf_counter()
        client.get("/").raise_for_status()
        first = time.perf_counter() - started  # reads and parses the whole store
        times = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            response = client.get("/")
            times.append(time.perf_counter() - started)
            response.raise_for_status()
        rows = response.text.count("/candidate/")
    print(f"cohort page with {args.sessions} sessions ({rows} candidates): first load "
          f"{1000 * first:.0f} ms (reads the store), then median {1000 * statistics.median(times):.0f} ms, "
          f"max {1000 * max(times):.0f} ms over {args.repeat} loads")
    return 0


def _forget(args) -> int:
    """Delete a candidate's data: progress and coach marks from the app database, and their
    conversations from the tracker store (the one write this package makes there)."""
    from sqlalchemy import create_engine, text

    from coach.reader import tracker_url
    from groups.members import conversations_of
    from store.progress import forget

    with store.transaction(store.connect()) as db:
        deleted = forget(db, args.candidate)
    url = tracker_url().replace("?mode=ro&uri=true", "?uri=true")
    engine = create_engine(url)
    with engine.begin() as connection:
        deleted["tracker events"] = connection.execute(
            text("DELETE FROM events WHERE sender_id = :sender OR sender_id LIKE :threads"),
            {"sender": args.candidate, "threads": conversations_of(args.candidate)}).rowcount
    engine.dispose()
    print(f"forgot {args.candidate!r}: " + ", ".join(f"{n} {what}" for what, n in deleted.items()))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m coach", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="serve the console")
    serve.add_argument("--host", default=os.environ.get("COACH_HOST", "127.0.0.1"))
    serve.add_argument("--port", type=int, default=int(os.environ.get("COACH_PORT", "8090")))
    user = commands.add_parser("user", help="create or update a coach account (COACH_PASSWORD or a prompt)")
    user.add_argument("name")
    graded = commands.add_parser("export-graded", help="coach overrides as graded answers")
    graded.add_argument("--out", type=Path, default=Path("data/graded/coach/overrides.jsonl"))
    transcripts = commands.add_parser("transcripts", help="one Markdown transcript per session")
    transcripts.add_argument("--out", type=Path, default=Path("transcripts"))
    bench = commands.add_parser("bench", help="time the cohort page on a seeded tracker store")
    bench.add_argument("--sessions", type=int, default=1000)
    bench.add_argument("--repeat", type=int, default=5)
    forget = commands.add_parser("forget", help="delete a candidate's data from both stores")
    forget.add_argument("candidate")
    args = parser.parse_args(argv)
    return {"serve": _serve, "user": _user, "export-graded": _export_graded,
            "transcripts": _transcripts, "bench": _bench, "forget": _forget}[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
