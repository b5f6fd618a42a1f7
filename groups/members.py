"""A Slack member's conversations, in the one format every part reads. Pure, standard library
only: the Rasa server's connector (bot/slack.py) names conversations with it, and the action
server (progress, the coach console, `make forget`) maps them back to the member.

A member has one conversation per thread, `slack:<user>:<channel>:<thread>` (a DM without a
thread: `slack:<user>:<channel>`), and one progress record, `slack:<user>`.
"""

from __future__ import annotations

import re

PREFIX = "slack:"
_MEMBER = re.compile(r"slack:[A-Z0-9]+")


def conversation_id(user: str, channel: str, thread: str | None) -> str:
    return f"{PREFIX}{user}:{channel}:{thread}" if thread else f"{PREFIX}{user}:{channel}"


def member_id(user: str) -> str:
    return PREFIX + user


def candidate_of(sender_id: str) -> str:
    """Whose practice a conversation is: the member for a Slack thread, else the sender itself."""
    if sender_id.startswith(PREFIX):
        return ":".join(sender_id.split(":")[:2])
    return sender_id


def is_member(candidate: str) -> bool:
    return _MEMBER.fullmatch(candidate) is not None


def user_of(candidate: str) -> str | None:
    """The Slack user id of a member (`slack:<user>`), else None."""
    return candidate[len(PREFIX):] if is_member(candidate) else None


def conversations_of(candidate: str) -> str:
    """A LIKE pattern for a Slack member's thread conversations; one that matches nothing for
    anyone else (a REST sender or a chat-page session is its one conversation)."""
    return candidate + ":%" if is_member(candidate) else "\x00"
