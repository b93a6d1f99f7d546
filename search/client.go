package search

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"panelpapers/corpus"
)

// Client is a Library served by a running papers server: the CLI uses it
// when the server holds the index, so that commands keep working while it
// serves. Documents read through it carry no path, only what the API shows.
type Client struct {
	base  string // http://127.0.0.1:8080, no trailing slash
	http  *http.Client
	token string // for Ingest
}

// NewClient returns a client of the server at base. A nil hc means a client
// with a 30-second timeout.
func NewClient(base string, hc *http.Client, token string) *Client {
	if hc == nil {
		hc = &http.Client{Timeout: 30 * time.Second}
	}
	return &Client{base: strings.TrimRight(base, "/"), http: hc, token: token}
}

var _ Library = (*Client)(nil)

// URL is the server's base URL.
func (c *Client) URL() string { return c.base }

// Values is req as URL parameters, the inverse of ParseRequest.
func (req Request) Values() url.Values {
	v := url.Values{}
	set := func(name, val string) {
		if val != "" {
			v.Set(name, val)
		}
	}
	set(ParamQuery, req.Query)
	for _, k := range req.Kinds {
		v.Add(ParamKind, string(k))
	}
	set(ParamBody, req.Body)
	set(ParamFund, req.Fund)
	set(ParamRecipient, req.Recipient)
	set(ParamFunder, req.Funder)
	if req.Copies {
		set(ParamCopies, CopiesInclude)
	}
	if !req.From.IsZero() {
		set(ParamDateFrom, req.From.Format(time.DateOnly))
	}
	if !req.To.IsZero() {
		set(ParamDateTo, req.To.Format(time.DateOnly))
	}
	if req.AmountMin != nil {
		set(ParamAmountMin, strconv.FormatFloat(*req.AmountMin, 'f', -1, 64))
	}
	if req.AmountMax != nil {
		set(ParamAmountMax, strconv.FormatFloat(*req.AmountMax, 'f', -1, 64))
	}
	set(ParamSort, string(req.Sort))
	if req.Limit > 0 {
		set(ParamLimit, strconv.Itoa(req.Limit))
	}
	set(ParamCursor, req.Cursor)
	return v
}

// get fetches path and decodes the JSON answer into dst. An error answer
// becomes an error wrapping ErrNotFound or ErrBadRequest where it is one.
func (c *Client) get(ctx context.Context, path string, v url.Values, dst any) error {
	resp, err := c.do(ctx, http.MethodGet, path, v, nil)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if err := json.NewDecoder(resp.Body).Decode(dst); err != nil {
		return fmt.Errorf("server %s: %s: %w", c.base, path, err)
	}
	return nil
}

