# The two commands a fresh clone needs: `make run` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint build clean sysdeps rundeps package

$(STAMP): pyproject.toml Makefile
	$(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# The catalog's schema lives in layout.py and models.py: a change there needs a new build.
db/build/CURRENT: $(STAMP) $(wildcard db/records/*.toml) $(wildcard db/*.toml) \
		ijref/catalog/layout.py ijref/catalog/models.py
	$(BIN)/ijref build

build: db/build/CURRENT

run: $(STAMP) build rundeps
	$(BIN)/ijref

# The system libraries Qt's window needs (xcb, xkbcommon, GL/EGL), asked of the linker:
# installed with apt when we are root, otherwise one line naming them, and exit 2.
rundeps: $(STAMP)
	@$(BIN)/python -m ijref.qtdeps --install

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

test: lint build sysdeps
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest

# Debian tools and fonts the tests and `make package` need. Installed only when one
# is missing and we are root; otherwise this names what to install and goes on.
# Tools are found by command; fonts by a language fontconfig must cover (the
# briefing tests read Japanese and Hindi back out of a PDF, as the .deb's users will).
# minisign checks that the standard tool verifies a data pack (tests/test_packs.py).
SYSDEPS := makensis:nsis objdump:binutils dpkg-deb:dpkg setpriv:util-linux xz:xz-utils \
  strace:strace pdftotext:poppler-utils fc-list:fontconfig minisign:minisign
FONTDEPS := ja:fonts-noto-cjk hi:fonts-noto-core

sysdeps:
	@missing=""; for pair in $(SYSDEPS); do \
	  command -v "$${pair%%:*}" >/dev/null 2>&1 || missing="$$missing $${pair#*:}"; \
	done; \
	for pair in $(FONTDEPS); do \
	  command -v fc-list >/dev/null 2>&1 && [ -n "$$(fc-list ":lang=$${pair%%:*}" family)" ] \
	    || missing="$$missing $${pair#*:}"; \
	done; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "installing:$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
	    apt-get install -y -qq --no-install-recommends $$missing; \
	else \
	  echo "sysdeps: missing$$missing; install them (e.g. sudo apt-get install$$missing)"; \
	fi

# Frozen app, .deb and .tar.gz in dist/ (the Windows and macOS recipes are in packaging/).
package: $(STAMP) build sysdeps
	$(BIN)/python packaging/build.py --dist dist

clean:
	rm -rf $(VENV) db/build dist packaging/build
