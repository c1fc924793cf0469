"""`ijref --self-test`: checks an installed app end to end and prints one line.

An IT department runs it after installing (often on a laptop with no network):
it opens the shipped catalog and its index, runs a few searches that must find
known records, opens a throwaway user profile in the user's data dir, checks
that signed data packs can be verified (the shipped key, Ed25519), and renders
the main window offscreen. It prints one line naming each check and how
long it took, appends that line to `selftest.log` in the user data dir (for
support, when it was started without a console), and exits 0 when all passed,
else 1.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ijref.domain.errors import UserFacingError

if TYPE_CHECKING:
    from ijref.catalog.store import Catalog

__all__ = ["LOG_NAME", "Step", "default_data_dir", "format_line", "run", "run_checks"]

LOG_NAME = "selftest.log"
APP_NAME = "ijref"
DATA_ENV = "IJREF_DATA_DIR"
# How many records the search check looks for, each by its own name.
SEARCH_PROBES = 3


@dataclass(frozen=True, slots=True)
class Step:
    """One check: what it found (or why it failed) and how long it took."""

    name: str
    ok: bool
    detail: str
    seconds: float

    def describe(self) -> str:
        state = self.detail if self.ok else f"FAILED: {self.detail}"
        return f"{self.name} {state} ({self.seconds * 1000:.0f} ms)"


def default_data_dir() -> Path:
    """The user data dir the app writes notes to: `$IJREF_DATA_DIR`, else platformdirs'.

    The same rule as `ijref.userdata.paths.data_dir` (roaming on Windows).
    """
    if given := os.environ.get(DATA_ENV):
        return Path(given).expanduser()
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False, roaming=True)


def _timed(name: str, check: Callable[[], str]) -> Step:
    start = time.perf_counter()
    try:
        detail = check()
    except UserFacingError as exc:
        return Step(name, False, str(exc), time.perf_counter() - start)
    except Exception as exc:  # a self-test reports every failure as one line
        message = " ".join(str(exc).split()) or "no message"
        return Step(name, False, f"{type(exc).__name__}: {message}", time.perf_counter() - start)
    return Step(name, True, detail, time.perf_counter() - start)


def _probe_query(text: str) -> str:
    """A record's name as plain words, so query syntax in titles cannot misfire."""
    words = re.findall(r"\w+", text)
    # Whoosh reads upper-case AND/OR/NOT as operators.
    return " ".join(w for w in words if w not in {"AND", "OR", "NOT", "TO"})


def _check_catalog(build_root: Path, opened: list[Catalog]) -> str:
    from ijref.catalog.store import Catalog

    catalog = Catalog.open(build_root)
    opened.append(catalog)
    count = len(catalog.ids())
    if count == 0:
        raise UserFacingError("the catalog holds no records; rebuild it with `ijref build`")
    from ijref.catalog.verify import content_problem

    problem = content_problem(catalog)
    if problem:
        raise UserFacingError(problem)
    return f"{count} records, content as built, data {catalog.info.data_version}"


def _check_search(build_root: Path, catalog: Catalog | None) -> str:
    from ijref.app import open_search_index

    # as the app opens it: checked against its manifest, rebuilt into the cache if damaged
    service = open_search_index(build_root, catalog.records if catalog is not None else None)
    try:
        if service.notice:
            raise UserFacingError(service.notice)
        if catalog is None:
            service.search("india")
            return "index opened (no catalog to probe it with)"
        # The newest records, each looked up by its full title: specific enough
        # that a working index ranks the record itself among the first hits.
        summaries = catalog.summaries(newest_first=True)
        probes = [s for s in summaries if _probe_query(s.title)][:SEARCH_PROBES]
        if not probes:
            raise UserFacingError("no record titles to search for; rebuild with `ijref build`")
        missed = [
            p.id
            for p in probes
            if p.id not in {h.id for h in service.search(_probe_query(p.title), limit=10).hits}
        ]
        if missed:
            raise UserFacingError(
                f"search did not find {', '.join(missed)}; rebuild the index with `ijref build`"
            )
        return f"{len(probes)}/{len(probes)} records found by title"
    finally:
        service.close()


def _check_profile(data_dir: Path) -> str:
    data_dir.mkdir(parents=True, exist_ok=True, mode=0o700)  # notes are private
    profile = Path(tempfile.mkdtemp(prefix="selftest-", dir=data_dir))
    try:
        from ijref.userdata.store import UserStore

        store = UserStore.open(profile, auto_backup=False)
        try:
            note = store.add_note(None, "ijref self-test note")
            if note.id not in {n.id for n in store.notes()}:
                raise UserFacingError(f"a note saved in {profile} could not be read back")
        finally:
            store.close()
        return f"{data_dir} writable; temporary profile migrated, note saved and read"
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def _check_packs(data_dir: Path) -> str:
    """Data packs can be checked here: the shipped key is readable and Ed25519 works."""
    from ijref.packs import minisign
    from ijref.packs.keys import SHIPPED, trusted_keys

    keys = trusted_keys(data_dir)
    shipped = [k for k in keys if k.origin == SHIPPED]
    if not shipped:
        raise UserFacingError("no signing key ships with this ijref; reinstall it")
    probe = minisign.SecretKey.generate()
    signature = minisign.parse_signature(minisign.sign(probe, b"self-test", "self-test"))
    minisign.verify(probe.public, b"self-test", signature)
    return f"{len(keys)} trusted key(s), signatures checked"


def _check_window(build_root: Path) -> str:
    from ijref.app import run as run_app
    from ijref.ui.offscreen import check_screenshot

    def take(png: Path) -> int:
        args = argparse.Namespace(build_dir=str(build_root), screenshot=str(png), record=None)
        return int(run_app(args))

    return check_screenshot(take)


def run_checks(build_root: Path, data_dir: Path, window: bool = True) -> list[Step]:
    """Run every check in order; a failed check does not stop the next ones."""
    opened: list[Catalog] = []
    steps = [_timed("catalog", lambda: _check_catalog(build_root, opened))]
    try:
        catalog = opened[0] if opened else None
        steps.append(_timed("search", lambda: _check_search(build_root, catalog)))
    finally:
        for c in opened:
            c.close()
    steps.append(_timed("profile", lambda: _check_profile(data_dir)))
    steps.append(_timed("packs", lambda: _check_packs(data_dir)))
    if window:
        steps.append(_timed("window", lambda: _check_window(build_root)))
    return steps


def format_line(steps: list[Step]) -> str:
    """The one line a person reads: verdict, each check, total time (ASCII only)."""
    verdict = "OK" if all(s.ok for s in steps) else "FAILED"
    total = sum(s.seconds for s in steps) * 1000
    return (
        f"ijref self-test {verdict}: "
        + "; ".join(s.describe() for s in steps)
        + (f"; total {total:.0f} ms")
    )


def run(build_root: Path) -> int:
    """The `--self-test` flag: run the checks on the data in `build_root` (the data in
    use: an installed data pack newer than the shipped data, else the shipped data),
    print one line, exit 0 or 1."""
    data_dir = default_data_dir()
    steps = run_checks(build_root, data_dir)
    line = format_line(steps)
    print(line, flush=True)
    try:
        with (data_dir / LOG_NAME).open("a", encoding="utf-8") as log:
            log.write(f"{time.strftime('%Y-%m-%dT%H:%M:%S%z')} {line}\n")
    except OSError:
        pass  # the profile check already reported an unwritable data dir
    return 0 if all(s.ok for s in steps) else 1
