"""ijref: an offline reference on India–Japan cooperation in science and technology."""

from functools import cache

__all__ = ["__version__"]


@cache
def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("ijref")
    except PackageNotFoundError:  # a frozen app or a bare checkout on sys.path
        return "0.1.0"


def __getattr__(name: str) -> str:
    # `__version__` is looked up on first use: importlib.metadata costs tens of
    # milliseconds, and starting the app should not pay them before its window.
    if name == "__version__":
        return _version()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
