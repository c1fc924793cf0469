"""The kinds of mistake an independent fact-check found in the records, one test each.

Each test states a rule every record must keep and fails on the mistake it was
written for (the records before the fix of issue 14), so that it cannot come back.
"""

# pytest fixtures are imported from audit_fixtures and named again as arguments.
# ruff: noqa: F811

from __future__ import annotations

import dataclasses
import re
import unicodedata
from collections import defaultdict

from audit_fixtures import brief, exceptions, loaded, records, texts  # noqa: F401
from audit_helpers import Exceptions, SourceText, audit, date_mentions, paragraphs

from ijref.domain.dates import EdtfDate
from ijref.domain.records import Kind, Record

BRIEF_ID = "source/dst-brief-2020-12"
# Notes that mark a value as the editors' inference, with its reason.
INFERRED = "Inferred:"


def _by_id(records: tuple[Record, ...]) -> dict[str, Record]:
    return {r.id: r for r in records}


def _cited(record: Record, texts: list[SourceText]) -> str:
    by_source = {t.id: t for t in texts}
    out = []
    for c in record.citations:
        src = by_source.get(c.source)
        if src is not None:
            out.append(src.units.get(c.item or c.paragraph, ""))
    return "\n".join(out)


def _inferred(record: Record, what: str) -> bool:
    return any(n.startswith(INFERRED) and what in n.split(".")[0] for n in record.notes)


# 1 — a list the brief writes as "group; description" pairs keeps its pairs --------------


def _area_groups(paragraph: str) -> list[tuple[str, str]]:
    """The brief's priority areas: "<group> Systems; <its field>", four times, then
    Mathematics and Computational Science on its own after the last field."""
    listed = paragraph.split("includes:", 1)[1].split(".", 1)[0]
    parts = re.split(r"(?:, )?([A-Z][A-Za-z ]*? Systems); ", listed)[1:]
    pairs = list(zip(parts[0::2], parts[1::2], strict=True))
    split = re.fullmatch(r"(.+?Environment) and (.+)", pairs[-1][1])
    assert split is not None
    pairs[-1] = (pairs[-1][0], split[1])
    return [(g.strip(), d.strip()) for g, d in pairs] + [(split[2].strip(), "")]


def test_priority_areas_are_the_briefs_five_groups(records: tuple[Record, ...], brief: str) -> None:
    groups = _area_groups(paragraphs(brief)[8])
    assert [g for g, _ in groups] == [
        "Physical and Chemical Systems",
        "Engineered Materials Systems",
        "Natural Systems",
        "Global Systems",
        "Mathematics and Computational Science",
    ]
    ijcsp = _by_id(records)["programme/ijcsp"]
    counted = next(f for f in ijcsp.figures if f.label == "priority area groups")
    assert counted.value == len(groups)
    summary = ijcsp.summary.casefold().replace(",", "")
    for group, field in groups:
        assert group.casefold() in summary
        if field:
            assert f"{field.casefold()} ({group.casefold()})".replace(",", "") in summary


# 2 — a place is where it was signed or held, not an address -------------------------

_NOT_PLACES = {"virtual", "online"}


def _plain(text: str) -> str:
    letters = unicodedata.normalize("NFKD", text)
    return "".join(c for c in letters if c.isalnum() or c.isspace()).casefold()


def _place_said(place: str, text: str) -> bool:
    """The place (its first part) follows "in", "at", "to" or "visited" in the text."""
    first = _plain(place.split(",", maxsplit=1)[0].split(" (", maxsplit=1)[0])
    pattern = rf"\b(?:in|at|to|visited)\s+(?:the\s+)?{re.escape(first)}"
    return bool(re.search(pattern, _plain(text)))


def test_a_place_is_where_it_was_signed_or_held(
    records: tuple[Record, ...], texts: list[SourceText]
) -> None:
    wrong = [
        f"{r.id}: {r.place!r}"
        for r in records
        if r.kind in (Kind.AGREEMENT, Kind.EVENT)
        and r.place
        and r.place not in _NOT_PLACES
        and not _place_said(r.place, _cited(r, texts))
        and not _inferred(r, "place")
    ]
    assert not wrong, "\n".join(wrong)


def test_the_place_rule_catches_an_address() -> None:
    text = "An MoU between ICAR and GSAKU, Kyoto University, Kyoto, Japan has been signed"
    assert not _place_said("Kyoto", text)
    assert _place_said("Tokyo", "signed in September 2013 in Tokyo to promote")


# 3 — an extension is an extension, not a bare dated role ----------------------------

