"""Data-subject requests: intake, verification, routing, deadlines, exports, erasure.

Glossary:

request
    What a person asks (``access``, ``erasure``, …), with their contacts, country and
    relationship; a row in ``dsr_request`` with its status and legal deadline.
challenge
    A one-time code sent to one contact; only its keyed hash is stored.
plan
    The datasets that hold the person, in dependency order (:mod:`.locate.plan`), and the
    condition that selects their rows in each (:mod:`.locate.selection`).
task
    One system's share of an erasure or rectification, persisted before anything is changed,
    so that a retry resumes from it (:mod:`.erasure.tasks`).
exemption
    Why some data stays: a legal hold, a legal retention duty, the suppression list.
scan
    After an erasure, a search of every dataset for the person's identifiers.

Entry points: :func:`.intake.submit`, :func:`.verification.verify`,
:func:`.workflow.approve` / ``retry``, :mod:`.staff` (extend, reject, complete),
:mod:`.query`. Everything is passed a :class:`.context.Context`; nothing is global.
"""
