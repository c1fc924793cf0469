"""A link between records is named the same in the record pane and in a briefing."""

from __future__ import annotations

from ijref.briefing.build import _related
from ijref.domain.display import relation_label
from ijref.domain.records import Relation


def test_links_read_as_a_reader_says_them_in_both_directions() -> None:
    cases = [
        (Relation("renews", "agreement/old"), "Renews"),
        (Relation("renews", "agreement/new", inverse=True), "Renewed by"),
        (Relation("under", "agreement/umbrella"), "Under"),
        (Relation("under", "programme/p", inverse=True), "Programmes under it"),
        (Relation("under", "event/e", inverse=True), "Events under it"),
        (Relation("part-of", "programme/q", inverse=True), "Its parts"),
    ]
    assert [relation_label(r) for r, _ in cases] == [label for _, label in cases]


def test_a_briefing_groups_related_records_under_the_same_labels() -> None:
    rels = [
        Relation("under", "event/a", "Meeting A", inverse=True),
        Relation("under", "event/b", "Meeting B", inverse=True),
        Relation("supersedes", "agreement/x", "Old MoU", inverse=True),
    ]
    assert [(f.label, f.text) for f in _related(rels)] == [
        ("Events under it", "Meeting A; Meeting B"),
        ("Superseded by", "Old MoU"),
    ]