_EXTENDED = re.compile(r"exten|renew", re.IGNORECASE)


def test_agreements_model_extensions_as_extensions(records: tuple[Record, ...]) -> None:
    bare = [
        f"{r.id}: {d.role}"
        for r in records
        if r.kind is Kind.AGREEMENT
        for d in r.dates
        if _EXTENDED.search(d.role)
    ]
    assert not bare, "write extensions and renewals under `extensions`:\n" + "\n".join(bare)


def test_the_beamline_agreement_is_in_force_in_its_second_phase(
    records: tuple[Record, ...],
) -> None:
    import datetime as dt

    from ijref.domain.validity import Status, validity

    mou = _by_id(records)["agreement/kek-dst-mou"]
    v = validity(mou, dt.date(2017, 6, 1))
    assert v.status is Status.IN_FORCE, v.rule
    assert "extension" in v.rule


# 4 — a financial year is an April–March span -----------------------------------------


def test_audit_reports_a_financial_year_written_as_a_calendar_year(
    records: tuple[Record, ...], texts: list[SourceText], exceptions: Exceptions
) -> None:
    good = _by_id(records)["programme/schirmacher-lake-sediments"]
    start = good.dates[0]
    assert start.date.text == "2019-04/2020-03"
    wrong = dataclasses.replace(
        good, dates=(dataclasses.replace(start, date=EdtfDate.parse("2019")),)
    )
    others = [r for r in records if r.id != good.id]
    problems = audit(texts, [*others, wrong], exceptions)
    said = "2019 is a financial year in the cited text; write 2019-04/2020-03"
    assert f"{good.id}: dates[start]: {said}" in problems


# 5 — places that give a date differently keep each value with its citation ----------


def test_a_signing_date_stated_differently_keeps_each_value(
    records: tuple[Record, ...], texts: list[SourceText]
) -> None:
    """Every cited place that mentions an agreement's signing year either says the same
    month, or the record gives the date as values with their sources."""
    by_source = {t.id: t for t in texts}
    wrong = []
    for r in records:
        signed = r.dated("signed")
        if r.kind is not Kind.AGREEMENT or signed is None or signed.claims:
            continue
        year, month = signed.date.year, signed.date.earliest.month if signed.date.earliest else None
        for c in r.citations:
            text = (
                by_source[c.source].units.get(c.item or c.paragraph, "")
                if c.source in by_source
                else ""
            )
            if not re.search(r"\b(signed|concluded|formali[sz]ed)\b", text, re.IGNORECASE):
                continue
            said = {m.month for m in date_mentions(text) if m.year == year and not m.decade}
            if said and month is not None and month not in said and None in said and len(said) == 1:
                wrong.append(f"{r.id}: {c.source} {c.item or c.paragraph} says only {year}")
    assert not wrong, "\n".join(wrong)


def test_the_1985_agreement_keeps_each_sources_date(records: tuple[Record, ...]) -> None:
    signed = _by_id(records)["agreement/iga-1985"].dated("signed")
    assert signed is not None and signed.differs
    said = {
        (c.date.text, cite.source, cite.item or cite.paragraph)
        for c in signed.claims
        for cite in c.citations
    }
    assert {
        ("1985-08", BRIEF_ID, 46),
        ("1985-11", "source/embassy-tokyo-st-page", 8),
        ("1985", BRIEF_ID, 2),
    } <= said


# 6 — an organization named before it existed gets an editorial note ----------------

# When organizations the records name were formed (editors' knowledge, used only here).
FORMED = {
    "organization/jaxa": ("JAXA", 2003),
    "organization/mext": ("MEXT", 2001),
    "organization/isro": ("ISRO", 1969),
}


_DECADE = re.compile(r"\b((?:19|20)\d)0'?s\b")


def _latest_year(r: Record) -> int | None:
    """The last year the earliest thing the record dates could have happened in."""
    years = [d.date.latest.year for d in r.dates if d.date.latest]
    if r.kind is Kind.ORGANIZATION:  # an organization has no dates of its own, only words
        years += [int(m[1]) * 10 + 9 for m in _DECADE.finditer(r.summary)]
        years += [m.year for m in date_mentions(_DECADE.sub(" ", r.summary)) if not m.decade]
    return min(years) if years else None


def test_an_organization_named_before_it_existed_has_a_note(records: tuple[Record, ...]) -> None:
    wrong = []
    for r in records:
        year = _latest_year(r)
        if year is None:
            continue
        named = {p.org_id for p in r.parties} | ({r.id} if r.kind is Kind.ORGANIZATION else set())
        for oid in named & set(FORMED):
            short, formed = FORMED[oid]
            if year < formed and not any(short in n and "formed" in n for n in r.notes):
                wrong.append(f"{r.id}: names {short} in {year}; {short} was formed in {formed}")
    assert not wrong, "\n".join(wrong)


