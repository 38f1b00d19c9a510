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

// newFormKey returns the random key of one rendering of a submission form (a hidden field):
// posting the same rendering twice is a retry (see store.SubmissionInput.FormKey).
func newFormKey() string {
	key, _ := newToken()
	return key
}

// tokenOfFormKey is the private token of a new submission made by the form with key: a
// retried POST of that form finds the submission the first one made. The key is as secret
// as the token: it is only in the form of the person who got it (never cached).
func tokenOfFormKey(key string) string {
	h := sha256.Sum256([]byte("praktijkbank-indiening\x00" + key))
	return base64.RawURLEncoding.EncodeToString(h[:])
}
