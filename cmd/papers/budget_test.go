package main

import (
	"context"
	"testing"
	"time"
)

// The parsers wait while the parsed files not yet written hold the whole
// page budget, go on when the writer gives pages back, and stop waiting
// when the batch is cancelled. A file bigger than the budget still passes.
func TestPageBudget(t *testing.T) {
	b := newPageBudget(10)
	ctx := context.Background()
	if !b.acquire(ctx, 25) {
		t.Fatal("a file bigger than the whole budget was refused")
	}
	got := make(chan bool, 1)
	go func() { got <- b.acquire(ctx, 4) }()
	select {
	case <-got:
		t.Fatal("acquired pages while the budget was spent")
	case <-time.After(50 * time.Millisecond):
	}
	b.release(25)
	select {
	case ok := <-got:
		if !ok {
			t.Fatal("acquire failed after the pages were given back")
		}
	case <-time.After(5 * time.Second):
		t.Fatal("acquire still waiting after the pages were given back")
	}

	cctx, cancel := context.WithCancel(ctx)
	go func() { got <- b.acquire(cctx, 10) }() // 6 left: waits
	time.Sleep(20 * time.Millisecond)
	cancel()
	select {
	case ok := <-got:
		if ok {
			t.Fatal("acquire succeeded without the pages")
		}
	case <-time.After(5 * time.Second):
		t.Fatal("acquire kept waiting after the batch was cancelled")
	}
}