# 7 — a running total says when it held -------------------------------------------------


def test_audit_reports_a_figure_without_as_of(
    records: tuple[Record, ...], texts: list[SourceText], exceptions: Exceptions
) -> None:
    good = _by_id(records)["programme/sakura-science"]
    total = next(f for f in good.figures if f.value == 2849)
    wrong = dataclasses.replace(good, figures=(dataclasses.replace(total, as_of=None),))
    others = [r for r in records if r.id != good.id]
    problems = audit(texts, [*others, wrong], exceptions)
    assert any(p.startswith(f"{good.id}: figures[{total.label}]: no as_of") for p in problems)


# 8 — a citation names the section its paragraph sits under -------------------------

_SECTION_LEAD = re.compile(r"^(?:Co-?operation|Collaboration) (?:in|on) [^:.]{3,80}:")


def test_a_paragraph_that_opens_a_section_is_a_heading(brief: str, exceptions: Exceptions) -> None:
    leads = [n for n, text in paragraphs(brief).items() if _SECTION_LEAD.match(text)]
    assert leads and set(leads) <= set(exceptions.headings)
    inline = [n for n in leads if paragraphs(brief)[n].split(":", 1)[1].strip()]
    assert set(inline) <= exceptions.inline_headings


def test_audit_reports_a_citation_under_the_wrong_section(
    records: tuple[Record, ...], texts: list[SourceText], exceptions: Exceptions
) -> None:
    good = _by_id(records)["agreement/dae-kek-mou-2012"]
    moved = tuple(
        dataclasses.replace(c, section="Co-operation in Environment") if c.paragraph == 52 else c
        for c in good.citations
    )
    wrong = dataclasses.replace(good, citations=moved)
    others = [r for r in records if r.id != good.id]
    problems = audit(texts, [*others, wrong], exceptions)
    assert (
        f"{good.id}: citation: paragraph 52 sits under "
        "'Cooperation in Nuclear Science and Technology', not 'Co-operation in Environment'"
    ) in problems


# 9 — organizations sit under their parent and are linked from a record -------------


def test_every_organization_is_linked_from_a_record(records: tuple[Record, ...]) -> None:
    linked = {p.org_id for r in records for p in r.parties}
    linked |= {x.org_id for r in records for x in r.people}
    linked |= {r.parent for r in records if r.parent}
    linked |= {x.target for r in records for x in r.related}
    orphans = [r.id for r in records if r.kind is Kind.ORGANIZATION and r.id not in linked]
    assert not orphans, orphans


def test_an_organization_described_as_anothers_has_it_as_parent(
    records: tuple[Record, ...],
) -> None:
    shorts = {r.short_name: r.id for r in records if r.kind is Kind.ORGANIZATION and r.short_name}
    wrong = []
    for r in records:
        first = r.summary.split()[0] if r.summary else ""
        owner = shorts.get(first)
        if r.kind is Kind.ORGANIZATION and owner not in (None, r.id) and r.parent != owner:
            wrong.append(f"{r.id}: '{first} …' but parent is {r.parent or 'not set'}")
    assert not wrong, "\n".join(wrong)


# 10 — an inference is marked as one ------------------------------------------------

TYPE_WORDS = {
    "IGA": ("agreement",),
    "MoU": ("memorandum of understanding", "mou"),
    "MoC": ("memorandum of cooperation", "moc"),
    "LoI": ("letter of intent", "loi"),
    "IA": ("implementation arrangement", "implementing arrangement", "ia"),
    "Arrangement": ("arrangement",),
    "Joint Research Contract": ("joint research contract",),
    "Joint Statement": ("joint statement",),
    "Joint Declaration": ("joint declaration",),
}


def _says(text: str, words: tuple[str, ...]) -> bool:
    return any(re.search(rf"\b{re.escape(w)}\b", text, re.IGNORECASE) for w in words)


