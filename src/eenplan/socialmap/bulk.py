"""Writing many rows at once, for the HSDS import and the search index: plain tuples, no model instances.

PostgreSQL gets ``COPY`` (through a temporary table when rows may already exist), which is several times
faster than one ``INSERT`` per row, even pipelined; SQLite gets one prepared statement for all rows
(``executemany``), with a larger page cache while it writes (``sqlite_cache``).
"""

from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from django.db import connection

COPY_FROM = 500  # from this many rows PostgreSQL copies; fewer are inserted
BATCH = 5000
SQLITE_CACHE_KIB = 256 * 1024  # page cache for a large write (the default is 2 MiB)


def _quoted(columns: Sequence[str]) -> str:
    return ", ".join(map(connection.ops.quote_name, columns))


def insert(table: str, columns: Sequence[str], rows: list[Sequence], *, on_conflict: str = "") -> None:
    """Insert rows (values in the order of ``columns``, as the database driver takes them) into
    ``table``. ``on_conflict``: an ``ON CONFLICT …`` clause that refers to the new values as
    ``excluded``; the rows must then have different keys."""
    if not rows:
        return
    table_sql, columns_sql = connection.ops.quote_name(table), _quoted(columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql" and len(rows) >= COPY_FROM and hasattr(cursor.cursor, "copy"):
            if not on_conflict:
                _copy(cursor, table_sql, columns_sql, rows)
                return
            stage = connection.ops.quote_name(f"eenplan_stage_{table}")
            cursor.execute(f"CREATE TEMPORARY TABLE {stage} (LIKE {table_sql}) ON COMMIT DROP")
            _copy(cursor, stage, columns_sql, rows)
            cursor.execute(
                f"INSERT INTO {table_sql} ({columns_sql}) SELECT {columns_sql} FROM {stage} {on_conflict}"
            )
            cursor.execute(f"DROP TABLE {stage}")
            return
        values = ", ".join(["%s"] * len(columns))
        sql = f"INSERT INTO {table_sql} ({columns_sql}) VALUES ({values}) {on_conflict}"
        for batch in _batches(rows):
            cursor.executemany(sql, batch)


def _copy(cursor, table_sql: str, columns_sql: str, rows: list[Sequence]) -> None:
    with cursor.cursor.copy(f"COPY {table_sql} ({columns_sql}) FROM STDIN") as copy:  # psycopg 3's
        for row in rows:
            copy.write_row(row)


def _batches(rows: list) -> Iterator[list]:
    for start in range(0, len(rows), BATCH):
        yield rows[start : start + BATCH]


@contextmanager
def sqlite_cache(enabled: bool = True):
    """A larger SQLite page cache while writing many rows: inserting 100k services with random ids into
    half a dozen indexes otherwise reads and writes the same pages over and over."""
    if not enabled or connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        before = cursor.fetchone()[0]
        cursor.execute(f"PRAGMA cache_size = -{SQLITE_CACHE_KIB}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(before)}")
