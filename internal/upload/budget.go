package upload

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"
	"sync"
	"time"

	"golang.org/x/sync/semaphore"
)

// ErrBusy means the picture waited longer than the budget allows for its
// turn: the server is decoding other pictures, or the same client already
// sent several.
var ErrBusy = errors.New("upload: too busy to decode the picture")

// Budget shares a fixed amount of decoding memory between the uploads that
// are processed at the same time, so that pictures decoded together never
// need more than the budget, and one client cannot take all of it:
//
//   - a picture is checked by its header first (Inspect), so nothing waits
//     for a picture that would be refused anyway;
//   - each client has one picture decoded at a time, and at most
//     MaxWaiting more waiting behind it; more are refused with ErrBusy at
//     once;
//   - a picture then takes its estimated memory (Header.Memory, at least
//     total/maxJobs, so that at most maxJobs run at once) from the shared
//     budget, first come first served;
//   - waiting for both together lasts at most the budget's wait; after it
//     the picture is refused with ErrBusy.
type Budget struct {
	total, minCost int64
	wait           time.Duration
	sem            *semaphore.Weighted

	mu      sync.Mutex
	clients map[string]*clientTurn
}

// MaxWaiting is how many pictures of one client may wait while another of
// its pictures is decoded.
const MaxWaiting = 2

type clientTurn struct {
	turn  chan struct{} // holds a value while one of the client's pictures is decoded
	users int           // requests decoding or waiting
}

// NewBudget returns a budget of total bytes shared by at most maxJobs
// pictures at a time, each waiting at most wait for its turn.
func NewBudget(total int64, maxJobs int, wait time.Duration) *Budget {
	return &Budget{total: total, minCost: total / int64(max(1, maxJobs)), wait: wait,
		sem: semaphore.NewWeighted(total), clients: map[string]*clientTurn{}}
}

// Total is the budget's memory in bytes.
func (b *Budget) Total() int64 { return b.total }

// Process is Process within the budget for a picture that client (any key:
// the client's address, say) uploaded. limits.MaxMemory is capped at the
// budget's total. It returns ErrBusy when the picture cannot have its turn in
// time, and ctx's error when ctx ends first.
func (b *Budget) Process(ctx context.Context, client string, data []byte, limits Limits) (Result, error) {
	limits = limits.withDefaults()
	limits.MaxMemory = min(limits.MaxMemory, b.total)
	h, err := Inspect(data, limits)
	if err != nil {
		return Result{}, err
	}
	release, err := b.acquire(ctx, client, max(b.minCost, h.Memory))
	if err != nil {
		return Result{}, err
	}
	defer release()
	return decode(data, h)
}

// acquire waits for client's turn and then for n bytes of the budget.
func (b *Budget) acquire(ctx context.Context, client string, n int64) (release func(), err error) {
	b.mu.Lock()
	c := b.clients[client]
	if c == nil {
		c = &clientTurn{turn: make(chan struct{}, 1)}
		b.clients[client] = c
	}
	if c.users > MaxWaiting {
		b.mu.Unlock()
		return nil, fmt.Errorf("%w: %d pictures of this client waiting", ErrBusy, c.users)
	}
	c.users++
	b.mu.Unlock()
	leave := func() {
		b.mu.Lock()
		c.users--
		if c.users == 0 {
			delete(b.clients, client)
		}
		b.mu.Unlock()
	}

	wctx, cancel := context.WithTimeout(ctx, b.wait)
	defer cancel()
	select {
	case c.turn <- struct{}{}:
	case <-wctx.Done():
		leave()
		return nil, b.waitErr(ctx, "the client's previous picture")
	}
	if err := b.sem.Acquire(wctx, n); err != nil {
		<-c.turn
		leave()
		return nil, b.waitErr(ctx, "memory")
	}
	return func() {
		b.sem.Release(n)
		<-c.turn
		leave()
		if n > b.minCost {
			// Give the memory of a large picture back to the system now rather than over
			// the next minutes (the collector runs in the background).
			go debug.FreeOSMemory()
		}
	}, nil
}

func (b *Budget) waitErr(ctx context.Context, what string) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return fmt.Errorf("%w: waited %v for %s", ErrBusy, b.wait, what)
}
