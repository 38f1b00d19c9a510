// Package upload validates and normalises photos uploaded by submitters.
//
// Uploads are untrusted. Process accepts JPEG, PNG and WebP files only,
// recognised by their content (never by file name or declared content
// type), checks size limits before doing expensive work, and re-encodes the
// picture as baseline JPEG. Re-encoding drops everything but the pixels:
// EXIF (including GPS positions), XMP, ICC profiles, comments and any
// payload appended to the file.
//
// EXIF orientation: the standard library does not apply it, so a small
// built-in parser reads the orientation tag of JPEG files and the pixels are
// rotated or mirrored accordingly before the metadata is dropped; portrait
// photos from phones therefore stay upright. Orientation metadata in WebP
// or PNG files is ignored (phones produce JPEG).
//
// Other limitations: embedded colour profiles are not applied (pixels are
// taken as sRGB, so wide-gamut photos may look slightly duller) and animated
// WebP files are rejected as corrupt.
package upload

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"image"
	"image/jpeg"
	"image/png"
	"io"

	"golang.org/x/image/webp"
)

// Default limits, used for the zero fields of Limits.
const (
	DefaultMaxBytes  = 8 << 20    // 8 MiB
	DefaultMaxPixels = 40_000_000 // 40 megapixels
	DefaultMaxSide   = 10_000     // pixels
	// DefaultMaxMemory bounds the memory one picture may need (see
	// Header.Memory): a 40-megapixel baseline JPEG needs about 90 MB, a
	// 24-megapixel progressive one 200 MB, a 16-bit PNG of 6,324 × 6,324
	// pixels 350 MB and is refused.
	DefaultMaxMemory = 256 << 20
)

// Output geometry and quality.
const (
	// FullMaxSide is the maximum width and height of Result.Full; larger
	// pictures are scaled down, smaller ones are never scaled up.
	FullMaxSide = 2000
	// ThumbMaxWidth is the maximum width of Result.Thumb; its height
	// follows the aspect ratio.
	ThumbMaxWidth = 480

	fullQuality  = 85
	thumbQuality = 80
)

// ContentType is the media type of Result.Full and Result.Thumb.
const ContentType = "image/jpeg"

// Errors returned by Process, always wrapped: test with errors.Is. Message
// turns them into text for the submitter.
var (
	// ErrEmpty means the upload contained no bytes.
	ErrEmpty = errors.New("upload: empty file")
	// ErrTooLarge means the upload has more than Limits.MaxBytes bytes.
	ErrTooLarge = errors.New("upload: file too large")
	// ErrUnsupportedFormat means the content is not JPEG, PNG or WebP
	// (for example GIF, SVG, HEIC, PDF or text).
	ErrUnsupportedFormat = errors.New("upload: unsupported image format")
	// ErrTooManyPixels means the picture is wider or higher than
	// Limits.MaxSide or has more than Limits.MaxPixels pixels.
	ErrTooManyPixels = errors.New("upload: image dimensions too large")
	// ErrCorrupt means the content looks like a supported format but cannot
	// be decoded: truncated, damaged or malformed.
	ErrCorrupt = errors.New("upload: corrupt image")
)

// Limits bounds the work Process does for one upload. A zero or negative
// field means the corresponding default.
type Limits struct {
	// MaxBytes is the largest accepted file size in bytes
	// (default DefaultMaxBytes).
	MaxBytes int64
	// MaxPixels is the largest accepted width × height (default
	// DefaultMaxPixels).
	MaxPixels int64
	// MaxSide is the largest accepted width and height in pixels (default
	// DefaultMaxSide).
	MaxSide int
	// MaxMemory is the most memory one picture may need to be processed,
	// estimated from its header (Header.Memory), in bytes (default
	// DefaultMaxMemory).
	MaxMemory int64
}

func (l Limits) withDefaults() Limits {
	if l.MaxBytes <= 0 {
		l.MaxBytes = DefaultMaxBytes
	}
	if l.MaxPixels <= 0 {
		l.MaxPixels = DefaultMaxPixels
	}
	if l.MaxSide <= 0 {
		l.MaxSide = DefaultMaxSide
	}
	if l.MaxMemory <= 0 {
		l.MaxMemory = DefaultMaxMemory
	}
	return l
}

// Result is a processed upload. Both images are baseline JPEG without any
// metadata, upright (EXIF orientation applied), with transparent areas
// flattened onto white.
type Result struct {
	// Full is the picture, scaled down to fit FullMaxSide × FullMaxSide.
	Full []byte
	// Thumb is the picture scaled down to at most ThumbMaxWidth wide.
	Thumb []byte
	// Width and Height are the dimensions of Full in pixels.
	Width, Height int
	// ThumbWidth and ThumbHeight are the dimensions of Thumb in pixels.
	ThumbWidth, ThumbHeight int
	// ContentType is always ContentType ("image/jpeg").
	ContentType string
	// SHA256 is the lowercase hex SHA-256 digest of Full, usable as a
	// content-addressed storage key.
	SHA256 string
}

