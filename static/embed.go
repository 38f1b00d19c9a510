// Package static holds the stylesheet and script of Praktijkbank, embedded in the binary and
// served under content-hashed names so that they can be cached for a year.
package static

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"path"
)

//go:embed *.css *.js
var files embed.FS

// Asset is one embedded file with its cache-busting URL.
type Asset struct {
	Name        string // file name, e.g. "site.css"
	URL         string // "/static/site.3f2a9c1b.css"
	ContentType string
	Body        []byte
}

// Assets returns every embedded file with a URL that changes whenever its content does.
func Assets() ([]Asset, error) {
	entries, err := files.ReadDir(".")
	if err != nil {
		return nil, err
	}
	var out []Asset
	for _, e := range entries {
		body, err := files.ReadFile(e.Name())
		if err != nil {
			return nil, err
		}
		sum := sha256.Sum256(body)
		ext := path.Ext(e.Name())
		base := e.Name()[:len(e.Name())-len(ext)]
		ct := "text/css; charset=utf-8"
		if ext == ".js" {
			ct = "text/javascript; charset=utf-8"
		}
		out = append(out, Asset{
			Name:        e.Name(),
			URL:         "/static/" + base + "." + hex.EncodeToString(sum[:5]) + ext,
			ContentType: ct,
			Body:        body,
		})
	}
	return out, nil
}
