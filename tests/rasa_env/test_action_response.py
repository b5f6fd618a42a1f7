"""Run by the Rasa environment (`make rasa-pytest`): Rasa's own classes, not stand-ins.

The action server's reply is validated once per call with the validator built once: valid
replies pass, invalid ones are refused with Rasa's message, and the channels install it."""

from __future__ import annotations

import pytest
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction

from bot import action_response


def remote() -> RemoteAction:
    return RemoteAction("action_score_answer", None)


def test_the_channels_install_the_validator():
    import bot.channels  # noqa: F401 - importing them installs it

    assert RemoteAction._validate_action_result is action_response.validate_action_result


def test_a_valid_reply_passes_and_an_invalid_one_is_refused_with_rasas_message():
    action_response.install()
    reply = {"events": [{"event": "slot", "name": "interview", "value": {"results": [1, 2]}}],
             "responses": [{"text": "Score: 4.0 / 5", "custom": {"type": "feedback"}}]}
    assert remote()._validate_action_result(reply)
    with pytest.raises(ValidationError, match="Failed to validate Action server response"):
        remote()._validate_action_result({"events": [{"name": "no event type"}], "responses": []})
    with pytest.raises(ValidationError):
        remote()._validate_action_result({"events": "not a list"})
