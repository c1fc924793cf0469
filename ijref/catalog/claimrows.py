"""A record's sourced values (claims) to catalog rows and back.

The builder writes every claim of a record's dates, figures and extensions as a
`claim` row (with its citations in `claim_citation`); the store reads them back
and hands each date, figure or extension its own claims.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from ijref.catalog import models as m
from ijref.domain.dates import EdtfDate
from ijref.domain.records import Citation, DateClaim, FigureClaim, Record

__all__ = ["ClaimsByOwner", "claim_rows", "read_claims"]

DATE, FIGURE, EXTENSION = "date", "figure", "extension"


def _number(value: float) -> str:
    return repr(int(value)) if float(value).is_integer() else repr(value)


def claim_rows(r: Record) -> tuple[list[m.ClaimRow], list[m.ClaimCitationRow]]:
    """Rows for every claim of `r`, numbered in the order they are written."""
    claims: list[m.ClaimRow] = []
    cites: list[m.ClaimCitationRow] = []

    def add(kind: str, owner: int, value: str, citations: Sequence[Citation], **kw: str) -> None:
        pos = len(claims)
        claims.append(m.ClaimRow(pos=pos, field=kind, owner_pos=owner, value=value, **kw))
        cites.extend(
            m.ClaimCitationRow(
                claim_pos=pos,
                pos=i,
                source_id=c.source,
                section=c.section,
                paragraph=c.paragraph,
                item=c.item,
            )
            for i, c in enumerate(citations)
        )

    for i, d in enumerate(r.dates):
        for c in d.claims:
            add(DATE, i, c.date.text, c.citations, note=c.note)
    for i, f in enumerate(r.figures):
        for fc in f.claims:
            as_of = fc.as_of.text if fc.as_of else ""
            add(
                FIGURE,
                i,
                _number(fc.value),
                fc.citations,
                as_of=as_of,
                qualifier=fc.qualifier,
                note=fc.note,
            )
    for i, e in enumerate(r.extensions):
        for c in e.date_claims:
            add(EXTENSION, i, c.date.text, c.citations, note=c.note)
    return claims, cites


@dataclass
class ClaimsByOwner:
    """A record's claims, grouped by the date, figure or extension they belong to."""

    dates: dict[int, list[DateClaim]] = field(default_factory=lambda: defaultdict(list))
    figures: dict[int, list[FigureClaim]] = field(default_factory=lambda: defaultdict(list))
    extensions: dict[int, list[DateClaim]] = field(default_factory=lambda: defaultdict(list))


def read_claims(row: m.RecordRow) -> ClaimsByOwner:
    """The claims stored for one record row."""
    cites: dict[int, list[Citation]] = defaultdict(list)
    for cc in row.claim_citations:
        cites[cc.claim_pos].append(Citation(cc.source_id, cc.section, cc.paragraph, cc.item))
    out = ClaimsByOwner()
    for c in row.claims:
        said = tuple(cites.get(c.pos, ()))
        if c.field == FIGURE:
            out.figures[c.owner_pos].append(
                FigureClaim(
                    float(c.value), EdtfDate.try_parse(c.as_of or None), said, c.qualifier, c.note
                )
            )
        else:
            target = out.dates if c.field == DATE else out.extensions
            target[c.owner_pos].append(DateClaim(EdtfDate.parse(c.value), said, c.note))
    return out
