package upload

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"hash/crc32"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"io"
	"os"
	"strings"
	"testing"
	"testing/iotest"
)

func gradient(w, h int) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			i := img.PixOffset(x, y)
			copy(img.Pix[i:i+4], []uint8{uint8(x * 255 / max(1, w-1)), uint8(y * 255 / max(1, h-1)), 100, 255})
		}
	}
	return img
}

func encodePNG(t testing.TB, img image.Image) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func encodeJPEG(t testing.TB, img image.Image) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 90}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func readTestdata(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// pngHeader returns a PNG file that consists of the signature and a valid
// IHDR chunk for a w × h RGB image, and no pixel data at all.
func pngHeader(w, h uint32) []byte {
	ihdr := make([]byte, 0, 17)
	ihdr = append(ihdr, "IHDR"...)
	ihdr = binary.BigEndian.AppendUint32(ihdr, w)
	ihdr = binary.BigEndian.AppendUint32(ihdr, h)
	ihdr = append(ihdr, 8, 2, 0, 0, 0) // 8-bit truecolour, no interlace
	out := []byte("\x89PNG\r\n\x1a\n")
	out = binary.BigEndian.AppendUint32(out, 13)
	out = append(out, ihdr...)
	return binary.BigEndian.AppendUint32(out, crc32.ChecksumIEEE(ihdr))
}

// exifSegment returns an APP1 Exif segment (marker included) with a
// big-endian TIFF structure whose IFD0 holds an orientation tag and a GPS
// IFD pointer, followed by GPS-like payload bytes.
func exifSegment(orientation uint16) []byte {
	var tiff []byte
	tiff = append(tiff, "MM\x00\x2a"...)
	tiff = binary.BigEndian.AppendUint32(tiff, 8)
	tiff = binary.BigEndian.AppendUint16(tiff, 2)
	// Orientation, SHORT, count 1.
	tiff = binary.BigEndian.AppendUint16(tiff, 0x0112)
	tiff = binary.BigEndian.AppendUint16(tiff, 3)
	tiff = binary.BigEndian.AppendUint32(tiff, 1)
	tiff = binary.BigEndian.AppendUint16(tiff, orientation)
	tiff = append(tiff, 0, 0)
	// GPSInfo IFD pointer, LONG, count 1.
	tiff = binary.BigEndian.AppendUint16(tiff, 0x8825)
	tiff = binary.BigEndian.AppendUint16(tiff, 4)
	tiff = binary.BigEndian.AppendUint32(tiff, 1)
	tiff = binary.BigEndian.AppendUint32(tiff, 38)
	tiff = binary.BigEndian.AppendUint32(tiff, 0)
	tiff = append(tiff, "GPSLatitude 51.0543N GPSLongitude 3.7174E"...)

	body := append([]byte("Exif\x00\x00"), tiff...)
	seg := []byte{0xff, 0xe1}
	seg = binary.BigEndian.AppendUint16(seg, uint16(len(body)+2))
	return append(seg, body...)
}

// withSegment inserts seg right after the SOI marker of a JPEG file.
func withSegment(jpg, seg []byte) []byte {
	out := append([]byte{}, jpg[:2]...)
	out = append(out, seg...)
	return append(out, jpg[2:]...)
}

// jpegMarkers lists the markers of a JPEG file up to the start of scan.
func jpegMarkers(t *testing.T, b []byte) []byte {
	t.Helper()
	if len(b) < 2 || b[0] != 0xff || b[1] != 0xd8 {
		t.Fatalf("not a JPEG: % x", b[:min(len(b), 4)])
	}
	var markers []byte
	for i := 2; i+4 <= len(b); {
		if b[i] != 0xff {
			t.Fatalf("bad marker at %d", i)
		}
		m := b[i+1]
		markers = append(markers, m)
		if m == 0xda {
			break
		}
		i += 2 + int(binary.BigEndian.Uint16(b[i+2:]))
	}
	return markers
}

func checkResult(t *testing.T, res Result, wantW, wantH, wantTW, wantTH int) {
	t.Helper()
	if res.Width != wantW || res.Height != wantH {
		t.Errorf("full size = %dx%d, want %dx%d", res.Width, res.Height, wantW, wantH)
	}
	if res.ThumbWidth != wantTW || res.ThumbHeight != wantTH {
		t.Errorf("thumb size = %dx%d, want %dx%d", res.ThumbWidth, res.ThumbHeight, wantTW, wantTH)
	}
	if res.ContentType != "image/jpeg" {
		t.Errorf("ContentType = %q", res.ContentType)
	}
	sum := sha256.Sum256(res.Full)
	if res.SHA256 != hex.EncodeToString(sum[:]) {
		t.Errorf("SHA256 = %q, not the digest of Full", res.SHA256)
	}
	for _, img := range []struct {
		name string
		data []byte
		w, h int
	}{{"full", res.Full, wantW, wantH}, {"thumb", res.Thumb, wantTW, wantTH}} {
		cfg, err := jpeg.DecodeConfig(bytes.NewReader(img.data))
		if err != nil {
			t.Fatalf("%s is not a JPEG: %v", img.name, err)
		}
		if cfg.Width != img.w || cfg.Height != img.h {
			t.Errorf("%s JPEG is %dx%d, want %dx%d", img.name, cfg.Width, cfg.Height, img.w, img.h)
		}
		for _, m := range jpegMarkers(t, img.data) {
			if m >= 0xe0 && m <= 0xef || m == 0xfe {
				t.Errorf("%s has APP/COM marker %#x", img.name, m)
			}
		}
	}
}

func TestProcessAccepts(t *testing.T) {
	tests := []struct {
		name                   string
		data                   []byte
		wantW, wantH, tw, th   int
		wantTopLeftNearlyWhite bool
	}{
		{name: "small PNG kept at size", data: encodePNG(t, gradient(64, 48)), wantW: 64, wantH: 48, tw: 64, th: 48},
		{name: "small JPEG kept at size", data: encodeJPEG(t, gradient(300, 200)), wantW: 300, wantH: 200, tw: 300, th: 200},
		{name: "wide PNG scaled", data: encodePNG(t, gradient(2100, 300)), wantW: 2000, wantH: 286, tw: 480, th: 69},
		{name: "tall JPEG scaled", data: encodeJPEG(t, gradient(600, 2100)), wantW: 571, wantH: 2000, tw: 480, th: 1681},
		{name: "grey JPEG", data: encodeJPEG(t, image.NewGray(image.Rect(0, 0, 600, 10))), wantW: 600, wantH: 10, tw: 480, th: 8},
		{name: "lossless WebP", data: readTestdata(t, "lossless.webp"), wantW: 16, wantH: 12, tw: 16, th: 12},
		{name: "lossy WebP", data: readTestdata(t, "lossy.webp"), wantW: 16, wantH: 12, tw: 16, th: 12},
		{name: "WebP with alpha flattened on white", data: readTestdata(t, "alpha.webp"), wantW: 8, wantH: 8, tw: 8, th: 8},
		{
			name:                   "transparent PNG flattened on white",
			data:                   encodePNG(t, image.NewNRGBA(image.Rect(0, 0, 10, 10))),
			wantW:                  10,
			wantH:                  10,
			tw:                     10,
			th:                     10,
			wantTopLeftNearlyWhite: true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := Process(bytes.NewReader(tt.data), Limits{})
			if err != nil {
				t.Fatalf("Process: %v", err)
			}
			checkResult(t, res, tt.wantW, tt.wantH, tt.tw, tt.th)
			if tt.wantTopLeftNearlyWhite {
				img, err := jpeg.Decode(bytes.NewReader(res.Full))
				if err != nil {
					t.Fatal(err)
				}
				if r, g, b, _ := img.At(0, 0).RGBA(); r>>8 < 250 || g>>8 < 250 || b>>8 < 250 {
					t.Errorf("transparent pixel became %v, want white", img.At(0, 0))
				}
			}
		})
	}
}

