package search

// webRoutes registers the web page (next commit).
func (s *Server) webRoutes() {}
