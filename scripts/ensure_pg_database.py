"""Create a PostgreSQL database if it does not exist: `python scripts/ensure_pg_database.py URL`.
Used by `make bench` for the scale benchmark's PostgreSQL run."""

from __future__ import annotations

import sys
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import sql


def main(url: str) -> None:
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    server = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(server, autocommit=True) as connection:
        query = "SELECT 1 FROM pg_database WHERE datname = %s"
        found = connection.execute(query, [name]).fetchone()
        if found is None:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


if __name__ == "__main__":
    main(sys.argv[1])
