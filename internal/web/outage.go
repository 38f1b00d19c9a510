package web

import (
	"context"
	"time"
)

// While the database does not answer, cached public pages are served from the page cache
// (cache.go) and every other page that needs the database is a 503 with Retry-After
// (errors.go). The outage is logged once when it is first noticed and once when the database
// answers again, not per request.

// outageProbe is how often the database is pinged during an outage.
const outageProbe = time.Second

// databaseDown notes that the database did not answer (err). The first time of an outage it
// logs it and starts a probe that logs the end of the outage.
func (s *Server) databaseDown(err error) {
	if !s.dbDown.CompareAndSwap(false, true) {
		return
	}
	s.log.Error("database unreachable: cached pages are served, other pages answer 503 until it answers again", "err", err)
	go s.awaitDatabase(time.Now())
}

// awaitDatabase pings the database until it answers, then logs how long it was away.
func (s *Server) awaitDatabase(since time.Time) {
	for {
		time.Sleep(outageProbe)
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		err := s.store.Ping(ctx)
		cancel()
		if err == nil {
			s.dbDown.Store(false)
			s.log.Info("database reachable again", "after", time.Since(since).Round(100*time.Millisecond))
			return
		}
	}
}
