package search

import (
	_ "embed"
	"net/http"
)

// openAPI describes the API. It is written by hand, next to the handlers;
// TestOpenAPI checks that it parses and documents every route.
//
//go:embed openapi.json
var openAPI []byte

func (s *Server) serveOpenAPI(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Write(openAPI)
}
