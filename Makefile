# Praktijkbank. `make run` serves the catalogue on http://localhost:8080 with the seeds as
# content; `make test` runs every test. Both start the project-local PostgreSQL themselves.

GO      ?= go
BIN     := bin/praktijkbank
E2E_DIR := internal/e2e

.PHONY: all build run test vet lint tidy-check generate check-generated deps e2e-deps fuzz bench clean screenshots

all: build

build:
	$(GO) build -o $(BIN) ./cmd/praktijkbank

run: build
	./$(BIN) serve

generate:
	$(GO) tool templ generate -path templates

# The generated templ files are committed; regenerating must change nothing. templ's own
# messages (a syntax error, say) are shown when it fails.
check-generated:
	@out=$$($(GO) tool templ generate -path templates 2>&1) || { echo "$$out"; exit 1; }
	@if [ -n "$$(git status --porcelain -- 'templates/*_templ.go')" ]; then \
		echo "templates/*_templ.go are out of date: run 'make generate' and commit"; \
		git status --porcelain -- 'templates/*_templ.go'; exit 1; fi

vet:
	$(GO) vet ./...
	@test -z "$$(gofmt -l cmd internal migrations templates static)" || { gofmt -l cmd internal migrations templates static; echo "gofmt needed"; exit 1; }

# staticcheck is a tool dependency in go.mod: the same version for everyone, no install.
lint:
	$(GO) tool staticcheck ./...

# go.mod and go.sum are what `go mod tidy` makes of the code.
tidy-check:
	$(GO) mod tidy -diff

# What `make test` needs besides Go, from Debian: the PostgreSQL server (initdb, with the
# unaccent and pg_trgm extensions), Chromium for the browser tests, Node's npm for axe-core and
# the HTML checkers, Java for the Nu Html Checker. Run as root (as CI does), it installs what is
# missing with apt-get and says so; otherwise it names the command to run.
DEB_NEEDS := $(strip \
	$(if $(wildcard /usr/lib/postgresql/*/bin/initdb)$(shell command -v initdb),,postgresql postgresql-contrib) \
	$(if $(shell command -v chromium),,chromium) \
	$(if $(shell command -v npm),,nodejs npm) \
	$(if $(shell command -v java),,default-jre-headless))

deps:
ifneq ($(DEB_NEEDS),)
	@if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "make: installing the Debian packages the tests need: $(DEB_NEEDS)"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $(DEB_NEEDS); \
	else \
		echo "make: the tests need these Debian packages: $(DEB_NEEDS)"; \
		echo "      install them with: sudo apt-get install $(DEB_NEEDS)"; exit 1; \
	fi
endif

# axe-core, the Nu Html Checker (vnu-jar, run with the machine's Java) and html-validate for
# the browser tests, from the npm registry. No install scripts run: vnu-jar's would download
# a Java runtime when it finds none.
e2e-deps: $(E2E_DIR)/node_modules/.installed

$(E2E_DIR)/node_modules/.installed: $(E2E_DIR)/package.json $(E2E_DIR)/package-lock.json | deps
	@echo "make: installing the browser checks' npm packages (package-lock.json) into $(E2E_DIR)/node_modules"
	npm ci --prefix $(E2E_DIR) --ignore-scripts --no-audit --no-fund --loglevel=error
	@touch $@

test: deps vet lint tidy-check check-generated e2e-deps
	$(GO) test -count=1 -timeout 30m ./...

# Full-page PNGs of every public page type at 375 and 1280 px and the print rendering of a
# sheet, into .data/screenshots/, from the browser test harness: look at them.
screenshots: e2e-deps
	rm -rf .data/screenshots
	E2E_SHOTS=$(CURDIR)/.data/screenshots $(GO) test -count=1 -run '^Test(Editor|Submitter)?Screenshots$$' ./internal/e2e/
	@echo "screenshots in .data/screenshots/"

# Fuzz the importer, the rich-text renderer, the upload decoder, the folding of text and the
# routes (any query, body and content type, signed in as an admin) for a while each.
fuzz:
	$(GO) test -run='^$$' -fuzz=FuzzParse -fuzztime=60s ./internal/importer/
	$(GO) test -run='^$$' -fuzz=FuzzRender -fuzztime=60s ./internal/richtext/
	$(GO) test -run='^$$' -fuzz=FuzzProcess -fuzztime=30s ./internal/upload/
	$(GO) test -run='^$$' -fuzz=FuzzFold -fuzztime=30s ./internal/catalog/
	$(GO) test -run='^$$' -fuzz=FuzzRequests -fuzztime=60s ./internal/web/

# Load run of the catalogue with wrk against a benchmark database of its own
# (.data/bench-postgres, 10,000 generated sheets); BENCH_SHEETS=100000 runs part (a) at
# 100k sheets in .data/bench-postgres-100000. See internal/bench/run.sh for the settings.
bench:
	GO="$(GO)" internal/bench/run.sh

clean:
	rm -rf bin
