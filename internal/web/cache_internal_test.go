package web

import (
	"bytes"
	"fmt"
	"testing"
)

func pageOf(size int) *cachedPage {
	return &cachedPage{body: bytes.Repeat([]byte("x"), size)[:size:size]}
}

// The cache keeps what its budget allows and no more, counting each page's memory; a page
// bigger than the whole budget, or any page without a budget, is not kept.
func TestPageCacheBudget(t *testing.T) {
	c := newPageCache(nil, 2000, 1000_000)
	for i := range 100 {
		c.put(fmt.Sprintf("/praktijken?q=%d", i), pageOf(40_000))
		if c.size > c.maxBytes {
			t.Fatalf("after %d pages: %d bytes of %d", i+1, c.size, c.maxBytes)
		}
	}
	if len(c.entries) < 10 || len(c.entries) > 20 {
		t.Errorf("%d pages of 40 KB (50 KB with the room for gzip) kept in 1 MB", len(c.entries))
	}
	sum := 0
	for k, e := range c.entries {
		sum += e.cost(k)
	}
	if sum != c.size {
		t.Errorf("size %d, pages %d", c.size, sum)
	}
	// One page larger than a tenth of the cache: room is made for it.
	c.put("/big", pageOf(600_000))
	if c.entries["/big"] == nil || c.size > c.maxBytes {
		t.Errorf("big page kept: %v, %d bytes of %d", c.entries["/big"] != nil, c.size, c.maxBytes)
	}
	c.put("/huge", pageOf(1000_000))
	if c.entries["/huge"] != nil {
		t.Error("a page bigger than the budget was kept")
	}
	// The same key again replaces the page and its cost.
	c.put("/big", pageOf(10))
	if e := c.entries["/big"]; e == nil || len(e.body) != 10 {
		t.Error("page not replaced")
	}

	none := newPageCache(nil, 2000, 0)
	none.put("/praktijken", pageOf(100))
	if len(none.entries) != 0 {
		t.Error("a cache without budget kept a page")
	}
}
