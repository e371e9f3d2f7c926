"""Snapshots of a test process's database: the norm as `make run` loads it, and the demo world,
each made once per process and put back whole in a fraction of a second.

Between two tests the database always holds the norm and nothing else: a test that runs in a
transaction rolls back to it, and a test that commits (a live server, a worker process) gets
the norm's snapshot back afterwards, instead of Django's flush and a reload of the norm from
YAML (2.7 s a test). A test that reads the demo world gets the demo's snapshot, built once.

- SQLite: a copy in memory, made and put back with SQLite's backup API (page by page; the
  demo's 7 MB in about 6 ms).
- PostgreSQL: a schema per snapshot in the test database, its tables copied; putting one back
  empties every table and copies the rows back in one transaction (the norm in about 0.05 s,
  the demo in 0.8 s).
  Every connection to the database stays valid (a live server's threads, a worker process).

Restoring the whole database also puts its id sequences back: every test starts from the
same ids, on both databases.
"""

import sqlite3

from django.db import connection, transaction


class SqliteSnapshots:
    def __init__(self):
        self._copies: dict[str, sqlite3.Connection] = {}

    def take(self, name: str) -> None:
        connection.ensure_connection()
        copy = sqlite3.connect(":memory:", check_same_thread=False)
        connection.connection.backup(copy)
        self._copies[name] = copy

    def restore(self, name: str) -> None:
        connection.ensure_connection()
        self._copies[name].backup(connection.connection)

    def drop_all(self) -> None:
        for copy in self._copies.values():
            copy.close()
        self._copies.clear()


class PostgresSnapshots:
    """A schema per snapshot in the test database itself: a copy of every table and the
    sequences' values. Putting one back empties every table and copies the rows back in one
    transaction (the foreign keys are checked at its end; DELETE, as the tables are small:
    TRUNCATE made a file anew per table and took ten times as long), so every
    connection to the database stays valid: a live server's threads, a worker process, and a
    second connection Django may hold in this thread for another context (the browser
    tests' event loop)."""

    def __init__(self):
        self._tables: list[str] = []
        self._names: set[str] = set()

    @staticmethod
    def _schema(name: str) -> str:
        return f"snapshot_{name}"

    def take(self, name: str) -> None:
        schema = self._schema(name)
        with transaction.atomic(), connection.cursor() as cursor:
            self._tables = sorted(connection.introspection.table_names(cursor))
            cursor.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
            cursor.execute(f'CREATE SCHEMA "{schema}"')
            for table in self._tables:
                cursor.execute(f'CREATE TABLE "{schema}"."{table}" AS TABLE public."{table}"')
            cursor.execute(
                f'CREATE TABLE "{schema}"._sequences AS SELECT sequencename, last_value '  # noqa: S608 - our schema's name
                "FROM pg_sequences WHERE schemaname = 'public'"
            )
        self._names.add(name)

    def restore(self, name: str) -> None:
        schema = self._schema(name)
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL lock_timeout = '30s'")
            for table in self._tables:
                # Table and schema names of our own, not input.
                cursor.execute(f'DELETE FROM public."{table}"')  # noqa: S608
                cursor.execute(f'INSERT INTO public."{table}" SELECT * FROM "{schema}"."{table}"')  # noqa: S608
            cursor.execute(
                f'SELECT sequencename, last_value FROM "{schema}"._sequences'  # noqa: S608 - ours
            )
            for sequence, last_value in cursor.fetchall():
                cursor.execute(
                    "SELECT setval(%s, %s, %s)",
                    [f'public."{sequence}"', last_value or 1, last_value is not None],
                )

    def drop_all(self) -> None:
        with connection.cursor() as cursor:
            for name in self._names:
                cursor.execute(f'DROP SCHEMA IF EXISTS "{self._schema(name)}" CASCADE')
        self._names.clear()


def snapshots_for_this_database():
    if connection.vendor == "sqlite":
        return SqliteSnapshots()
    if connection.vendor == "postgresql":
        return PostgresSnapshots()
    raise RuntimeError(f"No snapshots for {connection.vendor}")
