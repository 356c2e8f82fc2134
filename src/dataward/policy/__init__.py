"""The policy: a privacy notice as machine-readable promises.

Glossary
--------
activity
    A processing activity of the notice ("Traffic data", "Job applicants"): who it is about
    (subject categories), which data (data categories), where from (sources), why and on
    which legal basis (purposes), who else sees it (recipients, transfers), and for how long
    (retention rules). Its ``role`` says whether we are controller or processor.
data category
    A kind of personal data ("end-user contact in a CDR"), mapped to fideslang keys.
rule
    One retention promise: which data categories, an anchor, an offset and an action
    (delete, null, pseudonymise, suppress, redact) — or ``review`` when the notice leaves
    the period to local law and a human must decide.
anchor
    The event the clock starts from, with its alignment: ``end_of_month`` means "after the
    end of the month in which it took place".
cutoff
    ``rule.cutoff(as_of)``: the earliest anchor timestamp that is NOT yet due. Rows with
    ``anchor_column < cutoff`` are due, a predicate a database answers from its index.
dataset
    A table (or Parquet folder) in the company's systems, bound to an activity by the
    inventory, with its identity and anchor columns.
identity
    A normalised way to reach a person: an email, an E.164 phone, a customer id.

Worked example (notice, Section 5, traffic data): "Traffic data containing end-users'
personal data (such as phone number or email address) is deleted from communication detail
records twelve (12) months after the end of the month in which the communication took
place." That is a rule with action ``null`` on the end-user contact columns, anchor event
``communication`` aligned ``end_of_month`` and offset ``{months: 12}``. A CDR of
2024-01-31 23:59 is anchored at 2024-02-01 00:00 and due at 2025-02-01 00:00; on that day
``cutoff`` is 2024-02-01 00:00, so the compiled predicate ``sent_at < '2024-02-01'`` selects
every January 2024 record and nothing later.
"""

from dataward.policy.loader import check_policy, load_policy, parse_policy
from dataward.policy.model import Policy
from dataward.policy.problems import PolicyError, Problem, Severity

__all__ = [
    "Policy",
    "PolicyError",
    "Problem",
    "Severity",
    "check_policy",
    "load_policy",
    "parse_policy",
]
