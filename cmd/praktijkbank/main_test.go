package main

import (
	"testing"

	"github.com/praktijkbank/praktijkbank/internal/testdb"
)

func TestMain(m *testing.M) { testdb.Main(m) }