func TestProcessAlphaWebPHalfWhite(t *testing.T) {
	// alpha.webp is 8x8: the left half opaque red, the right half transparent.
	res, err := Process(bytes.NewReader(readTestdata(t, "alpha.webp")), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	img, err := jpeg.Decode(bytes.NewReader(res.Full))
	if err != nil {
		t.Fatal(err)
	}
	if !near(img.At(1, 4), color.RGBA{255, 0, 0, 255}) {
		t.Errorf("left pixel = %v, want red", img.At(1, 4))
	}
	if !near(img.At(6, 4), color.RGBA{255, 255, 255, 255}) {
		t.Errorf("right pixel = %v, want white", img.At(6, 4))
	}
}

func near(c color.Color, want color.RGBA) bool {
	r, g, b, _ := c.RGBA()
	d := func(a uint32, b uint8) int { return max(int(a>>8)-int(b), int(b)-int(a>>8)) }
	return d(r, want.R) < 40 && d(g, want.G) < 40 && d(b, want.B) < 40
}

func TestProcessStripsEXIF(t *testing.T) {
	jpg := withSegment(encodeJPEG(t, gradient(40, 30)), exifSegment(1))
	jpg = append(jpg, []byte("trailing payload after EOI")...)
	res, err := Process(bytes.NewReader(jpg), Limits{})
	if err != nil {
		t.Fatalf("Process: %v", err)
	}
	checkResult(t, res, 40, 30, 40, 30)
	for _, out := range [][]byte{res.Full, res.Thumb} {
		for _, needle := range []string{"Exif", "GPS", "\xff\xe1", "trailing payload"} {
			if bytes.Contains(out, []byte(needle)) {
				t.Errorf("output contains %q", needle)
			}
		}
	}
}

func TestProcessAppliesOrientation(t *testing.T) {
	// 40x20: left half red, right half blue.
	src := image.NewRGBA(image.Rect(0, 0, 40, 20))
	for y := range 20 {
		for x := range 40 {
			c := color.RGBA{0, 0, 255, 255}
			if x < 20 {
				c = color.RGBA{255, 0, 0, 255}
			}
			src.Set(x, y, c)
		}
	}
	red, blue := color.RGBA{255, 0, 0, 255}, color.RGBA{0, 0, 255, 255}
	tests := []struct {
		orientation  uint16
		w, h         int
		probeA       image.Point
		probeB       image.Point
		wantA, wantB color.RGBA
	}{
		{1, 40, 20, image.Pt(5, 10), image.Pt(35, 10), red, blue},
		{2, 40, 20, image.Pt(5, 10), image.Pt(35, 10), blue, red},
		{3, 40, 20, image.Pt(5, 10), image.Pt(35, 10), blue, red},
		{4, 40, 20, image.Pt(5, 10), image.Pt(35, 10), red, blue},
		{5, 20, 40, image.Pt(10, 5), image.Pt(10, 35), red, blue},
		{6, 20, 40, image.Pt(10, 5), image.Pt(10, 35), red, blue},
		{7, 20, 40, image.Pt(10, 5), image.Pt(10, 35), blue, red},
		{8, 20, 40, image.Pt(10, 5), image.Pt(10, 35), blue, red},
		{9, 40, 20, image.Pt(5, 10), image.Pt(35, 10), red, blue},
	}
	for _, tt := range tests {
		jpg := withSegment(encodeJPEG(t, src), exifSegment(tt.orientation))
		res, err := Process(bytes.NewReader(jpg), Limits{})
		if err != nil {
			t.Fatalf("orientation %d: %v", tt.orientation, err)
		}
		if res.Width != tt.w || res.Height != tt.h {
			t.Errorf("orientation %d: size %dx%d, want %dx%d", tt.orientation, res.Width, res.Height, tt.w, tt.h)
			continue
		}
		img, err := jpeg.Decode(bytes.NewReader(res.Full))
		if err != nil {
			t.Fatal(err)
		}
		if got := img.At(tt.probeA.X, tt.probeA.Y); !near(got, tt.wantA) {
			t.Errorf("orientation %d: pixel %v = %v, want %v", tt.orientation, tt.probeA, got, tt.wantA)
		}
		if got := img.At(tt.probeB.X, tt.probeB.Y); !near(got, tt.wantB) {
			t.Errorf("orientation %d: pixel %v = %v, want %v", tt.orientation, tt.probeB, got, tt.wantB)
		}
	}
}

func TestOrientDiagonals(t *testing.T) {
	// A 3x2 image with distinct pixels; check every orientation against
	// the EXIF definition of where the stored top-left pixel ends up.
	src := image.NewRGBA(image.Rect(0, 0, 3, 2))
	for i := range src.Pix {
		src.Pix[i] = uint8(i)
	}
	topLeft := src.RGBAAt(0, 0)
	tests := []struct {
		o    int
		w, h int
		at   image.Point // where the stored top-left pixel must end up
	}{
		{1, 3, 2, image.Pt(0, 0)},
		{2, 3, 2, image.Pt(2, 0)},
		{3, 3, 2, image.Pt(2, 1)},
		{4, 3, 2, image.Pt(0, 1)},
		{5, 2, 3, image.Pt(0, 0)},
		{6, 2, 3, image.Pt(1, 0)},
		{7, 2, 3, image.Pt(1, 2)},
		{8, 2, 3, image.Pt(0, 2)},
	}
	for _, tt := range tests {
		got := orient(src, tt.o)
		if got.Rect.Dx() != tt.w || got.Rect.Dy() != tt.h {
			t.Errorf("orientation %d: %v", tt.o, got.Rect)
			continue
		}
		if got.RGBAAt(tt.at.X, tt.at.Y) != topLeft {
			t.Errorf("orientation %d: top-left pixel not at %v", tt.o, tt.at)
		}
	}
}

func TestJPEGOrientationMalformed(t *testing.T) {
	base := encodeJPEG(t, gradient(8, 8))
	seg := exifSegment(6)
	tests := map[string][]byte{
		"no exif":            base,
		"exif cut short":     withSegment(base, seg[:20]),
		"segment length big": append([]byte{0xff, 0xd8, 0xff, 0xe1, 0xff, 0xff}, "Exif\x00\x00MM"...),
		"bad byte order":     withSegment(base, bytes.Replace(seg, []byte("MM\x00\x2a"), []byte("XX\x00\x2a"), 1)),
		"huge IFD offset":    withSegment(base, bytes.Replace(seg, []byte("MM\x00\x2a\x00\x00\x00\x08"), []byte("MM\x00\x2a\xff\xff\xff\xf0"), 1)),
		"only SOI":           {0xff, 0xd8},
	}
	for name, data := range tests {
		if got := jpegOrientation(data); got != 1 {
			t.Errorf("%s: orientation %d, want 1", name, got)
		}
	}
	if got := jpegOrientation(withSegment(base, seg)); got != 6 {
		t.Errorf("valid segment: orientation %d, want 6", got)
	}
}

func TestProcessRejects(t *testing.T) {
	var gifBuf bytes.Buffer
	pal := image.NewPaletted(image.Rect(0, 0, 4, 4), []color.Color{color.Black, color.White})
	if err := gif.Encode(&gifBuf, pal, nil); err != nil {
		t.Fatal(err)
	}
	pngData := encodePNG(t, gradient(64, 64))
	jpgData := encodeJPEG(t, gradient(64, 64))
	webpData := readTestdata(t, "lossy.webp")

	tests := []struct {
		name   string
		data   []byte
		limits Limits
		want   error
	}{
		{"empty", nil, Limits{}, ErrEmpty},
		{"GIF", gifBuf.Bytes(), Limits{}, ErrUnsupportedFormat},
		{"text", []byte("Dit is geen foto.\n"), Limits{}, ErrUnsupportedFormat},
		{"SVG", []byte(`<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`), Limits{}, ErrUnsupportedFormat},
		{"BMP", []byte("BM\x3a\x00\x00\x00\x00\x00\x00\x00\x36\x00\x00\x00"), Limits{}, ErrUnsupportedFormat},
		{"RIFF but not WebP", []byte("RIFF\x24\x00\x00\x00WAVEfmt "), Limits{}, ErrUnsupportedFormat},
		{"PNG signature only", pngData[:8], Limits{}, ErrCorrupt},
		{"PNG cut in IHDR", pngData[:20], Limits{}, ErrCorrupt},
		{"PNG cut in pixel data", pngData[:len(pngData)/2], Limits{}, ErrCorrupt},
		{"PNG without IEND", pngData[:len(pngData)-12], Limits{}, ErrCorrupt},
		{"PNG header only", pngHeader(100, 100), Limits{}, ErrCorrupt},
		{"PNG zero width", pngHeader(0, 100), Limits{}, ErrCorrupt},
		{"JPEG cut in header", jpgData[:10], Limits{}, ErrCorrupt},
		{"JPEG cut in scan", jpgData[:len(jpgData)/2], Limits{}, ErrCorrupt},
		{"WebP cut", webpData[:len(webpData)-10], Limits{}, ErrCorrupt},
		{"WebP header only", webpData[:12], Limits{}, ErrCorrupt},
		{"real 20000x10 PNG", encodePNG(t, image.NewGray(image.Rect(0, 0, 20000, 10))), Limits{}, ErrTooManyPixels},
		// Header-only files: decoding them would fail with ErrCorrupt, so
		// ErrTooManyPixels proves the rejection happens before decoding.
		{"20000x10 PNG header", pngHeader(20000, 10), Limits{}, ErrTooManyPixels},
		{"10x20000 PNG header", pngHeader(10, 20000), Limits{}, ErrTooManyPixels},
		{"7000x7000 PNG header (49 MP)", pngHeader(7000, 7000), Limits{}, ErrTooManyPixels},
		{"huge PNG header", pngHeader(100_000, 100_000), Limits{}, ErrTooManyPixels},
		{"custom side limit", pngData, Limits{MaxSide: 63}, ErrTooManyPixels},
		{"custom pixel limit", pngData, Limits{MaxPixels: 64*64 - 1}, ErrTooManyPixels},
		{"custom byte limit", pngData, Limits{MaxBytes: int64(len(pngData) - 1)}, ErrTooLarge},
	}
	sentinels := []error{ErrEmpty, ErrTooLarge, ErrUnsupportedFormat, ErrTooManyPixels, ErrCorrupt}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := Process(bytes.NewReader(tt.data), tt.limits)
			if !errors.Is(err, tt.want) {
				t.Fatalf("Process error = %v, want %v", err, tt.want)
			}
			for _, s := range sentinels {
				if s != tt.want && errors.Is(err, s) {
					t.Errorf("error %v also matches %v", err, s)
				}
			}
			if res.Full != nil || res.Thumb != nil {
				t.Errorf("result not empty on error")
			}
		})
	}
}

