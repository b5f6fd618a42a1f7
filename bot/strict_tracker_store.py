"""Rasa's SQL tracker store, failing a turn when the database is unreachable.

Rasa wraps every tracker store in FailSafeTrackerStore, which catches any Exception: with
PostgreSQL down, a candidate's turn ran on an empty in-memory tracker ("There's no interview
running") and was saved nowhere. This store raises TrackerStoreUnavailable instead, which that
wrapper does not catch, so the turn stops and bot/polite_channels.py answers politely.

On SQLite (`make run`) the file is put in write-ahead-log mode: a commit is one append and one
fsync instead of a rollback journal written, synced and deleted, and readers never wait on it.
Each commit is still synced (synchronous stays FULL), so a turn acknowledged is a turn kept.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
import sqlalchemy.exc
from rasa.core.tracker_store import SQLTrackerStore, create_engine_kwargs


class TrackerStoreUnavailable(BaseException):  # noqa: N818 - not an Exception, on purpose (above)
    """The tracker store could not be read or written: the turn is not stored."""


class StrictSQLTrackerStore(SQLTrackerStore):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A restarted PostgreSQL leaves dead connections in the pool: test each before use, or
        # the first turn after the restart would fail.
        url = self.engine.url
        self.engine.dispose()
        self.engine = sa.create_engine(url, pool_pre_ping=True, **create_engine_kwargs(url))
        if self.engine.dialect.name == "sqlite":
            sa.event.listen(self.engine, "connect", _write_ahead_log)
        self.sessionmaker = sa.orm.session.sessionmaker(bind=self.engine)

    async def retrieve(self, sender_id: str) -> Any:
        try:
            return await super().retrieve(sender_id)
        except sqlalchemy.exc.SQLAlchemyError as error:
            raise TrackerStoreUnavailable(str(error)) from error

    async def retrieve_full_tracker(self, conversation_id: str) -> Any:
        try:
            return await super().retrieve_full_tracker(conversation_id)
        except sqlalchemy.exc.SQLAlchemyError as error:
            raise TrackerStoreUnavailable(str(error)) from error

    async def save(self, tracker: Any) -> None:
        try:
            await super().save(tracker)
        except sqlalchemy.exc.SQLAlchemyError as error:
            raise TrackerStoreUnavailable(str(error)) from error


def _write_ahead_log(connection: Any, _record: Any) -> None:
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.close()
