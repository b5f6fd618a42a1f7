"""Slack Block Kit for every message of the payload contract (README, "Payloads"), and for the
question of the day. Pure, standard library only: the Rasa server's Slack connector
(bot/slack.py) and the action server's study-group service both render with it.

Each function returns `{"text": fallback, "blocks": [...]}`: Slack shows `text` in
notifications and to clients that cannot draw blocks.
"""

from __future__ import annotations

import re

SECTION_LIMIT = 3000  # Slack's limit on a section's text
BUTTONS_PER_BLOCK = 25
# During a question: the commands a candidate may press instead of typing.
QUESTION_BUTTONS = (("Hint", "/hint"), ("Repeat", "/repeat_question"), ("Skip", "/skip_question"),
                    ("Show answer", "/show_answer"))
_QUESTION_PREFIX = re.compile(r"^(?:Question \d+ of \d+ \([^)]*\)|Follow-up on question \d+): ")


def escape(text: str) -> str:
    """Slack's mrkdwn reads &, < and > as markup: a candidate's or the bank's text must not."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _cut(text: str, limit: int = SECTION_LIMIT) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def section(text: str) -> dict:
    return {"type": "section", "text": {"type": "mrkdwn", "text": _cut(text)}}


def context(text: str) -> dict:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": _cut(text)}]}


def buttons(pairs: list[tuple[str, str]]) -> list[dict]:
    """(title, payload) pairs as actions blocks; a pressed button sends its payload as a message."""
    elements = [{"type": "button", "text": {"type": "plain_text", "text": title[:75]},
                 "value": payload[:2000], "action_id": f"press_{i}"}
                for i, (title, payload) in enumerate(pairs)]
    return [{"type": "actions", "elements": elements[i:i + BUTTONS_PER_BLOCK]}
            for i in range(0, len(elements), BUTTONS_PER_BLOCK)]


def bar(score: float, max_score: float) -> str:
    filled = round(10 * score / max_score) if max_score else 0
    return "▰" * filled + "▱" * (10 - filled)


def _lines(marker: str, points: list[str]) -> str:
    return "\n".join(f"{marker} {escape(p)}" for p in points)


def feedback_blocks(payload: dict, notes: list[str] = (), model_answer: bool = True) -> list[dict]:
    """Score with a bar; ✓ covered, ✗ missed, ⚠ contradicted; the model answer folded into a
    context block at the end."""
    score, max_score = payload.get("score", 0.0), payload.get("max_score", 5.0)
    blocks = [section(f"*Score {score:.1f} / {max_score:.1f}*   {bar(score, max_score)}")]
    if notes:
        blocks.append(section("\n".join(escape(n) for n in notes)))
    contradicted = payload.get("contradicted") or []
    missed = [m for m in payload.get("missed") or [] if m not in contradicted]
    for marker, title, points in (("✓", "Covered", payload.get("covered") or []),
                                  ("✗", "Missed", missed), ("⚠", "Contradicted", contradicted)):
        if points:
            blocks.append(section(f"*{title}*\n{_lines(marker, points)}"))
    if model_answer and payload.get("model_answer"):
        blocks.append(context(f"*Model answer:* {escape(payload['model_answer'])}"))
    return blocks


def feedback_notes(text: str) -> list[str]:
    """The feedback text's remarks (non-answer, too short...) between the score line and the lists."""
    notes = []
    for line in text.splitlines()[1:]:
        if line.startswith(("Covered:", "Missed:", "Model answer:", "  ")):
            break
        notes.append(line)
    return notes


def _question(text: str, payload: dict) -> list[dict]:
    where = (f"Follow-up on question {payload.get('number')}" if payload.get("follow_up") else
             f"Question {payload.get('number')} of {payload.get('total')}")
    label = " · ".join(str(payload[k]) for k in ("track", "topic", "difficulty") if payload.get(k))
    return [context(f"*{where}*  ·  {escape(label)}"),
            section(escape(_QUESTION_PREFIX.sub("", text))),
            *buttons(list(QUESTION_BUTTONS))]


def _summary(text: str, payload: dict) -> list[dict]:
    rows = [("Track", "Topic", "Score")]
    for track, totals in payload.get("per_track", {}).items():
        rows.append((track, "(all)", f"{totals['score']:.1f} / {totals['max_score']:.1f}"))
        for topic, t in totals.get("topics", {}).items():
            rows.append(("", topic, f"{t['score']:.1f} / {t['max_score']:.1f}"))
    widths = [max(len(r[i]) for r in rows) for i in range(3)]
    table = "\n".join("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip()
                      for row in rows)
    lines = text.splitlines()
    advice = lines[lines.index("What to study next:"):] if "What to study next:" in lines else lines[-1:]
    return [section(f"*Interview summary: {payload.get('score', 0):.1f} / "
                    f"{payload.get('max_score', 0):.1f}* over {payload.get('questions', 0)} question(s)"),
            section(f"```{escape(table)}```"),
            section(escape("\n".join(advice)))] if payload.get("questions") else [section(escape(text))]


