"""Three-question interviews run side by side, one thread per candidate: what the fault matrix
(one Rasa server) and the scaled setup (two replicas behind nginx) both drive."""

from __future__ import annotations

import threading
from collections.abc import Callable

from tests.e2e.test_rest_interview import customs, text_of

START = '/start_interview{"track":"algorithms","level":"junior","questions":3}'


def interview_messages(sender: str) -> list[str]:
    """What each candidate sends, naming the sender so a crossed conversation shows."""
    return [START] + [f"answer {n} from {sender}: gradient descent steps against the gradient"
                      for n in range(3)]


def run_concurrently(say: Callable[[str, str], list[dict]], senders: list[str],
                     timeout: float) -> list[str]:
    """Every sender's interview in a thread of its own through `say(sender, message)`; the
    failures: a turn with no reply, or any error."""
    failures: list[str] = []

    def interview(sender: str) -> None:
        try:
            for message in interview_messages(sender):
                reply = say(sender, message)
                if not text_of(reply).strip() and not customs(reply, "question"):
                    failures.append(f"{sender}: no reply to {message!r}")
        except Exception as error:  # noqa: BLE001 - every thread's failure is reported
            failures.append(f"{sender}: {error!r}")

    threads = [threading.Thread(target=interview, args=(s,)) for s in senders]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout)
    return failures
