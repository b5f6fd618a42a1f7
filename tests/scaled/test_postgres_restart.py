"""PostgreSQL stopped mid-interview: a turn gets the polite reply at once and is not stored; once
it is back, the interview goes on from where it was."""

from __future__ import annotations

import time

from bot.unavailable import UNAVAILABLE
from tests.e2e.test_rest_interview import customs, only_question, start
from tests.scaled.interview import answer_to, new_sender


def test_a_turn_while_postgres_is_down_is_refused_politely_and_the_interview_resumes(cluster):
    sender = new_sender("pg")
    first = start(cluster, sender, count=3)
    second = only_question(cluster.say(sender, answer_to(first, "before the restart")))
    answer = answer_to(second, "across the restart")

    cluster.postgres("stop")
    try:
        began = time.perf_counter()
        # A bound, not a measurement: a hang would fail here instead of holding the suite.
        refused = cluster.post(sender, answer, timeout=30)
        took = time.perf_counter() - began
    finally:
        cluster.postgres("start")
    print(f"\nwith PostgreSQL down the turn was answered in {took:.2f} s: {refused.status_code}")
    assert refused.status_code == 200, refused.text
    assert refused.json() == [{"recipient_id": sender, "text": UNAVAILABLE}]

    reply = cluster.say(sender, answer)
    assert customs(reply, "feedback")[0]["question_id"] == second["question_id"]
    following = only_question(reply)
    assert following["number"] == second["number"] + (0 if following["follow_up"] else 1)
    # The refused turn was stored nowhere; the one sent again is stored once.
    assert cluster.user_texts(sender) == cluster.sent[sender]
    assert cluster.sent[sender].count(answer) == 1
