"""Twenty interviews at once through nginx, over both replicas: every turn answered and stored in
its own conversation, none carrying another candidate's words."""

from __future__ import annotations

import json

from tests.e2e.concurrent import run_concurrently
from tests.scaled.interview import new_sender


def test_twenty_concurrent_interviews_cross_nothing_and_lose_nothing(cluster):
    senders = [new_sender("many") for _ in range(20)]
    failures = run_concurrently(cluster.say, senders, 600)
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
