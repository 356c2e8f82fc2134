"""``DELETE … ORDER BY … LIMIT n`` for MariaDB/MySQL, which refuse LIMIT in IN subqueries.

SQLAlchemy's MySQL dialect offers ``.ext(limit(n))`` for DELETE but no ORDER BY; this
syntax extension adds it at the same point, before the LIMIT.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.base import SyntaxExtension
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.dml import Delete
from sqlalchemy.sql.elements import ClauseElement
from sqlalchemy.sql.visitors import InternalTraversal

if TYPE_CHECKING:
    from sqlalchemy.sql.visitors import _TraverseInternalsType


class DeleteOrderBy(SyntaxExtension, ClauseElement):
    __visit_name__ = "dataward_delete_order_by"
    _traverse_internals: _TraverseInternalsType = [  # noqa: RUF012 (SQLAlchemy's own form)
        ("columns", InternalTraversal.dp_clauseelement_tuple)
    ]

    def __init__(self, *columns: sa.ColumnElement[Any]) -> None:
        self.columns = tuple(columns)

    def apply_to_delete(self, delete_stmt: Delete) -> None:
        delete_stmt.apply_syntax_extension_point(self.append_replacing_same_type, "post_criteria")


def delete_order_by(*columns: sa.ColumnElement[Any]) -> DeleteOrderBy:
    return DeleteOrderBy(*columns)


@compiles(DeleteOrderBy)
def _compile(element: DeleteOrderBy, compiler: SQLCompiler, **kw: Any) -> str:
    return "ORDER BY " + ", ".join(compiler.process(column, **kw) for column in element.columns)
