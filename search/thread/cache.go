package thread

import (
	"context"
	"sync"

	"panelpapers/search"
)

// Cache serves threads from a Graph built once and rebuilt after the
// library changes (Invalidate). It implements search.Threads.
type Cache struct {
	src Source

	mu    sync.Mutex
	graph *Graph
	gen   uint64 // counts Invalidate calls; a build started before one is not kept
}

// NewCache returns a Cache over src; the first request builds the graph.
func NewCache(src Source) *Cache { return &Cache{src: src} }

// Invalidate drops the graph: the library changed (an ingest).
func (c *Cache) Invalidate() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.graph = nil
	c.gen++
}

// get returns the current graph, building it if there is none. Requests
// that arrive during a build wait for it rather than start their own.
func (c *Cache) get(ctx context.Context) (*Graph, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.graph != nil {
		return c.graph, nil
	}
	gen := c.gen
	g, err := Build(ctx, c.src)
	if err != nil {
		return nil, err
	}
	if gen == c.gen {
		c.graph = g
	}
	return g, nil
}

// Thread implements search.Threads.
func (c *Cache) Thread(ctx context.Context, id string) (search.Thread, error) {
	g, err := c.get(ctx)
	if err != nil {
		return search.Thread{}, err
	}
	return g.Thread(ctx, c.src, id)
}

// Statuses implements search.Threads.
func (c *Cache) Statuses(ctx context.Context) (map[string]string, error) {
	g, err := c.get(ctx)
	if err != nil {
		return nil, err
	}
	return g.Statuses(), nil
}
