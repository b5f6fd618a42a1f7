"""The console's exports: CSV of every scored answer, a Markdown transcript per session, and
coach overrides as graded answers for the scorer's calibration (`make export-graded`)."""

from __future__ import annotations

import csv
import io
import json

from coach.reader import Candidate, Session

CSV_COLUMNS = ["candidate", "session", "time", "channel", "question_id", "track", "topic", "level",
               "automatic score", "coach score", "reviewer", "flags"]


def _safe_cell(value: str) -> str:
    """A cell a spreadsheet would run as a formula (=, +, -, @) is prefixed with a quote."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def answers_csv(candidates: dict[str, Candidate], coach_scores: dict) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for candidate in candidates.values():
        for session in candidate.sessions:
            for answer in session.answers:
                coach = coach_scores.get((session.sender_id, answer.message.at))
                writer.writerow([_safe_cell(str(v)) for v in [
                    candidate.sender_id, session.started.isoformat(timespec="seconds"),
                    answer.message.when.isoformat(timespec="seconds"), answer.message.channel,
                    answer.question_id, answer.question.get("track", ""),
                    answer.question.get("topic", ""), answer.question.get("difficulty", ""),
                    f"{answer.score:.1f}", f"{coach[0]:.1f}" if coach else "",
                    coach[1] if coach else "", " ".join(answer.flags)]])
    return out.getvalue()


def session_markdown(session: Session, coach_scores: dict, questions: dict) -> str:
    """Every message in place; each answer with its score (and the coach's), the key points
    covered, missed and contradicted, and the model answer."""
    lines = [f"# Interview of {session.sender_id}, {session.started:%Y-%m-%d %H:%M} UTC", "",
             f"Channel: {session.channel or 'unknown'}. Track: {session.track}. Level: {session.level}.", ""]
    by_message = {a.message.at: a for a in session.answers}
    for message in session.messages:
        answer = by_message.get(message.at)
        quoted = [f"> {line}" for line in (message.text or "(empty message)").splitlines() or [""]]
        if answer is None:
            lines += [f"*Candidate ({message.intent or 'message'}):*", "", *quoted, ""]
            for reply in message.replies:
                question = (reply.get("custom") or {})
                if question.get("type") == "question":
                    text = questions.get(question["question_id"], question["question_id"])
                    lines += [f"## Question {question['number']} of {question['total']}"
                              + (" (follow-up)" if question.get("follow_up") else ""),
                              "", f"{question.get('track')} / {question.get('topic')} / "
                              f"{question.get('difficulty')}: {text}", ""]
            continue
        feedback = answer.feedback
        coach = coach_scores.get((session.sender_id, message.at))
        lines += ["**Answer:**", "", *quoted, "",
                  f"**Score {answer.score:.1f} / {answer.max_score:.1f}**"
                  + (" (hint used)" if answer.hinted else "")
                  + (f"; coach score {coach[0]:.1f} by {coach[1]}" if coach else ""), ""]
        lines += [f"- [x] {p}" for p in feedback.get("covered", [])]
        lines += [f"- [ ] {p}" + (" (contradicted)" if p in feedback.get("contradicted", []) else "")
                  for p in feedback.get("missed", [])]
        if feedback.get("model_answer"):
            lines += ["", f"Model answer: {feedback['model_answer']}"]
        lines.append("")
    return "\n".join(lines)


def graded_rows(candidates: dict[str, Candidate], histories: dict) -> list[dict]:
    """Coach overrides in the graded set's format (data/graded/README.md), the coach as grader.
    `make export-graded` writes them to data/graded/coach/, which `make calibrate` fits on and
    `make eval` never reads: no split the scorer is evaluated on holds them."""
    rows = []
    for candidate in candidates.values():
        for session in candidate.sessions:
            for answer in session.answers:
                changes = histories.get((session.sender_id, answer.message.at))
                if not changes or changes[-1].new is None or answer.question.get("follow_up"):
                    continue
                rows.append({"question_id": answer.question_id, "answer": answer.message.text,
                             "grade": changes[-1].new, "category": "coach_override", "style": "",
                             "reason": changes[-1].comment, "grader": f"coach:{changes[-1].coach}",
                             "conversation": f"{session.sender_id}@{answer.message.at!r}"})
    return rows


def graded_jsonl(rows: list[dict]) -> str:
    return "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