def _progress(text: str, payload: dict) -> list[dict]:
    topics = sorted(payload.get("topics", []), key=lambda t: t["mastery"])
    if not topics:
        return [section(escape(text))]
    lines = [f"{bar(5 * t['mastery'], 5.0)}  *{escape(t['topic'])}* ({t['track']}) "
             f"{100 * t['mastery']:.0f}%" + (f", {t['due']} due" if t.get("due") else "")
             for t in topics]
    return [section(f"*Your progress:* {payload.get('sessions', 0)} session(s), "
                    f"a {payload.get('streak_days', 0)}-day streak"), section("\n".join(lines))]


def bot_message(text: str, custom: dict | None = None,
                button_pairs: list[tuple[str, str]] | None = None) -> dict:
    """One bot turn (text, its custom payload, its buttons) as one Slack message."""
    custom = custom or {}
    kind = custom.get("type")
    if kind == "question":
        blocks = _question(text, custom)
    elif kind == "feedback":
        blocks = feedback_blocks(custom, feedback_notes(text) if "Score:" in text.split("\n")[0] else
                                 [text.split("\n")[0]])
    elif kind == "summary":
        blocks = _summary(text, custom)
    elif kind == "progress":
        blocks = _progress(text, custom)
    elif kind == "hint":
        blocks = [section(f"💡 {escape(text)}")]
    else:
        blocks = [section(escape(text))] if text else []
    blocks += buttons(button_pairs or [])
    return {"text": _cut(text or "…", 3000), "blocks": blocks}


# The question of the day ---------------------------------------------------------------------

def qotd_question(question: dict, reveal: str) -> dict:
    """`question`: id, question, track, topic, difficulty. `reveal`: when, in words."""
    label = " · ".join(question[k] for k in ("track", "topic", "difficulty"))
    return {"text": f"Question of the day: {question['question']}",
            "blocks": [{"type": "header", "text": {"type": "plain_text", "text": "Question of the day"}},
                       context(escape(label)),
                       section(escape(question["question"])),
                       context(f"Reply in this thread. Your score comes to you alone; the model "
                               f"answer and the ranking are revealed {escape(reveal)}.")]}


def qotd_feedback(payload: dict, notes: list[str] = ()) -> dict:
    """The private feedback on a member's answer: no model answer, which waits for the reveal."""
    return {"text": f"Your answer to the question of the day scores {payload['score']:.1f} / 5.",
            "blocks": [context("*Your answer to the question of the day* (only you can see this)"),
                       *feedback_blocks(payload, notes, model_answer=False)]}


def qotd_reveal(question: dict, model_answer: str, key_points: list[str],
                ranking: list[dict], shares: list[float]) -> dict:
    """`ranking`: [{member, score}] best first; `shares[i]`: the share of answers covering
    key point i."""
    points = "\n".join(f"{bar(10 * s, 10)} {100 * s:.0f}%  {escape(k)}" for k, s in zip(key_points, shares))
    if ranking:
        medals = ["🥇", "🥈", "🥉"]
        rank = "\n".join(f"{medals[i] if i < 3 else f'{i + 1}.'} <@{r['member']}>  {r['score']:.1f} / 5"
                         for i, r in enumerate(ranking))
    else:
        rank = "Nobody answered this one."
    return {"text": f"The answer to the question of the day: {model_answer}",
            "blocks": [{"type": "header", "text": {"type": "plain_text", "text": "The reveal"}},
                       section(f"*Model answer:* {escape(model_answer)}"),
                       section(f"*Key points, and the share of the group that covered each*\n{points}"),
                       section(f"*Today's ranking* ({len(ranking)} answer(s))\n{rank}")]}


def leaderboard(week: str, rows: list[dict], note: str = "") -> dict:
    """`rows`: [{member, points, answers, streak}] best first."""
    if rows:
        body = "\n".join(f"{i + 1}. <@{r['member']}>  *{r['points']:.1f}* points, {r['answers']} answer(s)"
                         + (f", 🔥 {r['streak']}-day streak" if r["streak"] >= 2 else "")
                         for i, r in enumerate(rows))
    else:
        body = "No answers this week yet."
    return {"text": f"Leaderboard for {week}",
            "blocks": [{"type": "header", "text": {"type": "plain_text", "text": f"Leaderboard, {week}"}},
                       *([context(escape(note))] if note else []),
                       section(body),
                       context("Points: each day's score (0-5), plus 1 for every answer on a streak "
                               "of 3 days or more.")]}


def text_only(text: str) -> dict:
    return {"text": text, "blocks": [section(escape(text))]}
