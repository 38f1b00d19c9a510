// Package e2e holds the end-to-end tests of Praktijkbank: the real app over a
// real PostgreSQL database, driven in a real headless Chromium from Go with
// chromedp, with and without JavaScript, by mouse and by keyboard, plus an
// accessibility check (axe-core, WCAG 2.1 A and AA) and HTML validity checks
// (the Nu Html Checker, the reference, and html-validate) of every page type.
//
// The package has only tests. They need:
//
//   - Chromium at /usr/bin/chromium (apt-get install chromium);
//   - Node.js and the packages of package.json in node_modules
//     (npm ci --prefix internal/e2e --ignore-scripts);
//   - Java 17 or newer for the Nu Html Checker (apt-get install default-jre-headless).
//
// Run them with:
//
//	npm ci --prefix internal/e2e --ignore-scripts
//	go test ./internal/e2e/ -count=1 -v
//
// With E2E_SHOTS set, the tests save screenshots of a few pages to
// /tmp/e2e-shots/ (or to the folder that E2E_SHOTS names, when it is a path).
//
// To check a new page type for accessibility and valid HTML, add it to
// fixedPages in pages_test.go, or, when it needs objects of its own
// (submissions, an invitation, an admin's session), to signedInPages in
// signedin_test.go, which makes them through the store. Admin pages are
// opened with a session cookie; the journeys of submitters and editors
// (journey_submit_test.go) sign in through the real form on /aanmelden.
package e2e
