"""Keeping memory in step: what another process writes shows after a refresh, gaps included."""

from __future__ import annotations

from sqlalchemy import column, table
from sqlalchemy.orm import Session

from dataward.consent import Action, ConsentRuntime, Freshness, Reason
from dataward.consent.watermark import GAP_TTL_SECONDS, IdWatermark
from tests.consent.conftest import KEY_ENVIRONMENT
from tests.consent.factories import listed, record


def other_process(runtime: ConsentRuntime) -> ConsentRuntime:
    """A second runtime on the same store, as another worker or sender would have."""
    return ConsentRuntime.open(
        runtime.engine, runtime.policy, environ=KEY_ENVIRONMENT, freshness=Freshness(3600)
    )


def test_writes_elsewhere_show_after_a_refresh(runtime: ConsentRuntime) -> None:
    reader = other_process(runtime)
    record(runtime, "ana@example.com", "subscriber_marketing")
    listed(runtime, "bob@example.com")
    assert not reader.decide("subscriber_marketing", "ana@example.com").allowed  # not yet
    refreshed = reader.refresh()
    assert refreshed is not None and (refreshed.consents, refreshed.suppressed) == (1, 1)
    assert reader.decide("subscriber_marketing", "ana@example.com").allowed
    assert reader.decide("b2b_marketing", "bob@example.com").reasons == (Reason.suppressed,)
    record(runtime, "ana@example.com", "subscriber_marketing", Action.withdrawn)
    reader.refresh()
    assert reader.decide("subscriber_marketing", "ana@example.com").reasons == (
        Reason.consent_withdrawn,
    )


def test_a_refresh_is_due_after_the_interval(runtime: ConsentRuntime) -> None:
    clock = [0.0]
    reader = ConsentRuntime(
        runtime.engine, runtime.policy, runtime.hasher, freshness=Freshness(1.0),
        clock=lambda: clock[0],
    )  # fmt: skip
    listed(runtime, "bob@example.com")
    assert reader.decide("b2b_marketing", "bob@example.com").allowed
    clock[0] = 1.5
    assert not reader.decide("b2b_marketing", "bob@example.com").allowed


def test_a_full_reload_drops_what_the_store_no_longer_holds(runtime: ConsentRuntime) -> None:
    clock = [0.0]
    reader = ConsentRuntime(
        runtime.engine, runtime.policy, runtime.hasher, freshness=Freshness(1.0, 10.0),
        clock=lambda: clock[0],
    )  # fmt: skip
    listed(runtime, "bob@example.com")
    clock[0] = 2.0
    assert not reader.decide("b2b_marketing", "bob@example.com").allowed
    with Session(runtime.engine) as session, session.begin():
        session.execute(table("suppression_list").delete())  # erased outside the services
    clock[0] = 4.0
    assert not reader.decide("b2b_marketing", "bob@example.com").allowed  # additions only
    clock[0] = 11.0
    assert reader.decide("b2b_marketing", "bob@example.com").allowed


def test_gaps_are_read_again_until_filled() -> None:
    now = [0.0]
    mark = IdWatermark(clock=lambda: now[0])
    mark.advance([1, 2, 5])  # 3 and 4 are taken by transactions not yet committed
    assert mark.high == 5
    assert [(gap.low, gap.high) for gap in mark.gaps] == [(3, 4)]
    mark.advance([3])
    assert [(gap.low, gap.high) for gap in mark.gaps] == [(3, 4)]  # 4 still missing
    mark.advance([3, 4, 6])
    assert mark.gaps == []
    mark.advance([9])
    now[0] = GAP_TTL_SECONDS + 1  # a rolled-back insert: the hole never fills
    mark.advance([])
    assert mark.gaps == []


def test_the_pending_predicate_covers_gaps() -> None:
    mark = IdWatermark()
    mark.advance([1, 4])
    sql = str(mark.pending(table("t", column("id")).c.id).compile())
    assert "id >" in sql and "id >=" in sql and "id <=" in sql
