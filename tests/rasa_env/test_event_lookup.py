"""Rasa's event lookup by name, remembered (bot/event_lookup.py): the same classes, the same
errors, and the walk over Event's subclasses done once a name."""

from __future__ import annotations

import pytest
import rasa.shared.utils.common
from rasa.shared.core.events import ActionExecuted, Event, SlotSet, UserUttered

from bot.event_lookup import remember_event_lookup


@pytest.fixture()
def walks(monkeypatch):
    counted = []
    walk = rasa.shared.utils.common.all_subclasses

    def counting(cls):
        if cls is Event:
            counted.append(cls)
        return walk(cls)

    monkeypatch.setattr(rasa.shared.utils.common, "all_subclasses", counting)
    monkeypatch.setattr(Event, "resolve_by_type", Event.__dict__["resolve_by_type"])
    return counted


def test_each_name_resolves_to_rasas_class_with_one_walk(walks):
    expected = {cls.type_name: Event.resolve_by_type(cls.type_name)
                for cls in rasa.shared.utils.common.all_subclasses(Event)}
    walks.clear()
    remember_event_lookup()
    for _ in range(3):
        assert {name: Event.resolve_by_type(name) for name in expected} == expected
    assert len(walks) == len(expected)
    slot = {"event": "slot", "name": "track", "value": "maths"}
    assert Event.from_parameters(slot) == SlotSet("track", "maths")
    assert isinstance(Event.from_parameters({"event": "user", "text": "hi", "parse_data": {}}), UserUttered)
    assert Event.resolve_by_type("action") is ActionExecuted


def test_an_unknown_name_still_gets_rasas_error_or_its_default(walks):
    remember_event_lookup()
    with pytest.raises(ValueError, match="Unknown event name 'no-such-event'"):
        Event.resolve_by_type("no-such-event")
    assert Event.resolve_by_type("no-such-event", default=SlotSet) is SlotSet
    with pytest.raises(ValueError):  # the default was not remembered for the name
        Event.resolve_by_type("no-such-event")
