"""A Rasa replica killed mid-interview: the other takes the interview on, nothing is lost or
stored twice, and the script starts the killed one again."""

from __future__ import annotations

import os
import signal
import subprocess
import threading
import time

from bot.unavailable import UNAVAILABLE
from tests.e2e.test_rest_interview import customs, only_question, start
from tests.scaled.interview import (
    answer_all,
    answer_to,
    assert_each_answer_followed_once,
    bot_payloads,
    new_sender,
)


def test_a_replica_killed_mid_interview_loses_nothing_and_repeats_nothing(cluster):
    sender = new_sender("kill")
    question = start(cluster, sender, count=3)
    question = only_question(cluster.say(sender, answer_to(question, "before the kill")))
    # The replica that took the last turn dies; the next turns must go to the other.
    victim = cluster.replica_name(cluster.served_by(sender))
    old_pid = cluster.pid(victim)
    os.kill(old_pid, signal.SIGKILL)
    turns_before = len(cluster.sent[sender])

    summary = answer_all(cluster.say, sender, question)
    after_kill = [address for who, address in cluster.served if who == sender][turns_before:]
    assert all(cluster.replica_name(address) != victim for address in after_kill), after_kill
    assert summary["max_score"] > 0

    events = cluster.events(sender)
    assert [e["text"] for e in events if e["event"] == "user"] == cluster.sent[sender]
    assert_each_answer_followed_once(events)
    # store/ on PostgreSQL: the action servers logged one review per question asked.
    asked = [p["question_id"] for turn in bot_payloads(events) for p in turn
             if p["type"] == "question" and not p["follow_up"]]
    reviews = cluster.query("app", "SELECT question_id FROM progress_reviews WHERE candidate = :s "
                            "ORDER BY id", s=sender)
    assert [q for (q,) in reviews] == asked

    # The script starts a dead process again (bounded: a replica loads its model in minutes).
    deadline = time.time() + 600
    while not cluster.replica_up(victim) and time.time() < deadline:
        time.sleep(3)
    assert cluster.replica_up(victim), cluster.tail(f"{victim}.log")
    assert cluster.pid(victim) != old_pid
    print(f"\n{victim} killed after turn {turns_before}; {len(after_kill)} turns answered by the "
          "other; restarted")


def serving_replica(cluster) -> str | None:
    """The replica holding nginx's connection now (no upstream keepalive: one per request)."""
    ports = cluster.rasa_ports
    listing = subprocess.run(["ss", "-Htn", "state", "established"], capture_output=True,
                             text=True, timeout=10).stdout
    for line in listing.splitlines():
        local = line.split()[2]  # Recv-Q Send-Q Local Peer
        if local.rsplit(":", 1)[-1] in ports:
            return f"rasa-{ports.index(local.rsplit(':', 1)[-1]) + 1}"
    return None


def test_a_replica_killed_during_a_turn_is_not_resent_and_the_answer_sent_again_counts_once(cluster):
    # nginx never resends a POST that reached a replica: the caller gets the polite reply and
    # sends it again; the tracker holds it once. (The action server may have scored the first
    # one already: its progress review is not checked here.)
    sender = new_sender("midturn")
    question = start(cluster, sender, count=2)
    # A long answer keeps the scorer busy while the replica taking it is found and killed.
    answer = answer_to(question, "during the kill") + " The variance measures spread." * 40
    replies: dict = {}
    thread = threading.Thread(target=lambda: replies.setdefault("first", cluster.post(sender, answer)))
    thread.start()
    deadline, victim = time.time() + 10, None
    while victim is None and thread.is_alive() and time.time() < deadline:
        victim = serving_replica(cluster)
    if victim:
        os.kill(cluster.pid(victim), signal.SIGKILL)
    thread.join(180)
    first = replies["first"]
    served = first.headers.get("X-Served-By", "")
    print(f"\nkilled {victim} during a turn: {first.status_code}, served by {served}: {first.text[:80]}")
    assert victim, "no replica was seen taking the turn"
    assert "," not in served, f"nginx sent the turn to two replicas: {served}"
    if first.status_code == 503:
        assert first.json() == [{"recipient_id": sender, "text": UNAVAILABLE}]
        # The dead replica's ticket holds the conversation's Redis lock for its lifetime (60 s):
        # an answer sent again meanwhile waits, and gets the polite reply if the lock expires
        # under it (Rasa's LockError). The caller sends it again, as the reply says.
        for attempt in range(3):
            again = cluster.post(sender, answer)
            reply = again.json()
            print(f"sent again ({attempt + 1}): {again.status_code} {again.text[:80]}")
            if reply != [{"recipient_id": sender, "text": UNAVAILABLE}]:
                break
        assert again.status_code == 200, again.text
        cluster.sent[sender].append(answer)
    else:  # the turn ended between being seen and the kill
        assert first.status_code == 200, first.text
        cluster.sent[sender].append(answer)
        reply = first.json()
    assert customs(reply, "feedback")[0]["question_id"] == question["question_id"]
    assert cluster.user_texts(sender) == cluster.sent[sender]
    deadline = time.time() + 600
    while not cluster.replica_up(victim) and time.time() < deadline:
        time.sleep(3)
    assert cluster.replica_up(victim), cluster.tail(f"{victim}.log")
