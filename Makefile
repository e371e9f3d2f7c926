# Two commands for a newcomer: `make run` and `make test`. Everything they need is installed here.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
DEV_ENV := DEBUG=1

.PHONY: run test bench bench-resultaten bench-rapporten bench-deelpagina bench-smoke lint format system-deps test-system-deps install messages vendor clean

# Debian packages the project needs: gettext to compile the Dutch translations; Pango for
# WeasyPrint (the PDF reports) and HarfBuzz's subsetter, without which WeasyPrint falls back to a
# much slower font subsetter; and for the tests Chromium, which Playwright drives (it never
# downloads a browser of its own).
DEBIAN_PACKAGES := gettext libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0
TEST_DEBIAN_PACKAGES := chromium
define apt_install
	@missing=""; for p in $(1); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "Installing Debian packages:$$missing"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get -o DPkg::Lock::Timeout=300 update -qq && DEBIAN_FRONTEND=noninteractive \
			$$SUDO apt-get -o DPkg::Lock::Timeout=300 install -y -qq $$missing >/dev/null; \
	fi
endef

system-deps:
	$(call apt_install,$(DEBIAN_PACKAGES))

test-system-deps:
	$(call apt_install,$(TEST_DEBIAN_PACKAGES))

# Two commands started at once in one checkout (two `make test`) take turns at installing,
# instead of writing the same files at the same time.
ONE_AT_A_TIME := flock $(CURDIR)/.make.lock

$(BIN)/python:
	$(ONE_AT_A_TIME) sh -c 'test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)'

# Reinstall only when the requirements change.
$(VENV)/.installed: requirements.txt requirements-dev.txt | $(BIN)/python
	$(ONE_AT_A_TIME) sh -c '$(BIN)/pip install -q --upgrade pip && \
		$(BIN)/pip install -q -r requirements-dev.txt && touch $@'

install: system-deps $(VENV)/.installed messages

messages: $(VENV)/.installed
	@$(ONE_AT_A_TIME) env $(DEV_ENV) $(BIN)/python manage.py compilemessages -v0 --ignore=.venv

run: install
	$(DEV_ENV) $(BIN)/python manage.py migrate --noinput
	$(DEV_ENV) $(BIN)/python manage.py loaddata norm_anb_2024
	$(DEV_ENV) $(BIN)/python manage.py demo
	@# After an upgrade that changed what the norm asks: the per-scan summary counted again
	@# (changes nothing when it is current).
	$(DEV_ENV) $(BIN)/python manage.py samenvatting_bijwerken
	@# The worker runs the background jobs (reports, clean-up) waiting in the database; it
	@# stops with the server.
	$(DEV_ENV) $(BIN)/python manage.py werker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(DEV_ENV) $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

test: install test-system-deps
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/pytest

# Benchmarks (not tests): they need the PostgreSQL server on 127.0.0.1:5432 and wrk.
bench: install
	$(call apt_install,wrk)
	$(BIN)/python benchmarks/autosave.py

# The results at national scale (2,000 schools x 10 rounds, about 5 million answers): some minutes.
bench-resultaten: install
	$(BIN)/python benchmarks/resultaten.py

# The PDF reports: render time and peak memory of a school report and a bestuur report.
bench-rapporten: install
	$(BIN)/python benchmarks/rapporten.py

# The pages an IB-er fills in: server time of every page of a scan, largest first.
bench-deelpagina: install
	$(BIN)/python benchmarks/deelpagina.py

# Every benchmark at a small size, in a minute or two: that they still run, not their figures
# (`.ci/run` runs this, so a change that breaks a benchmark fails CI).
bench-smoke: install
	$(call apt_install,wrk)
	$(BIN)/python benchmarks/autosave.py --clients 2 --seconds 1 --trials 1
	$(BIN)/python benchmarks/autosave.py --clients 2 --requests 40 --client python
	$(BIN)/python benchmarks/resultaten.py --schools 60 --rounds 2 --runs 2
	$(BIN)/python benchmarks/deelpagina.py --runs 2
	$(BIN)/python benchmarks/rapporten.py --schools 5 --runs 1

format: $(VENV)/.installed
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Refresh the vendored front-end packages from the npm registry (the result is committed,
# so `make run` needs no npm).
BOOTSTRAP_VERSION := 5.3.9
HTMX_VERSION := 2.0.11
AXE_VERSION := 4.14.1
ATKINSON_VERSION := 5.3.0
vendor:
	rm -rf /tmp/zelfscan-vendor && mkdir -p /tmp/zelfscan-vendor
	cd /tmp/zelfscan-vendor && npm install --silent --no-audit --no-fund \
		bootstrap@$(BOOTSTRAP_VERSION) htmx.org@$(HTMX_VERSION) axe-core@$(AXE_VERSION) \
		@fontsource/atkinson-hyperlegible@$(ATKINSON_VERSION)
	mkdir -p static/vendor/htmx tests/vendor/axe-core
	cp /tmp/zelfscan-vendor/node_modules/htmx.org/dist/htmx.min.js \
	   /tmp/zelfscan-vendor/node_modules/htmx.org/LICENSE static/vendor/htmx/
	# axe-core is only injected by the browser tests; it is not served to users.
	cp /tmp/zelfscan-vendor/node_modules/axe-core/axe.min.js \
	   /tmp/zelfscan-vendor/node_modules/axe-core/LICENSE tests/vendor/axe-core/
	mkdir -p static/vendor/bootstrap
	cp /tmp/zelfscan-vendor/node_modules/bootstrap/dist/css/bootstrap.min.css \
	   /tmp/zelfscan-vendor/node_modules/bootstrap/dist/js/bootstrap.bundle.min.js \
	   /tmp/zelfscan-vendor/node_modules/bootstrap/LICENSE static/vendor/bootstrap/
	sed -i '/sourceMappingURL/d' static/vendor/bootstrap/bootstrap.min.css static/vendor/bootstrap/bootstrap.bundle.min.js
	# The reports' font (SIL Open Font License), Latin subset, regular and bold.
	mkdir -p static/vendor/atkinson-hyperlegible
	cp /tmp/zelfscan-vendor/node_modules/@fontsource/atkinson-hyperlegible/files/atkinson-hyperlegible-latin-400-normal.woff \
	   /tmp/zelfscan-vendor/node_modules/@fontsource/atkinson-hyperlegible/files/atkinson-hyperlegible-latin-700-normal.woff \
	   /tmp/zelfscan-vendor/node_modules/@fontsource/atkinson-hyperlegible/LICENSE static/vendor/atkinson-hyperlegible/

clean:
	rm -rf $(VENV) staticfiles db.sqlite3
