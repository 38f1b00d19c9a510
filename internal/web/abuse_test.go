package web_test

import (
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/praktijkbank/praktijkbank/internal/upload/uploadtest"
)

// TestSubmitPhotoBombs posts ten 16-bit PNGs of 6,324 × 6,324 pixels (a few hundred KB each,
// 320 MB each once decoded) at once, and a normal photo beside them: the bombs are refused by
// their header with a message at the photo field and the text typed kept, and the normal photo
// is processed without waiting for them.
func TestSubmitPhotoBombs(t *testing.T) {
	t.Parallel()
	s := newSite(t)
	bomb := uploadtest.DeepPNG(6324, 6324)
	start := time.Now()
	var wg sync.WaitGroup
	for i := range 10 {
		wg.Go(func() {
			resp, body := s.subSend(t, "/indienen", subPost{photo: bomb, fields: []subField{
				{"titel", "Bom " + string(rune('A'+i))}, {"naam", "An"}, {"foto", "bom.png"}, {"action", "draft"},
			}})
			if resp.StatusCode != http.StatusOK {
				t.Errorf("bomb: status %d", resp.StatusCode)
				return
			}
			doc := subDoc(t, body)
			if msg := doc.Find("#foto-fout").Text(); !strings.Contains(msg, "16 bits per kleur") {
				t.Errorf("bomb: photo message %q", msg)
			}
			if got := subVal(doc, "titel"); got != "Bom "+string(rune('A'+i)) {
				t.Errorf("bomb: title typed became %q", got)
			}
		})
	}
	var normal time.Duration
	wg.Go(func() {
		t0 := time.Now()
		resp, _ := s.subSend(t, "/indienen", subPost{photo: subJPEG(t), fields: []subField{
			{"titel", "Gewone foto"}, {"naam", "Bea"}, {"email", "bea@example.be"}, {"foto", "foto.jpg"}, {"action", "draft"},
		}})
		normal = time.Since(t0)
		if resp.StatusCode != http.StatusSeeOther {
			t.Errorf("normal photo: status %d, want 303 to the private page", resp.StatusCode)
		}
	})
	wg.Wait()
	if normal > 5*time.Second {
		t.Errorf("the normal photo took %v beside ten bombs", normal)
	}
	if n := s.subCount(t, `SELECT count(*) FROM submission_images`); n != 1 {
		t.Errorf("%d photos stored, want the normal one only", n)
	}
	t.Logf("ten bombs and a photo in %v; the photo in %v", time.Since(start), normal)
}
