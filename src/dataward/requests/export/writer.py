"""Writing an access/portability export: a ZIP streamed to disk, batch by batch.

Layout: ``data.json`` (everything, machine-readable, for portability), ``csv/<dataset>.csv``
(one per dataset) and ``README.md`` (per dataset: the purposes, legal basis, sources,
recipients and retention from the policy). Rows arrive from the database in batches
(server-side cursors) and leave for the archive at once; the JSON is assembled in a
temporary file beside the archive, because a ZIP entry must be written whole before the
next starts. Memory therefore holds one batch, whatever the person's row count.
"""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

BATCH = 1000


def _json_value(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value).hex()
    return str(value)


# One encoder for every row: json.dumps with options builds a new one per call, which
# cost a third of the time of a 20,000-row export.
ROW_ENCODER = json.JSONEncoder(default=_json_value, ensure_ascii=False)


@dataclass(frozen=True)
class Part:
    """One dataset of the export: its name and a way to stream its rows."""

    name: str
    batches: Callable[[], Iterator[list[dict[str, Any]]]]


@dataclass(frozen=True)
class ExportResult:
    path: Path
    rows: dict[str, int]
    size: int


def _write_json_rows(out: IO[str], rows: Iterable[dict[str, Any]], first: bool) -> bool:
    encode = ROW_ENCODER.encode
    for row in rows:
        out.write("\n    " if first else ",\n    ")
        out.write(encode(row))
        first = False
    return first


def write_export(
    path: Path,
    header: dict[str, Any],
    parts: Iterable[Part],
    readme: Callable[[dict[str, int]], str],
) -> ExportResult:
    """Write the archive at ``path`` (atomically: a ``.part`` file renamed at the end)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".part")
    counts: dict[str, int] = {}
    with (
        tempfile.TemporaryFile("w+", encoding="utf-8", dir=path.parent) as data,
        zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=5) as archive,
    ):
        data.write(
            '{\n  "request": ' + json.dumps(header, default=_json_value) + ',\n  "datasets": {'
        )
        for index, part in enumerate(parts):
            data.write(("," if index else "") + f"\n  {json.dumps(part.name)}: [")
            counts[part.name] = _write_part(archive, data, part)
            data.write("\n  ]")
        data.write("\n  }\n}\n")
        data.seek(0)
        with archive.open("data.json", "w") as entry:
            while chunk := data.read(1 << 16):
                entry.write(chunk.encode("utf-8"))
        archive.writestr("README.md", readme(counts))
    os.replace(partial, path)
    return ExportResult(path, counts, path.stat().st_size)


def _write_part(archive: zipfile.ZipFile, data: IO[str], part: Part) -> int:
    count = 0
    first = True
    with archive.open(f"csv/{part.name}.csv", "w") as raw:
        text = io.TextIOWrapper(raw, encoding="utf-8", newline="")
        writer = csv.writer(text)
        for batch in part.batches():
            if batch and not count:
                writer.writerow(list(batch[0]))  # the header
            _dates_as_text(batch)
            # Rows keep the statement's column order, the header's; csv writes None as "".
            writer.writerows(map(dict.values, batch))
            first = _write_json_rows(data, batch, first)
            count += len(batch)
        text.flush()
        text.detach()
    return count


def _dates_as_text(batch: list[dict[str, Any]]) -> None:
    """Dates and times in ISO form, in place, for the CSV and the JSON alike.

    Done once per value for both files: the JSON encoder's ``default`` and a conversion
    per CSV cell were each a Python call per value, a third of a 20,000-row export. A
    column's values share a type, so its first non-null value tells whether to convert.
    """
    if not batch:
        return
    dated = [name for name in batch[0] if isinstance(_first_value(batch, name), date)]
    for row in batch:
        for name in dated:
            value = row[name]
            if value is not None:
                row[name] = value.isoformat()


def _first_value(batch: list[dict[str, Any]], name: str) -> Any:
    return next((row[name] for row in batch if row[name] is not None), None)
