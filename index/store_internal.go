package index

// GetInternal reads an internal (non-document) key of the index.
func (s *store) GetInternal(key []byte) ([]byte, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.dead != nil {
		return nil, s.dead
	}
	return s.idx.GetInternal(key)
}
