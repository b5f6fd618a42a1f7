"""The tracker store `make run` uses: SQLite in write-ahead-log mode, each commit still synced,
and a turn that cannot be stored stops instead of running on an empty tracker."""

from __future__ import annotations

import asyncio
import sqlite3

import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.strict_tracker_store import StrictSQLTrackerStore, TrackerStoreUnavailable


def test_a_sqlite_tracker_store_keeps_its_events_in_wal_mode(tmp_path):
    path = tmp_path / "tracker.db"
    store = StrictSQLTrackerStore(Domain.empty(), dialect="sqlite", db=str(path))
    tracker = DialogueStateTracker.from_events("ada", [UserUttered("hello"), SlotSet("track", "statistics")])
    asyncio.run(store.save(tracker))
    with store.engine.connect() as connection:
        modes = [connection.exec_driver_sql(f"PRAGMA {p}").scalar() for p in ("journal_mode", "synchronous")]
    assert modes == ["wal", 2]  # 2: FULL, a commit is synced before it returns
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT count(*) FROM events WHERE sender_id = 'ada'").fetchone() == (2,)
    again = asyncio.run(store.retrieve("ada"))
    assert [e.as_dict()["event"] for e in again.events] == ["user", "slot"]


def test_a_store_that_cannot_write_stops_the_turn(tmp_path):
    path = tmp_path / "tracker.db"
    store = StrictSQLTrackerStore(Domain.empty(), dialect="sqlite", db=str(path))
    with sqlite3.connect(path) as db:
        db.execute("DROP TABLE events")
    with pytest.raises(TrackerStoreUnavailable):
        asyncio.run(store.save(DialogueStateTracker.from_events("ada", [UserUttered("hello")])))
