"""The scaled setup's channels: bot/channels.py's, plus a polite reply when a turn fails inside
Rasa (the tracker store or the lock store is unreachable, bot/strict_tracker_store.py). Such a turn
was not stored, so bot/channels.py's apology ("your message is saved") would be wrong, and what
the bot said before the failure is dropped: it answered a turn that does not exist.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import OutputChannel, UserMessage

from bot.channels import ReplyingRestInput, ReplyingSocketIOInput
from bot.strict_tracker_store import TrackerStoreUnavailable
from bot.unavailable import UNAVAILABLE

logger = logging.getLogger(__name__)


class _HeldOutput(OutputChannel):
    """Holds a turn's messages until the turn is stored."""

    def __init__(self, inner: OutputChannel) -> None:
        self.inner = inner
        self.held: list[tuple[str, dict[str, Any]]] = []

    @classmethod
    def name(cls) -> str:
        return "held"

    def __getattr__(self, attribute: str) -> Any:
        return getattr(self.inner, attribute)

    async def send_response(self, recipient_id: str, message: dict[str, Any]) -> None:
        self.held.append((recipient_id, message))


def polite_on_failure(
    on_new_message: Callable[[UserMessage], Awaitable[Any]]
) -> Callable[[UserMessage], Awaitable[Any]]:
    async def handle(message: UserMessage) -> None:
        real = message.output_channel
        held = message.output_channel = _HeldOutput(real)
        try:
            await on_new_message(message)
        except asyncio.CancelledError:
            # Sanic's response timeout: Rasa answers with what was collected, so say it politely
            # (the turn stopped before its save), then let the cancellation go on.
            logger.error("a turn of %s timed out and was not stored", message.sender_id)
            await real.send_response(message.sender_id, {"text": UNAVAILABLE})
            raise
        except (Exception, TrackerStoreUnavailable) as error:  # noqa: BLE001 - the turn is lost either way
            logger.error("a turn of %s was not stored: %s", message.sender_id, error)
            # send_response: the real output may be bot/channels.py's counting wrapper, which
            # passes on that call only.
            await real.send_response(message.sender_id, {"text": UNAVAILABLE})
            return
        for recipient_id, response in held.held:
            await real.send_response(recipient_id, response)

    return handle


class PoliteRestInput(ReplyingRestInput):
    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]):
        return super().blueprint(polite_on_failure(on_new_message))


class PoliteSocketIOInput(ReplyingSocketIOInput):
    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]):
        return super().blueprint(polite_on_failure(on_new_message))
