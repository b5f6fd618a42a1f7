"""What the candidate sees: message texts and the custom payloads that the widget, Slack and the
tests read. The payload shapes are the contract described in the README."""

from __future__ import annotations

from collections import defaultdict

from actions import questions
from actions.interview import Interview, Result
from actions.parameters import start_payload
from questionbank import Question
from retrieval import ScoreResult


def question_message(interview: Interview, question: Question) -> tuple[str, dict]:
    number = interview.position + 1
    follow_up = interview.follow_up is not None
    if follow_up:
        text = f"Follow-up on question {number}: {interview.follow_up.question}"
    else:
        text = (f"Question {number} of {len(interview.queue)} "
                f"({question.track}, {question.topic}, {question.difficulty}): {question.question}")
    payload = {
        "type": "question",
        "question_id": question.id,
        "track": question.track,
        "topic": question.topic,
        "difficulty": question.difficulty,
        "number": number,
        "total": len(interview.queue),
        "follow_up": follow_up,
    }
    return text, payload


def other_question(question_id: str) -> str | None:
    """The text of the question an answer fits better, to show the candidate the mix-up."""
    question = questions.by_id().get(question_id)
    return question.question if question else None


def hint_message(question: Question, text: str) -> tuple[str, dict]:
    return text, {"type": "hint", "question_id": question.id}


def _bar(score: float, max_score: float) -> str:
    filled = round(10 * score / max_score) if max_score else 0
    return "#" * filled + "-" * (10 - filled)


def feedback_message(question: Question, result: ScoreResult, score: float, max_score: float,
                     model_answer: str) -> tuple[str, dict]:
    lines = [f"Score: {score:.1f} / {max_score:.1f}  [{_bar(score, max_score)}]"]
    flags = result.flags
    if flags.non_answer:
        lines.append("That doesn't read as an answer to the question, so it scores 0.")
    elif flags.restated_question:
        lines.append("That mostly restates the question; say what you know about it.")
    elif flags.better_fit_question:
        other = other_question(flags.better_fit_question)
        lines.append("That answer fits a different question better than this one"
                     + (f" (\"{other}\")." if other else "."))
    elif flags.no_claim:
        lines.append("I couldn't find any of the key points stated as a claim: say how the "
                     "ideas relate, not only which terms matter.")
    elif flags.too_short:
        lines.append("That's too short to judge well; a sentence or two more would help.")
    if result.truncated:
        lines.append("Your answer was very long, so I scored its beginning only.")
    if result.covered:
        lines.append("Covered:")
        lines += [f"  + {m.text}" for m in result.covered]
    if result.missed:
        lines.append("Missed:")
        lines += [f"  - {m.text}" + ("  (you stated the opposite)" if m.contradicted else "")
                  for m in result.missed]
    lines.append(f"Model answer: {model_answer}")
    payload = {
        "type": "feedback",
        "question_id": question.id,
        "score": score,
        "max_score": max_score,
        "covered": [m.text for m in result.covered],
        "evidence": [m.evidence for m in result.covered],  # the answer's sentence for each covered point
        "missed": [m.text for m in result.missed],
        "contradicted": [m.text for m in result.key_points if m.contradicted],
        "model_answer": model_answer,
        "flags": result.to_dict()["flags"],
    }
    return "\n".join(lines), payload


def revealed_message(question: Question, status: str, max_score: float) -> tuple[str, dict]:
    """Feedback when the candidate passed ("I don't know", "show the answer")."""
    lead = {"dont_know": "No problem, that one scores 0. Here's a model answer:",
            "shown": "Here's a model answer (the question scores 0 since you saw it):"}[status]
    points = [k.text for k in question.key_points]
    text = "\n".join([lead, question.reference_answers[0], "Key points:",
                      *[f"  - {p}" for p in points]])
    payload = {"type": "feedback", "question_id": question.id, "score": 0.0,
               "max_score": max_score, "covered": [], "missed": points, "contradicted": [],
               "model_answer": question.reference_answers[0]}
    return text, payload