func TestProcessLimitBoundary(t *testing.T) {
	data := encodePNG(t, gradient(64, 64))
	if _, err := Process(bytes.NewReader(data), Limits{MaxBytes: int64(len(data))}); err != nil {
		t.Errorf("file of exactly MaxBytes: %v", err)
	}
	if _, err := Process(bytes.NewReader(data), Limits{MaxSide: 64, MaxPixels: 64 * 64}); err != nil {
		t.Errorf("image of exactly MaxSide and MaxPixels: %v", err)
	}
}

// countingReader is an endless stream of 0xff bytes (a JPEG-like prefix)
// that counts what is read.
type countingReader struct{ n int64 }

var ffBlock = bytes.Repeat([]byte{0xff}, 32<<10)

func (r *countingReader) Read(p []byte) (int, error) {
	n := copy(p, ffBlock)
	r.n += int64(n)
	return n, nil
}

func TestProcessStopsReadingAtLimit(t *testing.T) {
	r := &countingReader{}
	_, err := Process(r, Limits{})
	if !errors.Is(err, ErrTooLarge) {
		t.Fatalf("error = %v, want ErrTooLarge", err)
	}
	if r.n > DefaultMaxBytes+64*1024 {
		t.Errorf("read %d bytes from an endless stream, limit %d", r.n, DefaultMaxBytes)
	}
	if got, want := Message(err), "Dit bestand is groter dan 8 MB. Kies een kleinere foto."; got != want {
		t.Errorf("Message = %q, want %q", got, want)
	}
}

