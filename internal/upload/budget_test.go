package upload

import (
	"bytes"
	"context"
	"errors"
	"image"
	"image/color"
	"math"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	xdraw "golang.org/x/image/draw"

	"github.com/praktijkbank/praktijkbank/internal/upload/uploadtest"
)

// deepBomb is the 16-bit PNG of 6,324 × 6,324 pixels: under the 40-megapixel limit, a few
// hundred kilobytes, and 8 bytes a pixel once decoded.
var deepBomb = sync.OnceValue(func() []byte { return uploadtest.DeepPNG(6324, 6324) })

// allocated returns the bytes fn allocates.
func allocated(fn func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	fn()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

func TestDeepPNGRefusedBeforeDecoding(t *testing.T) {
	bomb := deepBomb()
	if len(bomb) > 1<<20 {
		t.Fatalf("the test file is %d bytes, want a small file", len(bomb))
	}
	var err error
	n := allocated(func() { _, err = Process(bytes.NewReader(bomb), Limits{}) })
	if !errors.Is(err, ErrTooManyPixels) {
		t.Fatalf("Process = %v, want ErrTooManyPixels", err)
	}
	if n > 16<<20 {
		t.Errorf("refusing the picture allocated %d MB: it was decoded", n>>20)
	}
	msg := Message(err)
	for _, want := range []string{"6.324 × 6.324 pixels", "16 bits per kleur", "JPEG"} {
		if !strings.Contains(msg, want) {
			t.Errorf("Message = %q, lacks %q", msg, want)
		}
	}
	// The same picture at a size whose decoding fits is accepted.
	small := uploadtest.DeepPNG(300, 200)
	if _, err := Process(bytes.NewReader(small), Limits{}); err != nil {
		t.Errorf("16-bit PNG of 300 × 200: %v", err)
	}
}

func TestInspectMemory(t *testing.T) {
	sof := func(marker byte, w, h uint16, comps ...byte) []byte {
		b := []byte{0xff, 0xd8, 0xff, marker, 0, byte(8 + len(comps)), 8, byte(h >> 8), byte(h), byte(w >> 8), byte(w), byte(len(comps) / 3)}
		return append(b, comps...)
	}
	yuv420 := []byte{1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1}
	baseline, ok := jpegFrame(sof(0xc0, 4000, 3000, yuv420...))
	if !ok || baseline.progressive || baseline.components != 3 || baseline.h[0] != 2 || baseline.v[0] != 2 {
		t.Fatalf("baseline frame = %+v, %v", baseline, ok)
	}
	cfg := image.Config{Width: 4000, Height: 3000}
	base := jpegCost(sof(0xc0, 4000, 3000, yuv420...), cfg)
	prog := jpegCost(sof(0xc2, 4000, 3000, yuv420...), cfg)
	if base.num*2 != 3*base.den {
		t.Errorf("4:2:0 baseline: %d/%d bytes a pixel, want 1.5", base.num, base.den)
	}
	if prog.num*2 != 15*prog.den {
		t.Errorf("4:2:0 progressive: %d/%d bytes a pixel, want 7.5 (coefficients as int32)", prog.num, prog.den)
	}

	// Real files: the estimate covers what decoding and processing allocate.
	for _, tc := range []struct {
		name string
		data []byte
	}{
		{"RGB JPEG 2400x1800", encodeJPEG(t, gradient(2400, 1800))},
		{"RGBA PNG 2400x1800", encodePNG(t, gradient(2400, 1800))},
		{"16-bit PNG 1500x1500", uploadtest.DeepPNG(1500, 1500)},
	} {
		h, err := Inspect(tc.data, Limits{})
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		n := allocated(func() {
			if _, err := Process(bytes.NewReader(tc.data), Limits{}); err != nil {
				t.Fatal(err)
			}
		})
		if int64(n) > h.Memory+int64(len(tc.data))+1<<20 {
			t.Errorf("%s: Process allocated %d MB, the estimate was %d MB", tc.name, n>>20, h.Memory>>20)
		}
	}
}

func TestProcessMemoryOfAPhoto(t *testing.T) {
	// A 12-megapixel photo: 18 MB of pixels. Scaling it used to take a buffer of 32 bytes per
	// source row and destination column (190 MB).
	data := encodeJPEG(t, gradient(4000, 3000))
	n := allocated(func() {
		if _, err := Process(bytes.NewReader(data), Limits{}); err != nil {
			t.Fatal(err)
		}
	})
	if n > 64<<20 {
		t.Errorf("processing a 12-megapixel JPEG allocated %d MB", n>>20)
	}
}

func TestResizeMatchesCatmullRom(t *testing.T) {
	// Smooth gradients and a hard edge; translucent on the right (flattened onto white).
	src := image.NewNRGBA(image.Rect(0, 0, 301, 203))
	for y := range 203 {
		for x := range 301 {
			c := color.NRGBA{uint8(x * 255 / 300), uint8(y * 255 / 202), 60, 255}
			if x > 150 {
				c.B, c.A = 220, uint8(255-(x-150))
			}
			src.Set(x, y, c)
		}
	}
	for _, size := range [][2]int{{100, 67}, {301, 203}, {37, 25}, {480, 300}} {
		got := resize(src, size[0], size[1])
		want := image.NewRGBA(got.Rect)
		xdraw.Draw(want, want.Rect, image.White, image.Point{}, xdraw.Src)
		xdraw.CatmullRom.Scale(want, want.Rect, src, src.Rect, xdraw.Over, nil)
		worst := 0.0
		for i := range got.Pix {
			worst = math.Max(worst, math.Abs(float64(got.Pix[i])-float64(want.Pix[i])))
		}
		if worst > 4 {
			t.Errorf("%v: differs from x/image/draw's Catmull-Rom by up to %v", size, worst)
		}
	}
}

func TestBudget(t *testing.T) {
	photo := encodeJPEG(t, gradient(64, 48))
	ctx := context.Background()

	t.Run("refused headers wait for nothing", func(t *testing.T) {
		b := NewBudget(64<<20, 2, time.Second)
		release, err := b.acquire(ctx, "a", 64<<20) // the whole budget taken
		if err != nil {
			t.Fatal(err)
		}
		defer release()
		start := time.Now()
		if _, err := b.Process(ctx, "b", deepBomb(), Limits{}); !errors.Is(err, ErrTooManyPixels) {
			t.Fatalf("bomb: %v", err)
		}
		if d := time.Since(start); d > 500*time.Millisecond {
			t.Errorf("the refusal took %v", d)
		}
	})

	t.Run("one picture per client at a time", func(t *testing.T) {
		b := NewBudget(256<<20, 4, 200*time.Millisecond)
		release, err := b.acquire(ctx, "a", 1)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := b.Process(ctx, "a", photo, Limits{}); !errors.Is(err, ErrBusy) {
			t.Errorf("a second picture of the same client: %v, want ErrBusy after the wait", err)
		}
		if _, err := b.Process(ctx, "b", photo, Limits{}); err != nil {
			t.Errorf("another client's picture: %v", err)
		}
		release()
		if _, err := b.Process(ctx, "a", photo, Limits{}); err != nil {
			t.Errorf("the client's next picture: %v", err)
		}
		if len(b.clients) != 0 {
			t.Errorf("%d clients left in the budget", len(b.clients))
		}
	})

	t.Run("a waiting picture gets its turn", func(t *testing.T) {
		b := NewBudget(256<<20, 4, 5*time.Second)
		release, err := b.acquire(ctx, "a", 1)
		if err != nil {
			t.Fatal(err)
		}
		done := make(chan error)
		go func() { _, err := b.Process(ctx, "a", photo, Limits{}); done <- err }()
		time.Sleep(50 * time.Millisecond)
		release()
		if err := <-done; err != nil {
			t.Errorf("waiting picture: %v", err)
		}
	})

	t.Run("too many waiting", func(t *testing.T) {
		b := NewBudget(256<<20, 4, 5*time.Second)
		release, err := b.acquire(ctx, "a", 1)
		if err != nil {
			t.Fatal(err)
		}
		errs := make(chan error, MaxWaiting+1)
		for range MaxWaiting + 1 {
			go func() { _, err := b.Process(ctx, "a", photo, Limits{}); errs <- err }()
		}
		// The one beyond MaxWaiting is refused at once.
		select {
		case err := <-errs:
			if !errors.Is(err, ErrBusy) {
				t.Errorf("picture beyond MaxWaiting: %v, want ErrBusy", err)
			}
		case <-time.After(2 * time.Second):
			t.Error("a picture beyond MaxWaiting was not refused at once")
		}
		release()
		for range MaxWaiting {
			if err := <-errs; err != nil {
				t.Errorf("waiting picture: %v", err)
			}
		}
	})

	t.Run("memory is shared", func(t *testing.T) {
		b := NewBudget(100<<20, 2, 200*time.Millisecond)
		release, err := b.acquire(ctx, "a", 60<<20)
		if err != nil {
			t.Fatal(err)
		}
		// A photo needs at least total/maxJobs = 50 MB: it does not fit beside 60 MB.
		if _, err := b.Process(ctx, "b", photo, Limits{}); !errors.Is(err, ErrBusy) {
			t.Errorf("photo beyond the budget: %v, want ErrBusy", err)
		}
		if got := Message(fmtErr(ErrBusy)); !strings.Contains(got, "wat je typte, staat er nog") {
			t.Errorf("Message(ErrBusy) = %q", got)
		}
		release()
		if _, err := b.Process(ctx, "b", photo, Limits{}); err != nil {
			t.Errorf("photo after the memory is back: %v", err)
		}
	})
}

func fmtErr(err error) error { return errors.Join(errors.New("wrapped"), err) }
