"""Alembic migrations of dataward's own database; see ``dataward.store.migrate``."""
