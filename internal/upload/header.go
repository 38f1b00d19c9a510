package upload

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"image"
	"image/color"
)

// Header is what Inspect learns about a picture from its header, before any
// pixel is decoded.
type Header struct {
	// Format is "jpeg", "png" or "webp".
	Format string
	// Width and Height are the picture's dimensions in pixels.
	Width, Height int
	// Memory is an upper estimate, in bytes, of the memory Process needs
	// for the picture: the decoded pixels at the bit depth and layout the
	// decoder uses (16-bit PNG at 8 bytes a pixel, a progressive JPEG with
	// its coefficients), the scaled copies and the encoder, not counting
	// the file itself.
	Memory int64
	// Deep reports a picture with 16 bits per channel.
	Deep bool

	format format
}

// outputMemory is the memory of the output side of Process for a picture
// scaled to w × h: the scaled and oriented copies (4 bytes a pixel each),
// the thumbnail and the encoders' buffers.
func outputMemory(w, h int) int64 {
	fw, fh := fit(w, h, FullMaxSide, FullMaxSide)
	return 2*4*int64(fw)*int64(fh) + 4<<20
}

// Inspect sniffs the format of data and reads its header, checking the
// picture against limits (side, pixels, memory) without decoding it. Its
// errors are those of Process.
func Inspect(data []byte, limits Limits) (Header, error) {
	limits = limits.withDefaults()
	if len(data) == 0 {
		return Header{}, ErrEmpty
	}
	if int64(len(data)) > limits.MaxBytes {
		return Header{}, &limitError{err: ErrTooLarge, limits: limits}
	}
	f, ok := sniff(data)
	if !ok {
		return Header{}, fmt.Errorf("%w: unrecognised content", ErrUnsupportedFormat)
	}
	cfg, err := f.decodeConfig(bytes.NewReader(data))
	if err != nil {
		return Header{}, fmt.Errorf("%w: %s header: %w", ErrCorrupt, f.name, err)
	}
	if cfg.Width <= 0 || cfg.Height <= 0 {
		return Header{}, fmt.Errorf("%w: %s header: %dx%d pixels", ErrCorrupt, f.name, cfg.Width, cfg.Height)
	}
	h := Header{Format: f.name, Width: cfg.Width, Height: cfg.Height, format: f}
	if cfg.Width > limits.MaxSide || cfg.Height > limits.MaxSide ||
		int64(cfg.Width)*int64(cfg.Height) > limits.MaxPixels {
		return Header{}, &limitError{err: ErrTooManyPixels, limits: limits, width: cfg.Width, height: cfg.Height}
	}
	perPixel := decodeCost(f, data, cfg)
	h.Deep = perPixel.deep
	pixels := int64(cfg.Width) * int64(cfg.Height)
	h.Memory = pixels*perPixel.num/perPixel.den + outputMemory(cfg.Width, cfg.Height)
	if h.Memory > limits.MaxMemory {
		// The most pixels of this kind that fit, for the message.
		fitting := (limits.MaxMemory - outputMemory(FullMaxSide, FullMaxSide)) * perPixel.den / perPixel.num
		return Header{}, &limitError{err: ErrTooManyPixels, limits: limits, width: cfg.Width, height: cfg.Height,
			memory: true, deep: h.Deep, fitting: max(0, fitting)}
	}
	return h, nil
}

// cost is the decoder's memory per pixel, num/den bytes.
type cost struct {
	num, den int64
	deep     bool
}

// decodeCost estimates, from the header, the bytes per pixel that decoding
// data takes with the standard decoders, on the high side.
func decodeCost(f format, data []byte, cfg image.Config) cost {
	switch f.name {
	case "png":
		return pngCost(data)
	case "jpeg":
		return jpegCost(data, cfg)
	}
	// WebP: lossy is 4:2:0 YCbCr (1.5 bytes); lossy with alpha adds the
	// alpha plane and the lossless decoder that decodes it (4 bytes a pixel
	// twice); lossless decodes into 4 bytes a pixel, plus as much again for
	// a colour-indexing transform.
	switch cfg.ColorModel {
	case color.YCbCrModel:
		return cost{num: 3, den: 2}
	case color.NYCbCrAModel:
		return cost{num: 21, den: 2}
	}
	return cost{num: 8, den: 1}
}

