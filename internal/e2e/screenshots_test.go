package e2e

import (
	"context"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// screenshotPages are the public page types that `make screenshots` photographs.
var screenshotPages = []checkedPage{
	{Name: "home", Path: "/", Status: http.StatusOK},
	{Name: "catalogue", Path: "/praktijken", Status: http.StatusOK},
	{Name: "catalogue-searched", Path: "/praktijken?q=" + journeyQuery, Status: http.StatusOK},
	{Name: "catalogue-filtered", Path: "/praktijken?q=opvang&gemeente=genk&categorie=onbekend", Status: http.StatusOK},
	{Name: "catalogue-empty", Path: "/praktijken?q=zzqxj", Status: http.StatusOK},
	{Name: "sheet-from-search", Path: "/praktijken/vrijetijdscoaching-genk?terug=" + url.QueryEscape("/praktijken?q=opvang&gemeente=genk"), Status: http.StatusOK},
	{Name: "catalogue-past-end", Path: "/praktijken?pagina=9", Status: http.StatusOK},
	{Name: "municipalities", Path: "/gemeenten", Status: http.StatusOK},
	{Name: "municipalities-searched", Path: "/gemeenten?q=ge", Status: http.StatusOK},
	{Name: "municipality", Path: "/gemeenten/genk", Status: http.StatusOK},
	{Name: "municipality-empty", Path: "/gemeenten/aalter", Status: http.StatusOK},
	{Name: "submit", Path: "/indienen", Status: http.StatusOK},
	{Name: "not-found", Path: "/bestaat-niet", Status: http.StatusNotFound},
	{Name: "accessibility", Path: "/toegankelijkheid", Status: http.StatusOK},
	{Name: "contact", Path: "/contact", Status: http.StatusOK},
	{Name: "report", Path: "/praktijken/vrijetijdscoaching-genk/probleem", Status: http.StatusOK},
	{Name: "contact-correction", Path: "/praktijken/opvoedingsondersteuning-voor-anderstalige-ouders-met-jonge-kinderen/contact", Status: http.StatusOK},
	{Name: "contact-correction-errors", Path: "/praktijken/opvoedingsondersteuning-voor-anderstalige-ouders-met-jonge-kinderen/contact", Status: http.StatusUnprocessableEntity,
		Form: url.Values{"reden": {""}, "email": {"lezer@"}}},
}

// TestScreenshots writes full-page PNGs of every public page type at a phone's width and a
// desktop's (every sheet of the seeds among them), and the print rendering of every sheet,
// for people to look at: `make screenshots` (E2E_SHOTS names the folder). Without E2E_SHOTS
// there is nothing to write, and it skips.
func TestScreenshots(t *testing.T) {
	if os.Getenv("E2E_SHOTS") == "" {
		t.Skip("E2E_SHOTS is not set: run `make screenshots`")
	}
	t.Parallel()
	s := startSite(t)
	pages := slices.Clone(screenshotPages)
	sheets := s.sheetPaths(t)
	for _, p := range sheets {
		pages = append(pages, checkedPage{Name: "sheet-" + strings.TrimPrefix(p, "/praktijken/"), Path: p, Status: http.StatusOK})
	}
	for _, width := range []int64{phoneWidth, 1280} {
		b := browser(t)
		b.setViewport(width, 800, width == phoneWidth)
		for _, p := range pages {
			b.open(s, p, "")
			b.screenshot(strconv.FormatInt(width, 10) + "-" + p.Name)
		}
		// The filters opened, the municipalities shown in full and narrowed by typing.
		b.navigate(s.URL + "/praktijken?q=opvang")
		b.showFacetOptions(facetName)
		b.screenshot(strconv.FormatInt(width, 10) + "-catalogue-filters-open")
	}
	// Print: every sheet, on A4 at 96 dpi.
	b := browser(t)
	b.setViewport(794, 1123, false)
	b.call("emulate print", func(ctx context.Context) error {
		_, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"})
		return err
	})
	for _, p := range sheets {
		b.navigate(s.URL + p)
		b.screenshot("print-sheet-" + strings.TrimPrefix(p, "/praktijken/"))
	}
}
