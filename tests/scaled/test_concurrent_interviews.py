"""Twenty interviews at once through nginx, over both replicas: every turn answered and stored in
its own conversation, none carrying another candidate's words."""

from __future__ import annotations

import json
import threading

from tests.e2e.test_rest_interview import customs, text_of
from tests.scaled.interview import new_sender


def test_twenty_concurrent_interviews_cross_nothing_and_lose_nothing(cluster):
    senders = [new_sender("many") for _ in range(20)]
    failures: list[str] = []

    def interview(sender: str) -> None:
        try:
            cluster.say(sender, '/start_interview{"track":"algorithms","level":"junior","questions":3}')
            for n in range(3):
                reply = cluster.say(sender, f"answer {n} from {sender}: gradient descent steps "
                                            "against the gradient")
                if not text_of(reply).strip() and not customs(reply, "question"):
                    failures.append(f"{sender}: no reply to answer {n}")
        except Exception as error:  # noqa: BLE001 - every thread's failure is reported
            failures.append(f"{sender}: {error!r}")

    threads = [threading.Thread(target=interview, args=(s,)) for s in senders]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(600)
    assert not failures, failures

    replicas = {cluster.replica_name(a) for who, a in cluster.served if who in senders}
    print(f"\n{sum(who in senders for who, _ in cluster.served)} turns over {sorted(replicas)}")
    assert len(replicas) == 2, replicas
    for sender in senders:
        events = cluster.events(sender)
        assert [e["text"] for e in events if e["event"] == "user"] == cluster.sent[sender]
        stored = json.dumps(events)
        crossed = [other for other in senders if other != sender and other in stored]
        assert not crossed, f"{sender}'s conversation holds {crossed}"
