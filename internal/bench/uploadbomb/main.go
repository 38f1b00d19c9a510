// Command uploadbomb measures how a running server copes with decompression bombs posted to
// the submission form: it posts N pictures at once as one client, and a normal photo as another
// client while they run, and samples the server's resident memory (VmRSS from /proc) meanwhile.
// The server must run with BEHIND_PROXY=true: the two clients are told apart by their
// X-Forwarded-For address, which a server behind a proxy on the same machine believes.
//
//	BEHIND_PROXY=true praktijkbank serve -addr localhost:18080 &
//	go run ./internal/bench/uploadbomb -url http://localhost:18080 -pid $! -bombs 10 -kind deep
//
// -kind deep posts 16-bit PNGs of 6,324 × 6,324 pixels (320 MB decoded each), -kind wide 8-bit
// PNGs of the same size (160 MB decoded each: the largest that is accepted).
package main

import (
	"bytes"
	"flag"
	"fmt"
	"html"
	"image"
	"image/color"
	"image/jpeg"
	"io"
	"log"
	"mime/multipart"
	"net/http"
	"os"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/praktijkbank/praktijkbank/internal/upload/uploadtest"
)

func main() {
	base := flag.String("url", "http://localhost:18080", "the server")
	pid := flag.Int("pid", 0, "the server's process id, to read its memory")
	bombs := flag.Int("bombs", 10, "pictures posted at once by one client")
	kind := flag.String("kind", "deep", "deep (16-bit PNG) or wide (8-bit PNG), 6,324 × 6,324 pixels")
	flag.Parse()
	if *pid == 0 {
		log.Fatal("-pid is needed")
	}
	depth := 16
	if *kind == "wide" {
		depth = 8
	}
	bomb := uploadtest.BlackPNG(6324, 6324, depth)
	photo := normalPhoto()
	fmt.Printf("bomb: %d-bit PNG of 6324 x 6324, %d bytes; normal photo: JPEG of 1600 x 1200, %d bytes\n", depth, len(bomb), len(photo))

	stop := make(chan struct{})
	var peak int64
	var sampler sync.WaitGroup
	sampler.Go(func() {
		for {
			select {
			case <-stop:
				return
			case <-time.After(10 * time.Millisecond):
			}
			peak = max(peak, rss(*pid))
		}
	})
	startRSS := rss(*pid)
	start := time.Now()
	var wg sync.WaitGroup
	results := make([]string, *bombs)
	for i := range *bombs {
		wg.Go(func() {
			t0 := time.Now()
			status, msg := post(*base, "203.0.113.7", bomb, "bom.png")
			results[i] = fmt.Sprintf("%d in %v: %s", status, time.Since(t0).Round(time.Millisecond), msg)
		})
	}
	time.Sleep(100 * time.Millisecond)
	t0 := time.Now()
	status, msg := post(*base, "198.51.100.9", photo, "foto.jpg")
	normal := time.Since(t0)
	wg.Wait()
	total := time.Since(start)
	time.Sleep(time.Second)
	after1 := rss(*pid)
	time.Sleep(4 * time.Second)
	close(stop)
	sampler.Wait()
	after5 := rss(*pid)

	for i, r := range results {
		fmt.Printf("bomb %d: %s\n", i+1, r)
	}
	fmt.Printf("normal photo from another client: %d in %v %s\n", status, normal.Round(time.Millisecond), msg)
	fmt.Printf("all answered in %v\n", total.Round(time.Millisecond))
	fmt.Printf("server VmRSS: %d MB before, %d MB peak, %d MB 1 s after, %d MB 5 s after\n",
		startRSS>>20, peak>>20, after1>>20, after5>>20)
}

// post sends a submission draft with a photo as client and returns the status and the
// message at the photo field, if any.
func post(base, client string, photo []byte, name string) (int, string) {
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	_ = mw.WriteField("titel", "Meting van het opladen")
	_ = mw.WriteField("naam", "Meter")
	_ = mw.WriteField("email", "meter@example.be")
	w, _ := mw.CreateFormFile("foto", name)
	_, _ = w.Write(photo)
	_ = mw.WriteField("action", "draft")
	_ = mw.Close()
	req, err := http.NewRequest(http.MethodPost, base+"/indienen", &body)
	if err != nil {
		log.Fatal(err)
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("X-Forwarded-For", client)
	client0 := &http.Client{Timeout: 5 * time.Minute,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client0.Do(req)
	if err != nil {
		return 0, err.Error()
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	msg := ""
	if i := bytes.Index(b, []byte(`id="foto-fout"`)); i >= 0 {
		msg = string(b[i:])
		if j := strings.Index(msg, "</p>"); j >= 0 {
			msg = msg[:j]
		}
		msg = html.UnescapeString(tags.ReplaceAllString(strings.TrimPrefix(msg, `id="foto-fout">`), ""))
		msg = strings.Join(strings.Fields(strings.TrimPrefix(msg, "Fout: ")), " ")
	}
	return resp.StatusCode, msg
}

var tags = regexp.MustCompile(`<[^>]*>`)

// normalPhoto is a 1600 × 1200 JPEG with some detail.
func normalPhoto() []byte {
	img := image.NewRGBA(image.Rect(0, 0, 1600, 1200))
	for y := range 1200 {
		for x := range 1600 {
			img.Set(x, y, color.RGBA{uint8(x ^ y), uint8(x * y >> 8), uint8(x + y), 255})
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 85}); err != nil {
		log.Fatal(err)
	}
	return buf.Bytes()
}

// rss reads VmRSS of pid in bytes.
func rss(pid int) int64 {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return 0
	}
	for line := range strings.SplitSeq(string(b), "\n") {
		if rest, ok := strings.CutPrefix(line, "VmRSS:"); ok {
			f := strings.Fields(rest)
			if len(f) > 0 {
				kb, _ := strconv.ParseInt(f[0], 10, 64)
				return kb << 10
			}
		}
	}
	return 0
}
