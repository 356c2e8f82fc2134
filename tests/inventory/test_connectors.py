from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

from dataward.inventory.connectors.base import ConnectorError, TableRef
from dataward.inventory.connectors.parquet import ParquetConfig, ParquetConnector
from dataward.inventory.connectors.registry import ConnectorRegistry, default_registry
from dataward.inventory.connectors.sql import SqlConfig, SqlConnector
from dataward.inventory.graph import LookupStep
from dataward.inventory.identity import Identity
from dataward.inventory.model import DatasetAddress, System
from dataward.inventory.query import person_select, sample_select
from tests.inventory.lake import write_lake
from tests.inventory.shop import create_shop

EMAIL_STEP = LookupStep(DatasetAddress("shop", "customer"), ("email",), ())
ANA = Identity("email", "ana.horvat@example.com")


def sql(url: str) -> SqlConnector:
    return SqlConnector(url, SqlConfig(), "shown")


def test_sql_connector_introspects_and_looks_up(any_database_url: str) -> None:
    create_shop(any_database_url)
    with sql(any_database_url) as connector:
        assert TableRef("customer") in [TableRef(ref.name) for ref in connector.tables()]
        info = connector.describe(TableRef("customer"))
        assert info is not None
        assert [column.name for column in info.columns][:3] == ["id", "email", "phone"]
        assert info.is_indexed("email") and info.is_indexed("id")
        assert not info.is_indexed("name")
        assert connector.describe(TableRef("no_such_table")) is None
        statement = person_select(info.as_table(), EMAIL_STEP, ANA)
        assert statement is not None
        [row] = connector.rows(statement)
        assert (row["id"], row["name"]) == (1, "Ana Horvat")
        assert connector.count(statement) == 1
        assert len(connector.rows(sample_select(info.as_table(), 1))) == 1


def test_sql_connector_without_indexes_reports_none(sqlite_url: str) -> None:
    create_shop(sqlite_url, indexes=False)
    with sql(sqlite_url) as connector:
        info = connector.describe(TableRef("customer"))
        assert info is not None
        assert not info.is_indexed("email")
        assert info.is_indexed("id")  # the primary key


def test_unreachable_server_is_one_masked_line() -> None:
    system = System(
        name="billing",
        url="postgresql+psycopg://app:${TEST_SECRET}@127.0.0.1:1/billing",
        options={"connect_timeout": 2},
    )
    connector = default_registry().connector(system, {"TEST_SECRET": "s3cr3t-pw"})
    with pytest.raises(ConnectorError) as caught:
        connector.open()
    message = str(caught.value)
    assert message.startswith("cannot connect to postgresql+psycopg://app:***@127.0.0.1:1/billing")
    assert "s3cr3t-pw" not in message
    assert "\n" not in message


def test_missing_environment_variable_is_named() -> None:
    system = System(name="billing", url="postgresql+psycopg://app:${NOPE_PW}@db/billing")
    with pytest.raises(ConnectorError, match="environment variable NOPE_PW is not set"):
        default_registry().connector(system, {})


def test_a_missing_sqlite_file_is_not_created(tmp_path: Path) -> None:
    path = tmp_path / "absent.db"
    with pytest.raises(ConnectorError, match="database file does not exist"):
        sql(f"sqlite:///{path}").open()
    assert not path.exists()


def test_parquet_connector_reads_partition_folders(tmp_path: Path) -> None:
    write_lake(tmp_path)
    with ParquetConnector(str(tmp_path), ParquetConfig(), str(tmp_path)) as connector:
        assert connector.tables() == [TableRef("cdr")]
        info = connector.describe(TableRef("cdr"))
        assert info is not None
        types = {column.name: type(column.type) for column in info.columns}
        assert types == {
            "id": sa.BigInteger,
            "destination_number": sa.String,
            "customer_id": sa.BigInteger,
            "sent_at": sa.DateTime,
            "month": sa.String,  # from the partition folder names
        }
        step = LookupStep(DatasetAddress("lake", "cdr"), ("destination_number",), ())
        statement = person_select(info.as_table(), step, Identity("phone", "+385911234567"))
        assert statement is not None
        rows = connector.rows(statement)
        assert sorted((row["id"], row["month"]) for row in rows) == [(1, "2024-01"), (3, "2024-02")]
        assert connector.count(statement) == 2
        assert not connector.supports_indexes
        assert connector.describe(TableRef("missing")) is None


def test_parquet_connector_accepts_file_urls_and_rejects_missing_folders(tmp_path: Path) -> None:
    write_lake(tmp_path)
    with ParquetConnector(f"file://{tmp_path}", ParquetConfig(), "lake") as connector:
        assert connector.tables() == [TableRef("cdr")]
    with pytest.raises(ConnectorError, match="no such folder"):
        ParquetConnector(str(tmp_path / "nope"), ParquetConfig(), "nope").open()


def test_registry_lists_built_ins_and_accepts_more() -> None:
    registry = default_registry()
    assert registry.names() == ["parquet", "sql"]

    class Spark(ParquetConnector):
        name = "spark"

    registry.add(Spark)
    assert registry.get("spark") is Spark
    with pytest.raises(ValueError, match="already registered"):
        registry.add(Spark)
    with pytest.raises(KeyError, match="unknown connector 'delta'"):
        ConnectorRegistry().get("delta")


def test_connectors_render_statements_in_their_dialect(sqlite_url: str, tmp_path: Path) -> None:
    create_shop(sqlite_url)
    write_lake(tmp_path / "lake")
    step = LookupStep(DatasetAddress("x", "y"), ("id",), ())
    with sql(sqlite_url) as connector:
        info = connector.describe(TableRef("customer"))
        assert info is not None
        statement = person_select(info.as_table(), step, Identity("customer_id", "1"))
        assert statement is not None
        assert connector.render(statement).endswith("WHERE customer.id = ?")
    with ParquetConnector(str(tmp_path / "lake"), ParquetConfig(), "lake") as connector:
        info = connector.describe(TableRef("cdr"))
        assert info is not None
        statement = person_select(info.as_table(), step, Identity("customer_id", "1"))
        assert statement is not None
        assert connector.render(statement).endswith("WHERE cdr.id = ?")
