"""`ijref`: with no command, the desktop app; with one, the headless tools.

Each command lives in its own module with `register(subparsers)`; this module
only assembles them and turns errors into one line: user-facing ones exit 2,
anything unexpected exits 1 with its details in the log file.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from typing import NoReturn

from ijref import __version__
from ijref.domain.errors import UserFacingError

__all__ = ["main"]

# Modules under ijref.cli with a `register(subparsers)` function, in help order.
COMMAND_MODULES = (
    "cmd_build",
    "cmd_records",
    "cmd_search",
    "cmd_userdata",
    "cmd_brief",
    "cmd_pack",
    "cmd_bench",
)

EXIT_USER_ERROR = 2
EXIT_INTERNAL_ERROR = 1
# Arguments that name files: they may hold any bytes the file system does.
PATH_ARGUMENTS = frozenset({"build_dir", "data_dir", "screenshot", "file"})


def _add_global_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--build-dir", help="the catalog build folder (default: the shipped one)")
    parser.add_argument(
        "--data-dir",
        help="folder of your bookmarks, notes and backups "
        "(default: $IJREF_DATA_DIR, else the platform's user data folder)",
    )
    app = parser.add_argument_group("desktop app (no command)")
    app.add_argument(
        "--screenshot", metavar="FILE", help="render the main window to a PNG and exit"
    )
    app.add_argument("--record", metavar="ID", help="open this record")


class _NotTheApp(Exception):
    """The arguments are not a plain start of the desktop app."""


class _AppOnlyParser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise _NotTheApp(message)


def _app_args(argv: list[str]) -> argparse.Namespace | None:
    """The arguments, when they only start the desktop app; else None.

    Starting the app must not import every command module (and through them the
    EDTF parser): the window should be up as soon as possible. Anything else —
    a command, --help, --version, a mistake — goes to the full parser.
    """
    parser = _AppOnlyParser(prog="ijref", add_help=False)
    _add_global_options(parser)
    try:
        args, rest = parser.parse_known_args(argv)
    except _NotTheApp:
        return None
    if rest:
        return None
    args.command = None
    return args


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ijref",
        description="Offline reference on India–Japan cooperation in science and technology. "
        "With no command, opens the desktop app.",
    )
    parser.add_argument("--version", action="version", version=f"ijref {__version__}")
    parser.add_argument("--self-test", action="store_true", help="check this install")
    _add_global_options(parser)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(f"ijref.cli.{name}").register(sub)
    return parser


def _run(args: argparse.Namespace) -> int:
    if getattr(args, "self_test", False):  # the app-only fast path has no such option
        from ijref.cli.context import catalog_root
        from ijref.selftest import run as self_test

        return self_test(catalog_root(args))
    if args.command is None:
        from ijref.app import run

        return run(args)
    result: int = args.func(args)
    return result


def _check_text_arguments(args: argparse.Namespace) -> None:
    """Refuse arguments with bytes that are not UTF-8 (file names excepted), in one line.

    Python hands undecodable bytes from the terminal over as lone surrogates,
    which no query, record id or tag can hold; a file name can, and keeps them.

    Raises:
        UserFacingError: naming the argument and the fix.
    """
    for name, value in vars(args).items():
        if name in PATH_ARGUMENTS:
            continue
        for item in value if isinstance(value, list) else [value]:
            if not isinstance(item, str):
                continue
            try:
                item.encode("utf-8")
            except UnicodeEncodeError:
                label = name.replace("_", "-")
                raise UserFacingError(
                    f"the {label} given holds bytes that are not valid UTF-8; "
                    "set the terminal to UTF-8 and type it again"
                ) from None


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the process exit code.

    Nothing leaves here as a traceback: a problem the user can fix is one line
    and exit 2; anything unexpected is one line naming it, exit 1, with the
    details in the log file (`ijref.failures`).
    """
    arguments = list(sys.argv[1:] if argv is None else argv)
    args = _app_args(arguments) or make_parser().parse_args(arguments)
    try:
        _check_text_arguments(args)
        return _run(args)
    except UserFacingError as exc:
        print(f"ijref: {exc}", file=sys.stderr)
        return EXIT_USER_ERROR
    except BrokenPipeError:
        return 0
    except OSError as exc:
        # a file the user named could not be read or written: say which, not a traceback
        where = f" {exc.filename}" if exc.filename else ""
        reason = exc.strerror or str(exc)
        print(
            f"ijref: cannot use{where} ({reason}); check the path and its permissions",
            file=sys.stderr,
        )
        return EXIT_USER_ERROR
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # the last line of defence
        from ijref.failures import one_line

        print(f"ijref: {one_line(exc)}", file=sys.stderr)
        return EXIT_INTERNAL_ERROR
