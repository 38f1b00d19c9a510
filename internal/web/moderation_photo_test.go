package web_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
)

// TestEditorPhotoKeptAfterError: a new photo uploaded with an edit that is refused (it has no
// description yet) is shown in the form again and saved with the next post, without the file
// being chosen again; the token that keeps it opens nothing for another editor.
func TestEditorPhotoKeptAfterError(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	ed := modSignIn(t, s, "eva@praktijkbank.test")
	sheet := modSheet(t, s.st, "Talentcoaches")
	admin := fmt.Sprintf("/beheer/fiches/%d", sheet.ID)
	form := ed.page(t, "GET", admin, nil, 200).Find("form.sheet-form")
	values := modFormValues(form)
	values.Set("action", "save")
	values.Set("foto-alt", "")
	resp := ed.postPhoto(t, form.AttrOr("action", ""), values, subJPEG(t))
	doc, err := goquery.NewDocumentFromReader(resp.Body)
	resp.Body.Close()
	if err != nil || resp.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("a photo without description: status %d, %v", resp.StatusCode, err)
	}
	again := doc.Find("form.sheet-form")
	if msg := again.Find("#foto-alt-fout").Text(); !strings.Contains(msg, "Beschrijf") || strings.Contains(msg, "opnieuw") {
		t.Errorf("the message next to the description is %q", msg)
	}
	if caption := again.Find("figure figcaption").Text(); !strings.Contains(caption, "Nieuwe foto, nog niet bewaard: nieuw.jpg") ||
		again.Find(`figure img[src^="data:image/jpeg;base64,"]`).Length() != 1 {
		t.Fatalf("the form shown again does not show the new photo: caption %q", caption)
	}
	kept := modFormValues(again)
	if kept.Get("foto-wacht") == "" {
		t.Fatal("the form shown again carries no token of the photo")
	}
	kept.Set("action", "save")
	kept.Set("foto-alt", "Een coach en een kleuter in het bos")
	kept.Set("foto-toestemming", "ja")

	// Another editor's post with the token gets no photo, and is told so.
	other := modSignIn(t, s, "rik@praktijkbank.test")
	if msg := other.page(t, "POST", again.AttrOr("action", ""), kept, http.StatusUnprocessableEntity).Find("#foto-fout").Text(); !strings.Contains(msg, "niet meer bewaard") {
		t.Errorf("another editor's post with the token: message %q", msg)
	}
	if after := modSheet(t, s.st, "Talentcoaches"); after.Revision != sheet.Revision {
		t.Fatalf("another editor's post with the token saved revision %d", after.Revision)
	}

	// The editor describes the photo and saves, without choosing the file again.
	if loc := ed.post(t, again.AttrOr("action", ""), kept); loc != admin+"?melding=bewaard" {
		t.Fatalf("saving with the kept photo leads to %q", loc)
	}
	after := modSheet(t, s.st, "Talentcoaches")
	if after.Image == nil || after.Image.File != "nieuw.jpg" || after.Image.Alt != "Een coach en een kleuter in het bos" || after.Revision != sheet.Revision+1 {
		t.Fatalf("after saving: image %+v, revision %d (was %d)", after.Image, after.Revision, sheet.Revision)
	}
	// The token is used up.
	if msg := ed.page(t, "POST", admin+fmt.Sprintf("?versie=%d", after.Revision), kept, http.StatusUnprocessableEntity).Find("#foto-fout").Text(); !strings.Contains(msg, "niet meer bewaard") {
		t.Errorf("a used token: message %q", msg)
	}
}
