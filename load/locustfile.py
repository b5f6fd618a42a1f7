"""A candidate, as locust runs it: start an interview, answer its questions with answers from the
graded set (one hint on the first), reach the summary, start again. Standard library and locust
only: it runs in its own environment (.venv/load) and reads the repository's files as data.

Each REST turn is one locust request, named by what it was (start, hint, answer), so the report
splits them; a turn whose reply lacks what it should carry is a failure, not a slow success.
"""

from __future__ import annotations

import json
import os
import random
import uuid
from pathlib import Path

from locust import HttpUser, between, constant_throughput, events, task

ROOT = Path(__file__).resolve().parents[1]
# The bank's folders are its tracks (questionbank, which names them, needs pydantic: not here).
TRACKS = tuple(sorted(p.name for p in (ROOT / "data" / "questions").iterdir() if p.is_dir()))
LEVELS = ("junior", "mid", "senior")  # questionbank.DIFFICULTIES, for the same reason
QUESTIONS = 5
FALLBACK_ANSWER = "I would compare them on held-out data and look at the variance of the estimate."


def graded_answers() -> dict[str, list[str]]:
    answers: dict[str, list[str]] = {}
    for path in sorted((ROOT / "data" / "graded").glob("*.jsonl")):
        for line in path.read_text().splitlines():
            if line.strip():
                row = json.loads(line)
                answers.setdefault(row["question_id"], []).append(row["answer"])
    return answers


ANSWERS = graded_answers()
INTERVIEWS = {"completed": 0, "cut short": 0}


@events.quitting.add_listener
def _report(environment, **_) -> None:
    """How many interviews reached their summary, for `python -m load` (LOAD_REPORT: a path)."""
    if os.environ.get("LOAD_REPORT"):
        Path(os.environ["LOAD_REPORT"]).write_text(json.dumps(INTERVIEWS))


def customs(reply: list[dict], kind: str) -> list[dict]:
    return [m["custom"] for m in reply if (m.get("custom") or {}).get("type") == kind]


def _wait_time():
    # Open loop (LOAD_RATE set): each user paces its turns so that all of them together send
    # LOAD_RATE turns a second, whatever the replies' latency, as long as it stays under the pace.
    rate, users = float(os.environ.get("LOAD_RATE", "0")), int(os.environ.get("LOAD_USERS", "1"))
    return constant_throughput(rate / users) if rate > 0 else between(0, 0)


class Candidate(HttpUser):
    wait_time = _wait_time()

    def turn(self, name: str, message: str, expect: tuple[str, ...]) -> list[dict] | None:
        """One REST turn; it fails unless the reply carries one of the `expect` payloads."""
        body = {"sender": self.sender, "message": message}
        post = self.client.post("/webhooks/rest/webhook", json=body, name=name, catch_response=True)
        with post as response:
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")
                return None
            try:
                reply = response.json()
            except ValueError:
                response.failure("the reply is not JSON")
                return None
            if not any(customs(reply, kind) for kind in expect):
                said = " / ".join(m.get("text", "")[:60] for m in reply if m.get("text"))
                wanted = " or ".join(expect)
                response.failure(f"no {wanted} payload in the reply to {message[:60]!r}: {said!r}")
                return None
            return reply

    @task
    def interview(self) -> None:
        self.sender = f"load-{uuid.uuid4().hex[:12]}"
        start = json.dumps({"track": random.choice(TRACKS), "level": random.choice(LEVELS),
                            "questions": QUESTIONS}, separators=(",", ":"))
        reply = self.turn("start", f"/start_interview{start}", ("question",))
        hinted = False
        # Follow-ups add turns: at most two per question, then the summary.
        for _ in range(2 * QUESTIONS + 1):
            if reply is not None and customs(reply, "summary"):
                INTERVIEWS["completed"] += 1
                return
            questions = customs(reply or [], "question")
            if not questions:
                break
            if not hinted:
                self.turn("hint", "/hint", ("hint",))
                hinted = True
            answers = ANSWERS.get(questions[-1]["question_id"]) or [FALLBACK_ANSWER]
            # "I don't know" to a follow-up moves on with its reference answer and no score.
            reply = self.turn("answer", random.choice(answers), ("feedback", "question", "summary"))
        INTERVIEWS["cut short"] += 1
