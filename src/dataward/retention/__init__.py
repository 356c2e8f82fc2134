"""Retention: rules → plan → execution, inside the governed databases.

Glossary
--------
step
    One policy rule applied to one dataset (``cdr_end_user_contact@messaging.cdrs``), and,
    for rules whose period each customer sets, to one customer (``#customer=42``) or to
    everyone else (``#default``). Derived from policy + inventory (:mod:`.derive`).
cutoff
    Computed once per run in Python: a row is due when ``anchor_column < cutoff``
    (:meth:`dataward.policy.model.RetentionRule.cutoff`), a predicate an index answers.
plan
    The dry run: per step the rows due, the rows held back by legal holds, the oldest due
    anchor; plus the rules a person decides (:mod:`.plan`). Changes nothing.
run
    Persisted with its steps before anything is deleted, then carried out in bounded
    batches (:mod:`.job`, :mod:`.execute`); resumable after a crash, idempotent.
ledger
    ``dataward_retention_ledger`` in each governed database: one row per batch, committed
    with the batch, then copied once into the audit log (:mod:`.ledger`, :mod:`.mirror`).

Worked example: at ``as_of`` 2026-11-28, "end-users' phone numbers are deleted from CDRs
twelve months after the end of the month of the communication" is a ``null`` step with
cutoff 2025-11-01: ``UPDATE cdrs SET end_user_phone = NULL, end_user_email = NULL WHERE
sent_at < '2025-11-01' AND (end_user_phone IS NOT NULL OR end_user_email IS NOT NULL) AND
<keyset range of one batch> AND NOT EXISTS (<held key>)``, batch after batch.
"""

from dataward.retention.job import DEFAULT_BATCH_SIZE, RunOptions, RunReport, run_retention
from dataward.retention.plan import Plan, PlanLine, make_plan
from dataward.retention.prepare import prepare
from dataward.retention.steps import Step, StepAction, StepKey
from dataward.retention.systems import Systems

__all__ = [
    "DEFAULT_BATCH_SIZE",
    "Plan",
    "PlanLine",
    "RunOptions",
    "RunReport",
    "Step",
    "StepAction",
    "StepKey",
    "Systems",
    "make_plan",
    "prepare",
    "run_retention",
]