// pngCost: image/png decodes 16-bit pictures into 8 bytes a pixel
// (RGBA64/NRGBA64; 16-bit grey with transparency too), palettes into one,
// everything else into at most four (grey with a transparent colour becomes
// NRGBA). An interlaced picture is decoded pass by pass into images of their
// own that are then copied: half as much again at the peak.
func pngCost(data []byte) cost {
	if len(data) < 29 {
		return cost{num: 8, den: 1, deep: true}
	}
	depth, colourType, interlaced := data[24], data[25], data[28] != 0
	c := cost{num: 4, den: 1}
	switch {
	case depth == 16:
		c = cost{num: 8, den: 1, deep: true}
	case colourType == 3:
		c = cost{num: 1, den: 1}
	}
	if interlaced {
		c.num *= 3
		c.den *= 2
	}
	return c
}

// jpegCost: image/jpeg decodes into one plane per component at the
// component's sampling (a layout image.YCbCr cannot hold is decoded at full
// resolution for every component); four components (CMYK) are converted into
// a second image of 4 bytes a pixel; a progressive JPEG also keeps every
// coefficient as an int32 (4 bytes per sample) until the last scan.
func jpegCost(data []byte, cfg image.Config) cost {
	fr, ok := jpegFrame(data)
	if !ok || fr.components == 0 {
		return cost{num: 4 * 5, den: 1} // unknown: the worst case below
	}
	// Samples per pixel, in 64ths (the sampling factors are 1 to 4).
	var samples int64
	switch fr.components {
	case 1:
		samples = 64
	case 3:
		h0, v0 := fr.h[0], fr.v[0]
		standard := fr.h[1] == 1 && fr.v[1] == 1 && fr.h[2] == 1 && fr.v[2] == 1 &&
			(h0 == 1 || h0 == 2 || h0 == 4) && (v0 == 1 || v0 == 2) && h0 >= v0
		if standard {
			samples = 64 + 2*64/int64(h0*v0)
		} else {
			samples = 3 * 64
		}
	default:
		samples = int64(fr.components) * 64
	}
	num := samples
	if fr.progressive {
		num += 4 * samples
	}
	if fr.components == 4 {
		num += 4 * 64
	}
	return cost{num: num, den: 64}
}

// frame is what the start-of-frame segment of a JPEG file says.
type frame struct {
	progressive bool
	components  int
	h, v        [4]int // sampling factors of the first four components
}

// jpegFrame reads the start-of-frame segment of a JPEG file, scanning the
// segments before the first scan like jpegOrientation. It never reads
// outside data.
func jpegFrame(data []byte) (frame, bool) {
	i := 2
	for i+4 <= len(data) {
		if data[i] != 0xff {
			return frame{}, false
		}
		marker := data[i+1]
		switch {
		case marker == 0xff:
			i++
			continue
		case marker == 0x01 || marker == 0xd8 || (marker >= 0xd0 && marker <= 0xd7):
			i += 2
			continue
		case marker == 0xda || marker == 0xd9:
			return frame{}, false
		}
		length := int(binary.BigEndian.Uint16(data[i+2:]))
		if length < 2 || i+2+length > len(data) {
			return frame{}, false
		}
		segment := data[i+4 : i+2+length]
		if marker >= 0xc0 && marker <= 0xcf && marker != 0xc4 && marker != 0xc8 && marker != 0xcc {
			if len(segment) < 6 {
				return frame{}, false
			}
			fr := frame{progressive: marker == 0xc2 || marker == 0xc6 || marker == 0xca || marker == 0xce,
				components: int(segment[5])}
			for c := 0; c < fr.components && c < 4 && 6+3*c+1 < len(segment); c++ {
				hv := segment[6+3*c+1]
				fr.h[c], fr.v[c] = max(1, int(hv>>4)), max(1, int(hv&0x0f))
			}
			return fr, true
		}
		i += 2 + length
	}
	return frame{}, false
}