func TestProcessReadError(t *testing.T) {
	boom := errors.New("connection reset")
	_, err := Process(iotest.ErrReader(boom), Limits{})
	if !errors.Is(err, boom) {
		t.Fatalf("error = %v, want wrapped %v", err, boom)
	}
	if got := Message(err); got != "Het opladen van de foto is mislukt. Probeer het opnieuw." {
		t.Errorf("Message = %q", got)
	}
}

func TestMessage(t *testing.T) {
	tooLarge := func(limits Limits) error {
		_, err := Process(strings.NewReader(strings.Repeat("x", 2<<20+1)), limits)
		return err
	}
	tooManyPixels := func(limits Limits) error {
		_, err := Process(bytes.NewReader(pngHeader(20000, 10)), limits)
		return err
	}
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"nil", nil, ""},
		{"empty", ErrEmpty, "Dit bestand is leeg. Kies een foto."},
		{"bare too large", ErrTooLarge, "Dit bestand is groter dan 8 MB. Kies een kleinere foto."},
		{"too large, custom limit", tooLarge(Limits{MaxBytes: 3 << 19}), "Dit bestand is groter dan 1,5 MB. Kies een kleinere foto."},
		{"unsupported", ErrUnsupportedFormat, "Kies een foto in JPEG-, PNG- of WebP-formaat."},
		{
			"too many pixels, defaults", tooManyPixels(Limits{}),
			"Deze foto heeft te veel pixels. Hij mag hoogstens 10.000 pixels breed of hoog zijn en samen hoogstens 40 megapixels tellen.",
		},
		{
			"too many pixels, custom", tooManyPixels(Limits{MaxSide: 5000, MaxPixels: 12_500_000}),
			"Deze foto heeft te veel pixels. Hij mag hoogstens 5.000 pixels breed of hoog zijn en samen hoogstens 12,5 megapixels tellen.",
		},
		{"corrupt, wrapped", errors.Join(errors.New("context"), ErrCorrupt), "Deze foto is beschadigd of onvolledig en kan niet gelezen worden. Kies een ander bestand."},
		{"other", io.ErrUnexpectedEOF, "Het opladen van de foto is mislukt. Probeer het opnieuw."},
	}
	for _, tt := range tests {
		if got := Message(tt.err); got != tt.want {
			t.Errorf("%s: Message(%v) = %q, want %q", tt.name, tt.err, got, tt.want)
		}
	}
}

