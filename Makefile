# Praktijkbank. `make run` serves the catalogue on http://localhost:8080 with the seeds as
# content; `make test` runs every test. Both start the project-local PostgreSQL themselves.

GO      ?= go
BIN     := bin/praktijkbank
E2E_DIR := internal/e2e

.PHONY: all build run test vet generate check-generated e2e-deps fuzz bench clean screenshots

all: build

build:
	$(GO) build -o $(BIN) ./cmd/praktijkbank

run: build
	./$(BIN) serve

generate:
	$(GO) tool templ generate -path templates

# The generated templ files are committed; regenerating must change nothing.
check-generated:
	@$(GO) tool templ generate -path templates >/dev/null 2>&1
	@if [ -n "$$(git status --porcelain -- 'templates/*_templ.go')" ]; then \
		echo "templates/*_templ.go are out of date: run 'make generate' and commit"; \
		git status --porcelain -- 'templates/*_templ.go'; exit 1; fi

vet:
	$(GO) vet ./...
	@test -z "$$(gofmt -l cmd internal migrations templates static)" || { gofmt -l cmd internal migrations templates static; echo "gofmt needed"; exit 1; }

# axe-core and html-validate for the browser tests, from the npm registry.
e2e-deps: $(E2E_DIR)/node_modules/.installed

$(E2E_DIR)/node_modules/.installed: $(E2E_DIR)/package.json $(E2E_DIR)/package-lock.json
	@command -v npm >/dev/null || { echo "npm not found: install it with 'apt-get install nodejs npm'"; exit 1; }
	npm ci --prefix $(E2E_DIR) --no-audit --no-fund --loglevel=error
	@touch $@

test: vet check-generated e2e-deps
	$(GO) test -count=1 ./...

# Full-page PNGs of every public page type at 375 and 1280 px and the print rendering of a
# sheet, into .data/screenshots/, from the browser test harness: look at them.
screenshots: e2e-deps
	rm -rf .data/screenshots
	E2E_SHOTS=$(CURDIR)/.data/screenshots $(GO) test -count=1 -run '^TestScreenshots$$' ./internal/e2e/
	@echo "screenshots in .data/screenshots/"

# Fuzz the importer, the rich-text renderer and the upload decoder for a while each.
fuzz:
	$(GO) test -run='^$$' -fuzz=FuzzParse -fuzztime=60s ./internal/importer/
	$(GO) test -run='^$$' -fuzz=FuzzRender -fuzztime=60s ./internal/richtext/
	$(GO) test -run='^$$' -fuzz=FuzzProcess -fuzztime=30s ./internal/upload/
	$(GO) test -run='^$$' -fuzz=FuzzFold -fuzztime=30s ./internal/catalog/

# Load run of the catalogue with wrk against a benchmark database of its own
# (.data/bench-postgres, 10,000 generated sheets); BENCH_SHEETS=100000 runs part (a) at
# 100k sheets in .data/bench-postgres-100000. See internal/bench/run.sh for the settings.
bench:
	GO="$(GO)" internal/bench/run.sh

clean:
	rm -rf bin
