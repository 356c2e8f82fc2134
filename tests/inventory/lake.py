"""A folder of Parquet partitions (Hive-style) with CDRs, written with pyarrow."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

CDRS = [
    # (id, destination_number, customer_id, sent_at)
    (1, "+385911234567", 1, datetime(2024, 1, 5, 10)),
    (2, "+385981112222", 1, datetime(2024, 1, 20, 11)),
    (3, "+385911234567", 2, datetime(2024, 2, 2, 12)),
    (4, "+385995556666", 2, datetime(2024, 2, 3, 13)),
]


def write_lake(root: Path) -> Path:
    """``root/cdr/month=YYYY-MM/part-0.parquet``, one file per month."""
    by_month: dict[str, list[tuple[int, str, int, datetime]]] = {}
    for row in CDRS:
        by_month.setdefault(row[3].strftime("%Y-%m"), []).append(row)
    for month, rows in by_month.items():
        folder = root / "cdr" / f"month={month}"
        folder.mkdir(parents=True)
        ids, numbers, customers, times = zip(*rows, strict=True)
        table = pa.table(
            {
                "id": pa.array(ids, pa.int64()),
                "destination_number": pa.array(numbers, pa.string()),
                "customer_id": pa.array(customers, pa.int64()),
                "sent_at": pa.array(times, pa.timestamp("us")),
            }
        )
        pq.write_table(table, folder / "part-0.parquet")
    return root
