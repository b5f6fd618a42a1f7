"""The app database: what the product itself writes, beside Rasa's tracker store (which stays
the source of truth for conversations and is only read). Coach accounts, score overrides with
their history, review marks, tags and comments (coach/); candidate progress (store/progress.py);
Slack study groups' schedules, posts, answers and handled deliveries (groups/).

SQLAlchemy: SQLite by default (`APP_DB_URL`, default sqlite:///.run/app.db), PostgreSQL by URL;
the schema is made and upgraded by Alembic migrations (store/migrations), never by create_all.
"""

from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

DEFAULT_URL = "sqlite:///.run/app.db"
MIGRATIONS = Path(__file__).parent / "migrations"


def database_url() -> str:
    return os.environ.get("APP_DB_URL", DEFAULT_URL)


def migrate(url: str) -> None:
    """Bring the schema to the newest migration (idempotent)."""
    from alembic import command
    from alembic.config import Config

    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    command.upgrade(config, "head")


def connect(url: str | None = None, upgrade: bool = True) -> sessionmaker[Session]:
    url = url or database_url()
    if upgrade:
        migrate(url)
    # PostgreSQL: a restarted server leaves dead connections in the pool; test each before use.
    engine = create_engine(url, future=True, pool_pre_ping=not url.startswith("sqlite"))
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
        # Every transaction takes the write lock at its start, so two read-modify-writes of one
        # row (two answers at once) run one after the other instead of losing one.
        event.listen(engine, "begin", lambda connection: connection.exec_driver_sql("BEGIN IMMEDIATE"))
    return sessionmaker(engine, expire_on_commit=False)


def _sqlite_pragmas(connection, _record) -> None:
    connection.isolation_level = None  # SQLAlchemy's "begin" event issues BEGIN itself
    cursor = connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


_PROCESS_SESSIONS: sessionmaker[Session] | None = None


def sessions() -> sessionmaker[Session]:
    """This process's sessions on `APP_DB_URL`, connected (and migrated) on first use."""
    global _PROCESS_SESSIONS
    if _PROCESS_SESSIONS is None:
        _PROCESS_SESSIONS = connect()
    return _PROCESS_SESSIONS


@contextmanager
def transaction(sessions: sessionmaker[Session]):
    with sessions() as session, session.begin():
        yield session


__all__ = ["DEFAULT_URL", "Engine", "connect", "database_url", "migrate", "sessions", "transaction"]
