package upload

import (
	"image"
	"image/draw"
	"math"
)

// resize returns src scaled to w × h with a Catmull-Rom filter (the filter
// widened by the reduction factor when scaling down), composited onto an
// opaque white background.
//
// It streams: each source row is converted and filtered horizontally once,
// and only the rows the filter spans are kept, so that besides the result it
// needs a few rows of memory whatever the size of src. (The kernel scalers of
// golang.org/x/image/draw keep a buffer of 32 bytes for every source row times
// every destination column: 400 MB for a 6,324-pixel-high picture scaled to
// 2,000 wide.)
func resize(src image.Image, w, h int) *image.RGBA {
	sb := src.Bounds()
	sw, sh := sb.Dx(), sb.Dy()
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	xs := filterWeights(sw, w)
	ys := filterWeights(sh, h)

	window := 0
	for _, c := range ys {
		window = max(window, len(c.weights))
	}
	// ring holds horizontally filtered rows (RGB as float32), by source row
	// modulo window.
	ring := make([]float32, window*w*3)
	row := image.NewRGBA(image.Rect(0, 0, sw, 1))
	next := 0 // the next source row to filter
	filterRow := func(sy int) {
		draw.Draw(row, row.Rect, src, image.Pt(sb.Min.X, sb.Min.Y+sy), draw.Src)
		pix := row.Pix
		// Flatten onto white: premultiplied colour plus white times (1 - alpha).
		for i := 0; i < len(pix); i += 4 {
			if a := pix[i+3]; a != 0xff {
				pix[i] += 0xff - a
				pix[i+1] += 0xff - a
				pix[i+2] += 0xff - a
			}
		}
		out := ring[(sy%window)*w*3 : (sy%window+1)*w*3]
		for x, c := range xs {
			var r, g, b float32
			p := pix[c.start*4:]
			for k, wt := range c.weights {
				r += wt * float32(p[4*k])
				g += wt * float32(p[4*k+1])
				b += wt * float32(p[4*k+2])
			}
			out[3*x], out[3*x+1], out[3*x+2] = r, g, b
		}
	}
	acc := make([]float32, w*3)
	for y, c := range ys {
		for ; next < c.start+len(c.weights); next++ {
			filterRow(next)
		}
		clear(acc)
		for k, wt := range c.weights {
			sy := c.start + k
			in := ring[(sy%window)*w*3 : (sy%window+1)*w*3]
			for i, v := range in {
				acc[i] += wt * v
			}
		}
		out := dst.Pix[y*dst.Stride:]
		for x := range w {
			out[4*x] = clamp8(acc[3*x])
			out[4*x+1] = clamp8(acc[3*x+1])
			out[4*x+2] = clamp8(acc[3*x+2])
			out[4*x+3] = 0xff
		}
	}
	return dst
}

func clamp8(v float32) uint8 {
	switch {
	case v <= 0:
		return 0
	case v >= 255:
		return 255
	}
	return uint8(v + 0.5)
}

// contribution is the span of source pixels one destination pixel is made
// of, and their weights (summing to 1).
type contribution struct {
	start   int
	weights []float32
}

// filterWeights returns, for each of the n destination pixels along an axis
// of srcN source pixels, the Catmull-Rom weights of the source pixels.
func filterWeights(srcN, n int) []contribution {
	scale := float64(srcN) / float64(n)
	support := 2 * max(scale, 1)
	out := make([]contribution, n)
	for i := range n {
		center := (float64(i) + 0.5) * scale
		lo := max(0, int(math.Floor(center-support)))
		hi := min(srcN, int(math.Ceil(center+support)))
		ws := make([]float64, hi-lo)
		var sum float64
		for j := range ws {
			ws[j] = catmullRom((float64(lo+j) + 0.5 - center) / max(scale, 1))
			sum += ws[j]
		}
		c := contribution{start: lo, weights: make([]float32, len(ws))}
		for j, v := range ws {
			c.weights[j] = float32(v / sum)
		}
		out[i] = c
	}
	return out
}

// catmullRom is the Catmull-Rom cubic (B=0, C=0.5), support 2.
func catmullRom(x float64) float64 {
	x = math.Abs(x)
	switch {
	case x < 1:
		return (1.5*x-2.5)*x*x + 1
	case x < 2:
		return ((-0.5*x+2.5)*x-4)*x + 2
	}
	return 0
}