// Process reads one uploaded picture from r and returns it re-encoded.
//
// It reads at most limits.MaxBytes+1 bytes from r: a longer upload fails
// with ErrTooLarge without being consumed further. The format is sniffed
// from the content; anything but JPEG, PNG or WebP fails with
// ErrUnsupportedFormat. The dimensions are read from the header first, and
// pictures exceeding limits.MaxSide or limits.MaxPixels fail with
// ErrTooManyPixels before any pixel data is decoded, as do pictures whose
// decoding would need more than limits.MaxMemory (see Inspect). Undecodable content
// fails with ErrCorrupt, an empty upload with ErrEmpty. An error from r
// itself is returned wrapped and matches none of these.
//
// Process is safe for concurrent use; each call holds the upload and the
// decoded picture in memory (see Limits.MaxMemory); Budget.Process shares a
// memory budget between concurrent calls.
func Process(r io.Reader, limits Limits) (Result, error) {
	limits = limits.withDefaults()
	data, err := io.ReadAll(io.LimitReader(r, limits.MaxBytes+1))
	if err != nil {
		return Result{}, fmt.Errorf("upload: read: %w", err)
	}
	if int64(len(data)) > limits.MaxBytes {
		return Result{}, &limitError{err: ErrTooLarge, limits: limits}
	}
	h, err := Inspect(data, limits)
	if err != nil {
		return Result{}, err
	}
	return decode(data, h)
}

// decode decodes data, whose header Inspect read into h, and re-encodes it.
func decode(data []byte, h Header) (Result, error) {
	f := h.format
	img, err := f.decode(bytes.NewReader(data))
	if err != nil {
		return Result{}, fmt.Errorf("%w: %s: %w", ErrCorrupt, f.name, err)
	}
	if b := img.Bounds(); b.Dx() != h.Width || b.Dy() != h.Height {
		return Result{}, fmt.Errorf("%w: %s: header says %dx%d, data %dx%d",
			ErrCorrupt, f.name, h.Width, h.Height, b.Dx(), b.Dy())
	}

	orientation := 1
	if f.name == "jpeg" {
		orientation = jpegOrientation(data)
	}
	return encode(img, orientation)
}

// encode scales, orients and encodes img.
func encode(img image.Image, orientation int) (Result, error) {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	if swapsAxes(orientation) {
		w, h = h, w
	}
	fw, fh := fit(w, h, FullMaxSide, FullMaxSide)
	sw, sh := fw, fh
	if swapsAxes(orientation) {
		sw, sh = fh, fw
	}
	full := orient(resize(img, sw, sh), orientation)

	tw, th := fit(fw, fh, ThumbMaxWidth, fh)
	thumb := full
	if tw != fw || th != fh {
		thumb = resize(full, tw, th)
	}

	var fullBuf, thumbBuf bytes.Buffer
	if err := jpeg.Encode(&fullBuf, full, &jpeg.Options{Quality: fullQuality}); err != nil {
		return Result{}, fmt.Errorf("upload: encode full image: %w", err)
	}
	if err := jpeg.Encode(&thumbBuf, thumb, &jpeg.Options{Quality: thumbQuality}); err != nil {
		return Result{}, fmt.Errorf("upload: encode thumbnail: %w", err)
	}
	sum := sha256.Sum256(fullBuf.Bytes())
	return Result{
		Full:        fullBuf.Bytes(),
		Thumb:       thumbBuf.Bytes(),
		Width:       fw,
		Height:      fh,
		ThumbWidth:  tw,
		ThumbHeight: th,
		ContentType: ContentType,
		SHA256:      hex.EncodeToString(sum[:]),
	}, nil
}

// fit returns the largest size with the aspect ratio of w × h that fits in
// maxW × maxH without enlarging, each side at least 1.
func fit(w, h, maxW, maxH int) (int, int) {
	if w <= maxW && h <= maxH {
		return w, h
	}
	if int64(w)*int64(maxH) >= int64(h)*int64(maxW) {
		return maxW, max(1, int((int64(h)*int64(maxW)+int64(w)/2)/int64(w)))
	}
	return max(1, int((int64(w)*int64(maxH)+int64(h)/2)/int64(h))), maxH
}

// format is one accepted input format.
type format struct {
	name         string
	decodeConfig func(io.Reader) (image.Config, error)
	decode       func(io.Reader) (image.Image, error)
}

var (
	formatJPEG = format{"jpeg", jpeg.DecodeConfig, jpeg.Decode}
	formatPNG  = format{"png", png.DecodeConfig, png.Decode}
	formatWebP = format{"webp", webp.DecodeConfig, webp.Decode}
)

// sniff recognises the accepted formats by their signature. It does not use
// image.RegisterFormat, so formats registered elsewhere in the program (GIF,
// BMP, …) are never accepted.
func sniff(data []byte) (format, bool) {
	switch {
	case bytes.HasPrefix(data, []byte("\xff\xd8\xff")):
		return formatJPEG, true
	case bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")):
		return formatPNG, true
	case len(data) >= 12 && string(data[:4]) == "RIFF" && string(data[8:12]) == "WEBP":
		return formatWebP, true
	}
	return format{}, false
}
