"""Words that make a number an identifier ("order no. 4111…", "ticket #0912…"), not a card
or a phone: one list, which each detector may extend with words of its own."""

from __future__ import annotations

from dataward.redact.base import Cue, backwards

ID_WORDS = (
    "order|invoice|tracking|shipment|parcel|ticket|ref|reference|case|serial|sku|ean|"
    "isbn|imei|account|customer|booking|transaction|id"
)


def id_cues(more: str = "") -> Cue:
    """ "order no. ", "ticket #", "ref:": a word, then at most a "no." or "#" and spaces."""
    return Cue(
        f"{ID_WORDS}|{more}" if more else ID_WORDS,
        gap=rf"\s*(?:{backwards('no|no.|number|nr|nr.|#|:')})?\s*",
        width=30,
    )
