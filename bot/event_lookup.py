"""Rasa's event lookup by type name, remembered.

Rasa 3.6 finds an event's class by walking every subclass of `Event` (26 of them, recursively,
each checked for abstract methods) for each event it reads: a tracker store rebuilding a
200-event interview did that walk 200 times a turn, half of the store's time. The classes do
not change while the server runs, so each name is looked up once; an unknown name still falls
through to Rasa's own lookup and its error.
"""

from __future__ import annotations

from typing import Any

_classes: dict[str, Any] = {}


def remember_event_lookup() -> None:
    from rasa.shared.core.events import Event

    if getattr(Event.resolve_by_type, "remembered", False):
        return
    walk = Event.resolve_by_type

    def resolve_by_type(type_name: str, default: Any = None) -> Any:
        found = _classes.get(type_name)
        if found is None:
            found = walk(type_name, default)
            if found is not None and found is not default:
                _classes[type_name] = found
        return found

    resolve_by_type.remembered = True
    Event.resolve_by_type = staticmethod(resolve_by_type)
