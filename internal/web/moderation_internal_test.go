package web

import (
	"testing"
	"time"
)

func TestDutchAge(t *testing.T) {
	const day = 24 * time.Hour
	tests := []struct {
		d    time.Duration
		want string
	}{
		{0, "minder dan een uur"},
		{59 * time.Minute, "minder dan een uur"},
		{time.Hour, "1 uur"},
		{5*time.Hour + 59*time.Minute, "5 uur"},
		{day, "1 dag"},
		{3*day + time.Hour, "3 dagen"},
		{13 * day, "13 dagen"},
		{15 * day, "2 weken"},
		{90 * day, "3 maanden"},
		{400 * day, "1 jaar"},
		{800 * day, "2 jaar"},
	}
	for _, tt := range tests {
		if got := dutchAge(tt.d); got != tt.want {
			t.Errorf("dutchAge(%v) = %q, want %q", tt.d, got, tt.want)
		}
	}
}
