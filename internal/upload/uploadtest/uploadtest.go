// Package uploadtest makes pictures for tests of the upload limits: small files that decode
// into very large images.
package uploadtest

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"hash/crc32"
)

// DeepPNG returns a valid PNG file of w × h black pixels with 16 bits per channel (RGB): the
// kind of file that is a few hundred kilobytes on disk and 8 bytes a pixel once decoded
// (6,324 × 6,324 pixels: 330 KB, 320 MB decoded).
func DeepPNG(w, h int) []byte { return BlackPNG(w, h, 16) }

// BlackPNG returns a valid RGB PNG file of w × h black pixels with depth (8 or 16) bits per
// channel. An 8-bit one decodes into 4 bytes a pixel.
func BlackPNG(w, h, depth int) []byte {
	var out bytes.Buffer
	out.WriteString("\x89PNG\r\n\x1a\n")
	ihdr := binary.BigEndian.AppendUint32(nil, uint32(w))
	ihdr = binary.BigEndian.AppendUint32(ihdr, uint32(h))
	ihdr = append(ihdr, byte(depth), 2, 0, 0, 0) // truecolour, no interlace
	chunk(&out, "IHDR", ihdr)

	var idat bytes.Buffer
	zw, _ := zlib.NewWriterLevel(&idat, zlib.BestCompression)
	row := make([]byte, 1+3*depth/8*w) // filter byte 0 and black pixels
	for range h {
		_, _ = zw.Write(row)
	}
	_ = zw.Close()
	chunk(&out, "IDAT", idat.Bytes())
	chunk(&out, "IEND", nil)
	return out.Bytes()
}

func chunk(out *bytes.Buffer, typ string, data []byte) {
	_ = binary.Write(out, binary.BigEndian, uint32(len(data)))
	crc := crc32.NewIEEE()
	crc.Write([]byte(typ))
	crc.Write(data)
	out.WriteString(typ)
	out.Write(data)
	_ = binary.Write(out, binary.BigEndian, crc.Sum32())
}