func TestFit(t *testing.T) {
	tests := []struct{ w, h, mw, mh, ww, wh int }{
		{100, 50, 2000, 2000, 100, 50},
		{4000, 3000, 2000, 2000, 2000, 1500},
		{3000, 4000, 2000, 2000, 1500, 2000},
		{10000, 1, 2000, 2000, 2000, 1},
		{1, 10000, 2000, 2000, 1, 2000},
		{2001, 2001, 2000, 2000, 2000, 2000},
		{1000, 3, 480, 3, 480, 1},
	}
	for _, tt := range tests {
		if w, h := fit(tt.w, tt.h, tt.mw, tt.mh); w != tt.ww || h != tt.wh {
			t.Errorf("fit(%d, %d, %d, %d) = %d, %d, want %d, %d", tt.w, tt.h, tt.mw, tt.mh, w, h, tt.ww, tt.wh)
		}
	}
}

func FuzzProcess(f *testing.F) {
	f.Add(encodePNG(f, gradient(5, 4)))
	f.Add(encodePNG(f, image.NewPaletted(image.Rect(0, 0, 3, 3), []color.Color{color.Black, color.White})))
	f.Add(encodeJPEG(f, gradient(9, 7)))
	f.Add(withSegment(encodeJPEG(f, gradient(4, 3)), exifSegment(6)))
	f.Add(readTestdata(f, "lossless.webp"))
	f.Add(readTestdata(f, "lossy.webp"))
	f.Add(readTestdata(f, "alpha.webp"))
	f.Add(pngHeader(20, 20))
	// Small limits keep each run fast; the limit logic itself is covered by
	// the tests above.
	limits := Limits{MaxBytes: 1 << 20, MaxPixels: 1 << 20, MaxSide: 2048}
	sentinels := []error{ErrEmpty, ErrTooLarge, ErrUnsupportedFormat, ErrTooManyPixels, ErrCorrupt}
	f.Fuzz(func(t *testing.T, data []byte) {
		res, err := Process(bytes.NewReader(data), limits)
		if err != nil {
			for _, s := range sentinels {
				if errors.Is(err, s) {
					return
				}
			}
			t.Fatalf("error %v matches no sentinel", err)
		}
		for _, out := range [][]byte{res.Full, res.Thumb} {
			if _, err := jpeg.DecodeConfig(bytes.NewReader(out)); err != nil {
				t.Fatalf("output is not a JPEG: %v", err)
			}
		}
		if res.Width < 1 || res.Height < 1 || res.Width > FullMaxSide || res.Height > FullMaxSide ||
			res.ThumbWidth < 1 || res.ThumbWidth > ThumbMaxWidth {
			t.Fatalf("bad dimensions %+v", res)
		}
	})
}
