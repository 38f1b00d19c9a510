package store

import (
	"context"
	"fmt"
	"log/slog"
	"regexp"
	"time"

	"github.com/jackc/pgx/v5"
)

// Listener is what Listen calls as notifications arrive. Each function may be nil; they run
// one at a time on Listen's goroutine.
type Listener struct {
	// Connected runs on every new connection, the first included, once LISTEN is in force:
	// the place to catch up on whatever was announced while nothing listened. An error drops
	// the connection and Listen connects again.
	Connected func(ctx context.Context) error
	// Notify runs for each notification with its payload. An error drops the connection and
	// Listen connects again.
	Notify func(ctx context.Context, payload string) error
	// Lost runs whenever a connection ends or could not be made, also when ctx ends:
	// notifications may be missed from then until the next Connected.
	Lost func()
}

// The wait before connecting again after a failure: listenRetryMin, doubling up to
// listenRetryMax while connecting keeps failing.
const (
	listenRetryMin = time.Second
	listenRetryMax = 30 * time.Second
)

// channelName is what Listen accepts as a channel: a plain lower-case identifier, sent as is.
var channelName = regexp.MustCompile(`^[a-z_][a-z0-9_]*$`)

// Listen keeps a connection of its own (outside the pool) listening on channel until ctx
// ends, calling l's functions as it connects, receives and loses the connection. After a
// failure it logs and connects again, after one second at first and longer while the failures
// go on. It returns nil when ctx ends, and an error only for a channel name it cannot use.
func (s *Store) Listen(ctx context.Context, channel string, log *slog.Logger, l Listener) error {
	if !channelName.MatchString(channel) {
		return fmt.Errorf("store: listen: bad channel name %q", channel)
	}
	cfg := s.pool.Config().ConnConfig.Copy()
	retry := listenRetryMin
	for ctx.Err() == nil {
		connected, err := listenOnce(ctx, cfg, channel, l)
		if l.Lost != nil {
			l.Lost()
		}
		if ctx.Err() != nil {
			break
		}
		if connected {
			retry = listenRetryMin
		}
		log.Warn("listener stopped; reconnecting", "channel", channel, "err", err, "retry", retry)
		select {
		case <-ctx.Done():
		case <-time.After(retry):
		}
		retry = min(2*retry, listenRetryMax)
	}
	return nil
}

// listenOnce listens on one connection until it fails; connected tells whether it got as far
// as Connected.
func listenOnce(ctx context.Context, cfg *pgx.ConnConfig, channel string, l Listener) (connected bool, err error) {
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return false, err
	}
	defer conn.Close(context.Background())
	if _, err := conn.Exec(ctx, "LISTEN "+channel); err != nil {
		return false, err
	}
	if l.Connected != nil {
		if err := l.Connected(ctx); err != nil {
			return false, err
		}
	}
	for {
		n, err := conn.WaitForNotification(ctx)
		if err != nil {
			return true, err
		}
		if l.Notify != nil {
			if err := l.Notify(ctx, n.Payload); err != nil {
				return true, err
			}
		}
	}
}
