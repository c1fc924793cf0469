"""`ijref build`: validate the records and build the catalog and index."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ijref.catalog.paths import records_dir
from ijref.cli.context import build_dir

__all__ = ["register"]


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("build", help="validate db/records and build the catalog and search index")
    p.add_argument("--records", type=Path, help="record files folder (default: db/records)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from ijref.app import build_catalog
    from ijref.catalog.builder import BuildError
    from ijref.catalog.release import RELEASE_FILE, read_release

    source = args.records or records_dir()
    # db/release.toml beside db/records (or beside the folder given) names the data's version
    release = read_release(source.parent / RELEASE_FILE)
    try:
        info = build_catalog(source, build_dir(args), release=release)
    except BuildError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        print(f"ijref build: {len(exc.problems)} problem(s); nothing was written", file=sys.stderr)
        return 1
    counts = ", ".join(f"{n} {k}" for k, n in info.counts.items())
    print(
        f"built {info.records} records ({counts}); data version {info.data_version}, "
        f"release {info.pack} {info.version}"
    )
    return 0
