"""ijref: an offline reference on India–Japan cooperation in science and technology."""

from importlib.metadata import PackageNotFoundError, version

__all__ = ["__version__"]

try:
    __version__ = version("ijref")
except PackageNotFoundError:  # a frozen app or a bare checkout on sys.path
    __version__ = "0.1.0"
