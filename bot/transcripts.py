"""`make transcripts`: one Markdown transcript per conversation, for coaches.

Reads Rasa's SQL tracker store (the SQLite file `make run` writes) with the standard library only:
every candidate message in full, the bot's replies, and each answer's score with the key points
covered and missed, as the feedback payloads recorded them.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
from pathlib import Path


def conversations(db: Path) -> dict[str, list[dict]]:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as connection:
        rows = connection.execute(
            "SELECT sender_id, type_name, timestamp, data FROM events ORDER BY id").fetchall()
    by_sender: dict[str, list[dict]] = {}
    for sender, kind, timestamp, data in rows:
        if kind in ("user", "bot"):
            by_sender.setdefault(sender, []).append({"kind": kind, "time": timestamp,
                                                     **json.loads(data or "{}")})
    return by_sender


def _feedback_lines(custom: dict) -> list[str]:
    kind = custom.get("type")
    if kind == "feedback":
        lines = [f"**Score {custom['score']:.1f} / {custom['max_score']:.1f}**"
                 + (" (follow-up)" if custom.get("follow_up") else "")]
        lines += [f"- [x] {point}" for point in custom.get("covered", [])]
        lines += [f"- [ ] {point}" for point in custom.get("missed", [])]
        return lines
    if kind == "summary":
        lines = [f"**Summary: {custom['score']:.1f} / {custom['max_score']:.1f}**"]
        for track, result in custom.get("per_track", {}).items():
            lines.append(f"- {track}: {result['score']:.1f} / {result['max_score']:.1f}")
        return lines
    return []


def render(sender: str, events: list[dict]) -> str:
    lines = [f"# Conversation {sender}", ""]
    for event in events:
        if event["kind"] == "user":
            text = event.get("text") or "(empty message)"
            lines += ["**Candidate:**", "", *[f"> {line}" for line in text.splitlines() or [""]], ""]
            continue
        data = event.get("data") or {}
        if event.get("text"):
            lines += [f"**Interviewer:** {event['text']}", ""]
        if data.get("custom"):
            feedback = _feedback_lines(data["custom"])
            if feedback:
                lines += [*feedback, ""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.transcripts")
    parser.add_argument("--db", type=Path, default=Path(".run/tracker.db"))
    parser.add_argument("--out", type=Path, default=Path("transcripts"))
    parser.add_argument("--sender", help="only this conversation")
    args = parser.parse_args(argv)
    if not args.db.exists():
        print(f"no tracker store at {args.db}: run an interview with `make run` first", file=sys.stderr)
        return 1
    found = conversations(args.db)
    if args.sender:
        found = {k: v for k, v in found.items() if k == args.sender}
    if not found:
        print("no conversations found", file=sys.stderr)
        return 1
    args.out.mkdir(parents=True, exist_ok=True)
    for sender, events in found.items():
        safe = "".join(c if c.isalnum() or c in "-_" else "_" for c in sender)
        (args.out / f"{safe}.md").write_text(render(sender, events), encoding="utf-8")
    print(f"wrote {len(found)} transcript(s) to {args.out}/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
