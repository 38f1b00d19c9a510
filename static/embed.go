// Package static holds the stylesheet and script of Praktijkbank, embedded in the binary and
// served under content-hashed names so that they can be cached for a year.
package static

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"path"
)

//go:embed *.css *.js favicon.svg favicon.ico
var files embed.FS

// Asset is one embedded file with its cache-busting URL.
type Asset struct {
	Name        string // file name, e.g. "site.css"
	URL         string // "/static/site.3f2a9c1b.css"
	ContentType string
	Body        []byte
}

// Assets returns the stylesheet "site.css" (every embedded .css file, concatenated in name
// order, so each part of the site keeps its own file yet a page loads one stylesheet), each
// script and the icons (favicon.svg, favicon.ico), with URLs that change whenever their
// content does.
func Assets() ([]Asset, error) {
	entries, err := files.ReadDir(".")
	if err != nil {
		return nil, err
	}
	var css []byte
	var out []Asset
	for _, e := range entries {
		body, err := files.ReadFile(e.Name())
		if err != nil {
			return nil, err
		}
		switch path.Ext(e.Name()) {
		case ".css":
			css = append(append(css, body...), '\n')
		case ".js":
			out = append(out, newAsset(e.Name(), "text/javascript; charset=utf-8", body))
		case ".svg":
			out = append(out, newAsset(e.Name(), "image/svg+xml", body))
		case ".ico":
			out = append(out, newAsset(e.Name(), "image/x-icon", body))
		}
	}
	return append(out, newAsset("site.css", "text/css; charset=utf-8", css)), nil
}

func newAsset(name, contentType string, body []byte) Asset {
	sum := sha256.Sum256(body)
	ext := path.Ext(name)
	return Asset{
		Name:        name,
		URL:         "/static/" + name[:len(name)-len(ext)] + "." + hex.EncodeToString(sum[:5]) + ext,
		ContentType: contentType,
		Body:        body,
	}
}