def _ratio(results: list[Result]) -> float:
    total = sum(r.max_score for r in results)
    return sum(r.score for r in results) / total if total else 0.0


def _totals(results: list[Result]) -> dict[str, float]:
    return {"score": round(sum(r.score for r in results), 1),
            "max_score": round(sum(r.max_score for r in results), 1)}


def summary_message(interview: Interview,
                    earlier: dict | None = None) -> tuple[str, dict, list[dict]]:
    """`earlier`: (track, topic) -> the candidate's scores (0-5) on it in earlier sessions."""
    results = interview.results
    earlier = earlier or {}
    by_track: dict[str, list[Result]] = defaultdict(list)
    by_topic: dict[tuple[str, str], list[Result]] = defaultdict(list)
    for result in results:
        by_track[result.track].append(result)
        by_topic[(result.track, result.topic)].append(result)
    total = _totals(results)
    per_track = {
        track: {**_totals(group),
                "topics": {topic: _totals(g) for (t, topic), g in by_topic.items() if t == track}}
        for track, group in by_track.items()
    }
    weakest = sorted(by_topic.items(), key=lambda kv: _ratio(kv[1]))[:2]
    if not results:
        text = "The interview ended before any question was answered, so there's nothing to score."
    else:
        lines = [f"Interview summary: {total['score']:.1f} / {total['max_score']:.1f} "
                 f"over {len(results)} question(s)."]
        for track, totals in per_track.items():
            lines.append(f"  {track}: {totals['score']:.1f} / {totals['max_score']:.1f}")
            for topic, t in totals["topics"].items():
                before = earlier.get((track, topic))
                now = 5 * t["score"] / t["max_score"] if t["max_score"] else 0.0
                change = (f"  (earlier {sum(before) / len(before):.1f} -> now {now:.1f} of 5)"
                          if before else "")
                lines.append(f"    {topic}: {t['score']:.1f} / {t['max_score']:.1f}{change}")
        weak = [(key, group) for key, group in weakest if _ratio(group) < 0.8]
        if weak:
            lines.append("What to study next:")
            for (track, topic), group in weak:
                missed = [m for r in group for m in r.missed][:2]
                detail = ("; review: " + "; ".join(missed)) if missed else ""
                lines.append(f"  - {topic} ({track}){detail}")
        else:
            lines.append("Strong work across the board. Try a harder level next.")
        text = "\n".join(lines)
    payload = {"type": "summary", "per_track": per_track, **total,
               "weakest_topics": [topic for (_, topic), _ in weakest], "questions": len(results),
               "earlier": {f"{track}/{topic}": round(sum(s) / len(s), 2)
                           for (track, topic), s in earlier.items()
                           if any(r.track == track and r.topic == topic for r in results)}}
    buttons = [
        {"title": "Go again (same settings)",
         "payload": start_payload(interview.track, interview.level, interview.total, topic=interview.topic)},
        {"title": "Choose another track", "payload": start_payload()},
    ]
    return text, payload, buttons


def progress_message(progress: dict) -> tuple[str, dict, list[dict]]:
    """The candidate's progress: mastery per topic (0-1) as bars, what is due, the streak."""
    topics = progress["topics"]
    if not topics:
        text = "No answers on record yet: finish a question or two and I'll track your progress."
    else:
        lines = [f"Your progress: {progress['sessions']} session(s), a {progress['streak_days']}-day streak."]
        for t in sorted(topics, key=lambda t: t["mastery"]):
            bar = _bar(5 * t["mastery"], 5.0)
            due = f", {t['due']} due for review" if t["due"] else ""
            lines.append(f"  {t['topic']} ({t['track']}): [{bar}] {100 * t['mastery']:.0f}% "
                         f"over {t['answered']} answer(s){due}")
        text = "\n".join(lines)
    weakest = min(topics, key=lambda t: t["mastery"]) if topics else None
    buttons = [{"title": f"Practise my weak topics ({weakest['topic']})",
                "payload": start_payload(weakest["track"], topic=weakest["topic"])}] if weakest else []
    return text, progress, buttons
