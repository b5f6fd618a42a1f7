"""The stock `rasa init` bot's user, as locust runs it: greet, say how they are, ask whether it
is a bot (its one SDK action, action_hello_world, answers too), say goodbye; start again. Each
turn fails unless the reply carries the stock text it should."""

from __future__ import annotations

import os
import uuid

from locust import HttpUser, between, constant_throughput, task

TURNS = (("greet", "hello there", "How are you"),
         ("mood", "I am great", "Great, carry on"),
         ("bot_challenge", "are you a bot?", "Hello World!"),
         ("goodbye", "bye", "Bye"))


def _wait_time():
    rate, users = float(os.environ.get("LOAD_RATE", "0")), int(os.environ.get("LOAD_USERS", "1"))
    return constant_throughput(rate / users) if rate > 0 else between(0, 0)


class StockUser(HttpUser):
    wait_time = _wait_time()

    @task
    def conversation(self) -> None:
        sender = f"stock-{uuid.uuid4().hex[:12]}"
        for name, message, expect in TURNS:
            post = self.client.post("/webhooks/rest/webhook", json={"sender": sender, "message": message},
                                    name=name, catch_response=True)
            with post as response:
                said = " / ".join(m.get("text", "") for m in (response.json() if response.ok else []))
                if expect not in said:
                    response.failure(f"HTTP {response.status_code}, no {expect!r} in {said[:80]!r}")
                    return
