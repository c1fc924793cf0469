"""Whoosh is used through its public API, except for the reads fenced in `ijref.search.w3`.

Those reads are checked against the Whoosh releases in `w3.SUPPORTED`: on any
other release the first test fails, so that they are looked at again (the code
itself then reads through the public API, slower but right).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import whoosh
from whoosh.filedb.filestore import FileStorage
from whoosh.util.numeric import length_to_byte

from ijref.search import w3
from ijref.search.aliases import AliasTable
from ijref.search.indexer import build_index
from ijref.search.synthetic import Corpus

PACKAGE = Path(__file__).resolve().parents[1] / "ijref"


def test_this_whoosh_is_one_the_private_reads_were_checked_against() -> None:
    assert tuple(whoosh.__version__) in w3.SUPPORTED, (
        f"Whoosh {whoosh.versionstring()} is not among the releases ijref/search/w3.py was "
        "checked against: compare its private reads with this release, then add it to SUPPORTED"
    )


@pytest.fixture(scope="module")
def reader(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    corpus = Corpus(600, 3)
    folder = tmp_path_factory.mktemp("w3") / "ix"
    build_index(
        list(corpus),
        folder,
        aliases=AliasTable.from_groups(corpus.org_names()),
        sector_titles=corpus.sector_titles(),
    )
    ix = FileStorage(str(folder)).open_index()
    with ix.reader() as r:
        yield r
    ix.close()


def _common_terms(reader: Any, fieldname: str, n: int) -> list[bytes]:
    terms = sorted(reader.lexicon(fieldname), key=lambda t: -reader.doc_frequency(fieldname, t))
    return terms[:n]


def test_postings_read_a_block_at_a_time_are_whooshs(reader: Any) -> None:
    for fieldname in ("body", "title", "kind", "complete"):
        for btext in _common_terms(reader, fieldname, 3):
            assert w3.fast_postings(reader.postings(fieldname, btext))
            ids, weights = w3.posting_arrays(reader, fieldname, btext)
            public = list(reader.postings(fieldname, btext).items_as("weight"))
            assert list(zip(ids, weights, strict=True)) == public
    assert max(reader.doc_frequency("body", t) for t in _common_terms(reader, "body", 1)) > 128


def test_length_columns_copied_out_are_whooshs(reader: Any) -> None:
    count = reader.doc_count_all()
    for fieldname in ("body", "title", "name", "complete"):
        assert w3.fast_lengths(reader, fieldname)
        public = bytes(
            length_to_byte(reader.doc_field_length(d, fieldname, 0) or 0) for d in range(count)
        )
        assert w3.length_column(reader, fieldname) == public


def test_another_whoosh_release_is_read_through_the_public_api(
    reader: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    btext = _common_terms(reader, "body", 1)[0]
    fast = w3.posting_arrays(reader, "body", btext), w3.length_column(reader, "body")
    monkeypatch.setattr(w3, "SUPPORTED", frozenset())
    assert not w3.fast_postings(reader.postings("body", btext))
    assert not w3.fast_lengths(reader, "body")
    assert (w3.posting_arrays(reader, "body", btext), w3.length_column(reader, "body")) == fast


def _private_uses(path: Path) -> list[str]:
    """`x._name` reads or writes on objects other than `self`/`cls`, and private imports."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and node.attr.startswith("_")
            and not node.attr.startswith("__")
            and not (isinstance(node.value, ast.Name) and node.value.id in {"self", "cls"})
        ):
            found.append(f"{path.name}:{node.lineno} .{node.attr}")
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("whoosh"):
            found += [f"{path.name}:{node.lineno} {a.name}" for a in node.names if a.name[0] == "_"]
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "setattr":
            found.append(f"{path.name}:{node.lineno} setattr")
    return found


def _imports_whoosh(path: Path) -> bool:
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "whoosh":
            return True
        if isinstance(node, ast.Import) and any(
            a.name.split(".")[0] == "whoosh" for a in node.names
        ):
            return True
    return False


def test_only_w3_touches_whooshs_private_names() -> None:
    users = [p for p in PACKAGE.rglob("*.py") if _imports_whoosh(p)]
    assert len(users) > 5  # the check looks where Whoosh is used
    offenders = {
        str(p.relative_to(PACKAGE)): uses
        for p in users
        if p.name != "w3.py" and (uses := _private_uses(p))
    }
    assert offenders == {}


def test_w3_reads_and_never_writes_private_attributes() -> None:
    """Its only attribute write is a public one of its own (`self.loaded`)."""
    tree = ast.parse((PACKAGE / "search" / "w3.py").read_text(encoding="utf-8"))
    writes = [
        ast.unparse(target)
        for node in ast.walk(tree)
        if isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign))
        for target in (node.targets if isinstance(node, ast.Assign) else [node.target])
        if isinstance(target, ast.Attribute)
    ]
    assert writes == ["self.loaded"]


def test_positions_read_a_block_at_a_time_are_whooshs(
    reader: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    btext = _common_terms(reader, "body", 1)[0]
    public = dict(reader.postings("body", btext).items_as("positions"))
    decode = reader.schema["body"].format.decode_positions
    docs = list(range(0, reader.doc_count_all(), 3))
    values = w3.posting_values(reader, "body", btext, docs)
    fast = [None if v is None else decode(v) for v in values]
    assert fast == [public.get(d) for d in docs]
    past_first_block = sorted(public)[128]
    assert any(v is not None for d, v in zip(docs, fast, strict=True) if d > past_first_block)
    monkeypatch.setattr(w3, "SUPPORTED", frozenset())
    slow = w3.posting_values(reader, "body", btext, docs)
    assert [None if v is None else decode(v) for v in slow] == fast
