"""The coach console's reader on a tracker store Rasa itself wrote: a real interview through the
servers, read back as a session with its answers, scores, hint, evidence and commands."""

from __future__ import annotations

import re

from coach.reader import read_candidates
from coach.views import highlighted
from tests.e2e.test_rest_interview import BANK, customs, new_sender, only_question, start

SCRIPT = "<script>alert(1)</script> the variance is the mean squared deviation from the mean"


def test_the_reader_rebuilds_a_real_interview_from_rasas_store(servers):
    sender = new_sender()
    question = start(servers, sender, count=3)
    servers.say(sender, "repeat the question")
    first = BANK[question["question_id"]].reference_answers[0]
    reply = servers.say(sender, first)
    feedback, asked_next = customs(reply, "feedback")[0], only_question(reply)
    servers.say(sender, "can I get a hint?")
    servers.say(sender, SCRIPT)
    servers.say(sender, "stop the interview")

    url = f"sqlite:///file:{servers.workdir / 'tracker.db'}?mode=ro&uri=true"
    candidate = read_candidates(url)[sender]
    [session] = candidate.sessions
    assert (session.track, session.level, session.channel) == ("statistics", "junior", "rest")
    answers = session.answers
    assert [a.message.text for a in answers] == [first, SCRIPT]
    assert answers[0].question_id == question["question_id"] and answers[0].score == feedback["score"]
    assert not answers[0].hinted and answers[1].hinted and answers[1].max_score == 4.0
    assert answers[1].question == asked_next  # a follow-up or question 2
    # Every message is there in order, commands included.
    texts = [m.text for m in session.messages]
    assert texts.index("repeat the question") < texts.index(first) < texts.index("stop the interview")
    # The evidence sentences are the answer's own, and mark up inside the escaped answer.
    evidence = answers[0].feedback["evidence"]
    assert evidence and all(e is None or e in first for e in evidence)
    assert "<mark>" in highlighted(first, evidence)
    assert "&lt;script&gt;" in highlighted(SCRIPT, answers[1].feedback.get("evidence") or [])
    assert re.match(r"\d{4}-\d\d-\d\d", session.started.isoformat())
