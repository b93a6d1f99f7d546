package osindex

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"

	opensearch "github.com/opensearch-project/opensearch-go/v4"
)

// conn is a connection to the cluster: the official client, which spreads
// requests over the nodes it was given and retries on another when one does
// not answer, with the JSON in and out done here.
type conn struct {
	client *opensearch.Client
}

// newConn connects to the nodes at addresses; credentials in a URL
// (http://user:password@host:9200) are the client's.
func newConn(addresses []string) (*conn, error) {
	c, err := opensearch.NewClient(opensearch.Config{
		Addresses: addresses,
		// A node that stops answering is a retry on another, not an error,
		// while the cluster has one left (the fault test stops a node
		// under load).
		MaxRetries:           5,
		EnableRetryOnTimeout: true,
		RetryOnStatus:        []int{502, 503, 504},
	})
	if err != nil {
		return nil, fmt.Errorf("opensearch: client: %w", err)
	}
	return &conn{client: c}, nil
}

// apiError is an error OpenSearch answered with.
type apiError struct {
	Status int
	Type   string
	Reason string
}

func (e *apiError) Error() string {
	if e.Type == "" {
		return fmt.Sprintf("opensearch: status %d: %s", e.Status, e.Reason)
	}
	return fmt.Sprintf("opensearch: status %d: %s: %s", e.Status, e.Type, e.Reason)
}

func isStatus(err error, status int) bool {
	var ae *apiError
	return errors.As(err, &ae) && ae.Status == status
}

// do sends method path with body (JSON-encoded unless it is []byte, sent
// as it is) and decodes the answer into out (when not nil). A status of 400
// or more is an *apiError.
func (c *conn) do(ctx context.Context, method, path string, params url.Values, body any, out any) error {
	var rd io.Reader
	contentType := "application/json"
	switch b := body.(type) {
	case nil:
	case []byte:
		rd = bytes.NewReader(b)
		contentType = "application/x-ndjson"
	default:
		js, err := json.Marshal(b)
		if err != nil {
			return fmt.Errorf("opensearch: %s %s: encode: %w", method, path, err)
		}
		rd = bytes.NewReader(js)
	}
	u := path
	if len(params) > 0 {
		u += "?" + params.Encode()
	}
	req, err := http.NewRequestWithContext(ctx, method, u, rd)
	if err != nil {
		return fmt.Errorf("opensearch: %s %s: %w", method, path, err)
	}
	if rd != nil {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := c.client.Perform(req) //nolint:staticcheck // the buffered v4 path is what this package needs
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return fmt.Errorf("opensearch: %s %s: %w", method, path, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return fmt.Errorf("opensearch: %s %s: read: %w", method, path, err)
	}
	if resp.StatusCode >= 400 {
		return decodeError(resp.StatusCode, data)
	}
	if out == nil {
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := dec.Decode(out); err != nil {
		return fmt.Errorf("opensearch: %s %s: decode: %w", method, path, err)
	}
	return nil
}

func decodeError(status int, data []byte) error {
	var e struct {
		Error json.RawMessage `json:"error"`
	}
	_ = json.Unmarshal(data, &e)
	var detail struct {
		Type      string `json:"type"`
		Reason    string `json:"reason"`
		RootCause []struct {
			Type   string `json:"type"`
			Reason string `json:"reason"`
		} `json:"root_cause"`
		CausedBy *struct {
			Type   string `json:"type"`
			Reason string `json:"reason"`
		} `json:"caused_by"`
	}
	if json.Unmarshal(e.Error, &detail) == nil && detail.Type != "" {
		reason := detail.Reason
		if detail.CausedBy != nil && detail.CausedBy.Reason != "" {
			reason += ": " + detail.CausedBy.Reason
		} else if len(detail.RootCause) > 0 && detail.RootCause[0].Reason != reason {
			reason += ": " + detail.RootCause[0].Reason
		}
		return &apiError{Status: status, Type: detail.Type, Reason: reason}
	}
	msg := strings.TrimSpace(string(data))
	if len(msg) > 300 {
		msg = msg[:300] + "…"
	}
	return &apiError{Status: status, Reason: msg}
}
