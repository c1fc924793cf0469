"""The records against the sources they cite: dates, figures, paragraphs, items, acronyms."""

# pytest fixtures are imported from audit_fixtures and named again as arguments.
# ruff: noqa: F811

from __future__ import annotations

import dataclasses

import pytest
from audit_fixtures import (  # noqa: F401
    BRIEF,
    RECORDS,
    SOURCES,
    brief,
    exceptions,
    loaded,
    records,
    texts,
)
from audit_helpers import (
    Exceptions,
    SourceText,
    acronyms,
    audit,
    brief_text,
    date_found,
    number_mentions,
    paragraphs,
)

from ijref.catalog.recordfile import load_records
from ijref.domain.records import Figure, Record


def test_records_pass_the_audit(
    texts: list[SourceText], records: tuple[Record, ...], exceptions: Exceptions
) -> None:
    problems = audit(texts, records, exceptions)
    assert not problems, "\n".join(problems)


def test_every_source_is_a_source_record() -> None:
    """Every fact sheet beside the brief is a `[[source]]` with its file."""
    if not BRIEF.is_file():
        pytest.skip("the shared sources are not checked out")
    files = {s.file for s in load_records(RECORDS).sources}
    on_disk = {BRIEF.name} | {f"factsheets/{p.name}" for p in (SOURCES / "factsheets").glob("*.md")}
    assert on_disk - {"factsheets/README.md"} == files


def test_exceptions_are_still_needed(brief: str, exceptions: Exceptions) -> None:
    paras = paragraphs(brief)
    assert set(exceptions.headings) <= set(paras)
    words = acronyms(brief)
    stale = [a for a in exceptions.not_organizations if a not in words]
    assert not stale, f"acronyms listed but not in the brief: {stale}"


def test_audit_reports_a_wrong_figure(
    texts: list[SourceText], records: tuple[Record, ...], exceptions: Exceptions
) -> None:
    good = next(r for r in records if r.id == "programme/akatsuki-radio-occultation")
    as_of = good.figures[0].as_of
    wrong = dataclasses.replace(
        good,
        figures=(Figure("radio occultation measurements conducted", 12.0, "measurements", as_of),),
    )
    others = [r for r in records if r.id != good.id]
    problems = audit(texts, [*others, wrong], exceptions)
    assert any(good.id in p and "12" in p for p in problems), problems


def test_audit_reports_a_wrong_date_and_an_uncited_paragraph(
    texts: list[SourceText], records: tuple[Record, ...], exceptions: Exceptions
) -> None:
    mou = next(r for r in records if r.id == "agreement/dst-jst-mou-2006")
    signed = next(d for d in mou.dates if d.role == "signed")
    bad_date = dataclasses.replace(signed, date=type(signed.date).parse("2006-12-09"), claims=())
    wrong = dataclasses.replace(mou, dates=(bad_date,))
    others = [r for r in records if r.id != mou.id]
    problems = audit(texts, [*others, wrong], exceptions)
    assert any(mou.id in p and "2006-12-09" in p for p in problems), problems
    cited_elsewhere = {(c.source, c.item or c.paragraph) for r in others for c in r.citations}
    lost = {(c.source, c.item or c.paragraph) for c in mou.citations} - cited_elsewhere
    problems = audit(texts, others, exceptions)
    for source, number in lost:
        where = f"paragraph {number}" if "brief" in source else f"{source} item {number}"
        assert any(p.startswith(f"{where}: cited by no record") for p in problems), problems


def test_audit_reports_an_unknown_acronym(records: tuple[Record, ...]) -> None:
    text = "Intro\nThe XYZQ and JAXA met."
    exceptions = Exceptions(headings={1: "title"})
    problems = audit([brief_text(text, exceptions)], records, exceptions)
    assert any("'XYZQ'" in p for p in problems)
    assert not any("'JAXA'" in p for p in problems)


@pytest.mark.parametrize(
    ("edtf", "text"),
    [
        ("2006-12-08", "signed on 8th December 2006."),
        ("2006-12-08", "signed on 8 December 2006."),
        ("2006-12-08", "signed on December 8, 2006."),
        ("2006-12", "signed in Dec 2006."),
        ("2006-12-08", "signed on 2006-12-08."),
        ("2020-07-16", "a video meeting on July 16,, 2020 to"),
        ("2020-02-21", "On February 21st, 2020, the meeting"),
        ("2019-03-04/2019-03-08", "from 4 to 8 March, 2019 with"),
        ("2019-07-28/2019-08-03", "held in China from 28 July- 3 Aug 2019 in"),
        ("2020-01-20/2020-01-28", "from January 20 to January 28, 2020."),
        ("2019-12-03/2019-12-05", "held during December 3-5, 2019."),
        ("2019-05-27/2019-05-29", "from 27-29 May, 2019 in Japan"),
        ("2020-04/2021-03", "For the F.Y. 2020-21 research area"),
        ("2019-04/2020-03", "initiated during F.Y.2019 to reconstruct"),
        ("196X", "dates back to 1960s, since"),
        ("../2020-07", "Till July 2020, ISRO's IDSN"),
        ("2017", "launched in 2017."),
        ("2015-06", "was extended in June 2015 to"),
    ],
)
def test_date_forms_are_recognised(edtf: str, text: str) -> None:
    assert date_found(edtf, text)


@pytest.mark.parametrize(
    ("edtf", "text"),
    [
        ("2006-12-09", "signed on 8th December 2006."),
        ("2006-11", "signed on 8th December 2006."),
        ("2007", "signed on 8th December 2006."),
        ("2019-03-04/2019-03-09", "from 4 to 8 March, 2019 with"),
        ("197X", "dates back to 1960s, since"),
        ("2014-01-15", "signed in January 2014 at New Delhi"),
    ],
)
def test_wrong_or_more_precise_dates_are_not_found(edtf: str, text: str) -> None:
    assert not date_found(edtf, text)


def test_number_forms_are_recognised() -> None:
    text = "Eighteen projects; 2,849 students; five satellites; 50% time; 3100 visits"
    assert {18.0, 2849.0, 5.0, 50.0, 3100.0} <= number_mentions(text)
    assert 2.0 not in number_mentions("2,849 students")
