"""Fast loading of generated rows: COPY on PostgreSQL, ``executemany`` on SQLite, with the primary
keys handed out here so that rows can point at each other without a round trip."""

import json
from datetime import UTC

from django.core.management.color import no_style
from django.db import connection, models


def _sqlite_converter(field):
    if isinstance(field, models.DateTimeField):
        return lambda value: None if value is None else value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
    if isinstance(field, models.DateField):
        return lambda value: None if value is None else value.isoformat()
    if isinstance(field, models.BooleanField):
        return lambda value: None if value is None else int(value)
    if isinstance(field, models.JSONField):
        return lambda value: json.dumps(value, ensure_ascii=False)
    return None


def _postgres_converter(field):
    if isinstance(field, models.JSONField):
        return lambda value: json.dumps(value, ensure_ascii=False)
    return None


class Table:
    """Rows of one model, buffered and written in batches in the order of ``columns`` (field names)."""

    BATCH = 20_000

    def __init__(self, model, columns: list[str], raw=()):
        """``raw`` names columns whose values come already in the database's form (JSON as text)."""
        self.model = model
        fields = [model._meta.get_field(name) for name in columns]
        self.columns = [field.column for field in fields]
        make = _postgres_converter if connection.vendor == "postgresql" else _sqlite_converter
        self.converters = [
            (index, make(field))
            for index, field in enumerate(fields)
            if make(field) and field.name not in raw
        ]
        self.rows: list[tuple] = []
        self.written = 0
        self.next_id = None

    def new_id(self) -> int:
        if self.next_id is None:
            largest = self.model.objects.aggregate(largest=models.Max("pk"))["largest"]
            self.next_id = (largest or 0) + 1
        self.next_id += 1
        return self.next_id - 1

    def add(self, row: tuple) -> None:
        self.rows.append(row)
        if len(self.rows) >= self.BATCH:
            self.flush()

    def flush(self) -> None:
        if not self.rows:
            return
        rows = self.rows
        if self.converters:
            converted = []
            for row in rows:
                row = list(row)
                for index, convert in self.converters:
                    row[index] = convert(row[index])
                converted.append(row)
            rows = converted
        table = connection.ops.quote_name(self.model._meta.db_table)
        names = ", ".join(connection.ops.quote_name(column) for column in self.columns)
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                with cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                marks = ", ".join(["%s"] * len(self.columns))
                cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)
        self.written += len(self.rows)
        self.rows = []


def reset_sequences(model_list) -> None:
    """After rows were written with their own ids, PostgreSQL's sequences must continue after them."""
    if connection.vendor != "postgresql":
        return
    statements = connection.ops.sequence_reset_sql(no_style(), model_list)
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
