"""The inventory: the company's systems, and which column of which table is whose data.

Glossary:

system
    A database or a folder of Parquet partitions, reached by a connector (``sql``,
    ``parquet``) through a URL whose secrets come from ``${ENV_VAR}``.
dataset
    A table (or partition folder) in a system, addressed as ``system.dataset``.
activity
    The policy processing activity a dataset serves; retention rules come from it.
identity column
    A column holding an identifier of a person (kind ``email``, ``phone``,
    ``customer_id``…): where a person lookup enters a dataset.
relation
    How a dataset reaches a person through another one: ``cdr.customer_id`` matches
    ``customers.id``, so a customer's CDRs are found from their customer rows.
anchor
    The column holding the timestamp of a policy anchor event, which retention rules
    count from: ``anchors: {communication: sent_at}``.
erasure
    What erasing a person does to each column: ``null``, ``pseudonymise``, or ``delete``
    the row.

Worked example from the notice: a CDR reaches an end-user by its ``destination_number``
(identity kind ``phone``) and a customer by ``customer_id`` → ``customers.id``; its
``sent_at`` anchors the rule "null the end-user's number 12 months after the end of the
month of the communication", and the number's erasure is ``null`` (the CDR stays).
"""