func (c *Client) do(ctx context.Context, method, path string, v url.Values, body io.Reader) (*http.Response, error) {
	u := c.base + path
	if len(v) > 0 {
		u += "?" + v.Encode()
	}
	r, err := http.NewRequestWithContext(ctx, method, u, body)
	if err != nil {
		return nil, err
	}
	if c.token != "" {
		r.Header.Set("Authorization", "Bearer "+c.token)
	}
	if body != nil {
		r.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.http.Do(r)
	if err != nil {
		return nil, fmt.Errorf("server %s: %w", c.base, err)
	}
	if resp.StatusCode == http.StatusOK {
		return resp, nil
	}
	defer resp.Body.Close()
	var e struct {
		Error string `json:"error"`
	}
	_ = json.NewDecoder(io.LimitReader(resp.Body, 1<<20)).Decode(&e)
	if e.Error == "" {
		e.Error = resp.Status
	}
	switch resp.StatusCode {
	case http.StatusNotFound:
		return nil, fmt.Errorf("%w: %s", ErrNotFound, e.Error)
	case http.StatusBadRequest:
		return nil, fmt.Errorf("%w: %s", ErrBadRequest, e.Error)
	default:
		return nil, fmt.Errorf("server %s: %s %s: %s", c.base, method, path, e.Error)
	}
}

func (h apiHit) hit() Hit {
	return Hit{Item: h.Item, Score: h.Score, Highlights: h.Highlights, Partial: h.Partial, Document: corpus.Document{
		ID: h.Document.ID, Title: h.Document.Title, Body: h.Document.Body,
		MeetingDate: h.Document.MeetingDate, Format: h.Document.Format,
	}}
}

// Search implements Searcher.
func (c *Client) Search(ctx context.Context, req Request) (Result, error) {
	v := req.Values()
	if !req.Facets {
		v.Set("facets", "false")
	}
	var res apiResult
	if err := c.get(ctx, "/api/search", v, &res); err != nil {
		return Result{}, err
	}
	out := Result{Total: res.Total, Took: time.Duration(res.TookMS * float64(time.Millisecond)),
		Hits: make([]Hit, len(res.Hits)), NextCursor: res.NextCursor, Ignored: res.Ignored, Expansions: res.Expansions}
	if req.Facets {
		out.Facets = res.Facets
	}
	for i, h := range res.Hits {
		out.Hits[i] = h.hit()
	}
	return out, nil
}

// Item implements Library.
func (c *Client) Item(ctx context.Context, id string) (corpus.Item, error) {
	var res struct {
		Item corpus.Item `json:"item"`
	}
	err := c.get(ctx, "/api/items/"+url.PathEscape(id), nil, &res)
	return res.Item, err
}

func (d apiDocument) document() corpus.Document {
	return corpus.Document{ID: d.ID, Title: d.Title, Body: d.Body, MeetingDate: d.MeetingDate,
		Format: d.Format, Pages: d.Pages, NeedsOCR: d.NeedsOCR, NeedsOCRPages: d.NeedsOCRPages, OCRPages: d.OCRPages,
		Path: d.FileName, IngestedAt: d.IngestedAt, CopyOf: d.CopyOf}
}

// Document implements Library. Its Path is only the file's name.
func (c *Client) Document(ctx context.Context, id string) (corpus.Document, error) {
	var res apiDocument
	err := c.get(ctx, "/api/documents/"+url.PathEscape(id), nil, &res)
	return res.document(), err
}

// Documents implements Library.
func (c *Client) Documents(ctx context.Context) ([]corpus.Document, error) {
	var res struct {
		Documents []apiDocument `json:"documents"`
	}
	if err := c.get(ctx, "/api/documents", nil, &res); err != nil {
		return nil, err
	}
	out := make([]corpus.Document, len(res.Documents))
	for i, d := range res.Documents {
		out[i] = d.document()
	}
	return out, nil
}

// ItemsOf implements Library.
func (c *Client) ItemsOf(ctx context.Context, docID string) ([]corpus.Item, error) {
	var res struct {
		Items []corpus.Item `json:"items"`
	}
	err := c.get(ctx, "/api/documents/"+url.PathEscape(docID), nil, &res)
	if errors.Is(err, ErrNotFound) {
		return nil, nil
	}
	return res.Items, err
}

// FundingTotals implements Library.
func (c *Client) FundingTotals(ctx context.Context, req Request, by GroupBy) ([]Total, error) {
	v := req.Values()
	v.Set("group_by", string(by))
	var res []apiTotal
	if err := c.get(ctx, "/api/funding/totals", v, &res); err != nil {
		return nil, err
	}
	out := make([]Total, len(res))
	for i, t := range res {
		pence, err := parsePence(string(t.Total))
		if err != nil {
			return nil, fmt.Errorf("server %s: total %q: %w", c.base, t.Total, err)
		}
		out[i] = Total{Key: t.Key, Variants: t.Variants, Pence: pence, Count: t.Count, Currency: t.Currency}
	}
	return out, nil
}

// parsePence reads PenceString's output back exactly.
func parsePence(s string) (int64, error) {
	whole, frac, _ := strings.Cut(s, ".")
	w, err := strconv.ParseInt(whole, 10, 64)
	if err != nil {
		return 0, err
	}
	f := int64(0)
	if frac != "" {
		frac = (frac + "00")[:2]
		if f, err = strconv.ParseInt(frac, 10, 64); err != nil {
			return 0, err
		}
	}
	if strings.HasPrefix(whole, "-") {
		return w*100 - f, nil
	}
	return w*100 + f, nil
}

// Each implements Library over the JSON export, which streams.
func (c *Client) Each(ctx context.Context, req Request, fn func(Hit) error) error {
	v := req.Values()
	v.Del(ParamLimit)
	v.Del(ParamCursor)
	v.Set("format", ExportJSON)
	hc := *c.http
	hc.Timeout = 0 // an export takes as long as it takes; ctx bounds it
	resp, err := (&Client{base: c.base, http: &hc, token: c.token}).do(ctx, http.MethodGet, "/api/export", v, nil)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(make([]byte, 0, 64<<10), 64<<20)
	for sc.Scan() {
		line := sc.Bytes()
		if len(line) == 0 {
			continue
		}
		if line[0] == '#' {
			return fmt.Errorf("server %s: %s", c.base, strings.TrimSpace(string(line[1:])))
		}
		var h apiHit
		if err := json.Unmarshal(line, &h); err != nil {
			return fmt.Errorf("server %s: export: %w", c.base, err)
		}
		if err := fn(h.hit()); err != nil {
			return err
		}
	}
	return sc.Err()
}

// Ingest asks the server to ingest req's files, calling events with each
// event it streams back. It needs the token the server wrote.
func (c *Client) Ingest(ctx context.Context, req IngestRequest, events func(IngestEvent)) error {
	body, err := json.Marshal(req)
	if err != nil {
		return err
	}
	hc := *c.http
	hc.Timeout = 0
	resp, err := (&Client{base: c.base, http: &hc, token: c.token}).do(ctx, http.MethodPost, "/api/admin/ingest", nil, strings.NewReader(string(body)))
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	dec := json.NewDecoder(resp.Body)
	for {
		var ev IngestEvent
		if err := dec.Decode(&ev); errors.Is(err, io.EOF) {
			return nil
		} else if err != nil {
			return fmt.Errorf("server %s: ingest: %w", c.base, err)
		}
		events(ev)
	}
}

// Health checks that the server answers /healthz and returns the instance
// name it gives there (see Options.Instance).
func (c *Client) Health(ctx context.Context) (instance string, err error) {
	var res struct {
		Status   string `json:"status"`
		Instance string `json:"instance"`
	}
	if err := c.get(ctx, "/healthz", nil, &res); err != nil {
		return "", err
	}
	if res.Status != "ok" {
		return "", fmt.Errorf("server %s: status %q", c.base, res.Status)
	}
	return res.Instance, nil
}

// Thread asks the server for an item's thread (GET /api/items/{id}/thread).
func (c *Client) Thread(ctx context.Context, id string) (Thread, error) {
	var res struct {
		Item   corpus.Item `json:"item"`
		Status string      `json:"status"`
		Links  []struct {
			apiThreadLink
			Document apiDocument `json:"document"`
		} `json:"links"`
	}
	if err := c.get(ctx, "/api/items/"+url.PathEscape(id)+"/thread", nil, &res); err != nil {
		return Thread{}, err
	}
	t := Thread{Item: res.Item, Status: res.Status}
	for _, l := range res.Links {
		t.Links = append(t.Links, ThreadLink{Item: l.Item, Document: l.Document.document(), Date: l.Date, Relation: l.Relation,
			Reason: l.Reason, Confidence: l.Confidence, Status: l.Status})
	}
	return t, nil
}