def test_inferred_values_carry_an_editorial_mark(
    records: tuple[Record, ...], texts: list[SourceText]
) -> None:
    """A type, a co-chair or an establishment date the cited text does not state is
    either left out or marked with a note `Inferred: <what>. <reason>`."""
    wrong = []
    for r in records:
        text = _cited(r, texts)
        checks = (
            ("type", r.kind is Kind.AGREEMENT, TYPE_WORDS.get(r.agreement_type, ())),
            ("co-chair", any(p.role == "co-chair" for p in r.parties), ("co-chair", "co-chaired")),
            (
                "established",
                r.date("established") is not None,
                ("established", "establishment", "set up"),
            ),
        )
        wrong += [
            f"{r.id}: {what}"
            for what, applies, words in checks
            if applies and not _says(text, words) and not _inferred(r, what)
        ]
    assert not wrong, "\n".join(wrong)


def test_a_launch_year_belongs_to_the_satellite_it_follows(
    records: tuple[Record, ...], brief: str
) -> None:
    """ "CUTE-1.7, SEEDS (2008)": a year in brackets dates only the name before it."""
    listed = paragraphs(brief)[68]
    dated = dict(re.findall(r"([A-Z][\w.-]+) \((\d{4})\)", listed))
    for r in records:
        if r.kind is Kind.EVENT and r.category == "launch":
            launched = r.date("launched")
            names = set(r.aliases)
            for name in names:
                if name in listed:
                    assert launched is None or dated.get(name) == str(launched.year), (r.id, name)


# 11 — an alias names its own record, and no other ----------------------------------


def test_an_alias_names_only_its_own_record(records: tuple[Record, ...]) -> None:
    owners: dict[str, set[str]] = defaultdict(set)
    for r in records:
        for name in (r.title, r.short_name, *r.aliases):
            if name:
                owners[name.casefold()].add(r.id)
    people = {x.name.casefold() for r in records for x in r.people}
    wrong = [f"{sorted(ids)} share {name!r}" for name, ids in owners.items() if len(ids) > 1]
    wrong += [
        f"{r.id}: alias {a!r} is a person (write it under people)"
        for r in records
        for a in r.aliases
        if a.casefold() in people or any(a.casefold() in p for p in people)
    ]
    assert not wrong, "\n".join(wrong)


# 12 — a dated happening is on the timeline; a corrected name keeps its note -------


def test_a_count_at_a_month_or_day_of_a_programme_is_an_event(
    records: tuple[Record, ...], texts: list[SourceText]
) -> None:
    """ "18 students selected in November 2019": a programme's figure dated to one month
    or day — not the date of the source that gives it, nor one of the programme's own
    dates — is a happening, and belongs on the timeline as an event of the programme."""
    own = {t.id: set(t.own_dates) for t in texts}
    linked: dict[str, set[str]] = defaultdict(set)  # programme id → dates of its events
    for r in records:
        if r.kind is not Kind.EVENT:
            continue
        said = {x.text for d in r.dates for x in (d.date, *(c.date for c in d.claims))}
        for x in r.related:
            linked[x.target] |= said
    wrong = []
    for r in records:
        if r.kind is not Kind.PROGRAMME:
            continue
        known = {d.date.text for d in r.dates} | linked[r.id]
        known |= {d for c in r.citations for d in own.get(c.source, ())}
        for f in r.figures:
            for c in f.claims or (f,):
                day = c.as_of
                if day is None or day.is_interval or day.precision.value not in ("month", "day"):
                    continue
                if day.text not in known:
                    wrong.append(f"{r.id}: {f.label} ({day.text})")
    assert not wrong, "\n".join(wrong)


_SPELLING = (("&", " and "), ("center", "centre"), ("organization", "organisation"))


def _spelled(text: str) -> str:
    out = text.casefold()
    for a, b in _SPELLING:
        out = out.replace(a, b)
    return re.sub(r"[^a-z0-9]+", "", out)


def _a_wording(alias: str) -> bool:
    """A name written out in words (not an acronym, not abbreviated, three words or more)."""
    words = alias.split()
    return (
        len(words) >= 3
        and "." not in alias
        and not any(sum(c.isupper() for c in w) >= 2 for w in words)
    )


def test_a_name_the_source_writes_differently_has_a_correction_note(
    records: tuple[Record, ...], texts: list[SourceText]
) -> None:
    """An organization whose cited text names it in other words than its title (kept as
    an alias, and not merely spelt otherwise) has a note quoting that wording."""
    wrong = []
    for r in records:
        if r.kind is not Kind.ORGANIZATION:
            continue
        text = _spelled(_cited(r, texts))
        title = _spelled(r.title)
        for alias in r.aliases:
            said = _spelled(alias)
            if not _a_wording(alias) or said not in text or said in title:
                continue
            if not any(f"'{alias}" in n for n in r.notes):
                wrong.append(f"{r.id}: the source writes {alias!r}; no note says so")
    assert not wrong, "\n".join(wrong)
