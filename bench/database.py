"""The bench's own PostgreSQL database: made (or remade) and migrated here, never the development
SQLite file or a test database."""

import time
from urllib.parse import urlparse

import psycopg2
from psycopg2 import sql


def database_name(url: str) -> str:
    name = urlparse(url).path.lstrip("/")
    if not name or "test" in name or name in ("postgres", "partnership"):
        raise SystemExit(f"Refusing to use {name!r} as the bench database: give it a database of its own.")
    return name


def server_connection(url: str):
    """A connection to the server's maintenance database, to create or drop the bench's."""
    parts = urlparse(url)
    connection = psycopg2.connect(
        host=parts.hostname or "127.0.0.1",
        port=parts.port or 5432,
        user=parts.username or "postgres",
        password=parts.password,
        dbname="postgres",
    )
    connection.autocommit = True
    return connection


def exists(url: str) -> bool:
    with server_connection(url) as connection, connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database_name(url)])
        return cursor.fetchone() is not None


def recreate(url: str):
    name = database_name(url)
    connection = server_connection(url)
    try:
        with connection.cursor() as cursor:
            cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    finally:
        connection.close()


def create_if_missing(url: str):
    if not exists(url):
        recreate(url)


def migrate() -> float:
    from django.core.management import call_command

    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    return time.perf_counter() - started


def server_version() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        return cursor.fetchone()[0]
