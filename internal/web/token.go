package web

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
)

// newToken returns an unguessable token (256 random bits, URL-safe) and the hash under which
// it is stored; the token itself is only ever in a cookie, a mail or a URL.
func newToken() (token string, hash []byte) {
	b := make([]byte, 32)
	_, _ = rand.Read(b) // crypto/rand.Read never fails on supported platforms
	token = base64.RawURLEncoding.EncodeToString(b)
	return token, hashToken(token)
}

// hashToken returns the stored form of token.
func hashToken(token string) []byte {
	h := sha256.Sum256([]byte(token))
	return h[:]
}
