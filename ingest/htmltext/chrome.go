package htmltext

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Page chrome is dropped by tag, by ARIA role, and by a short list of id and
// class names that sites use for headers, footers, breadcrumbs, skip links,
// cookie banners and screen-reader-only text. The rules are conservative:
//   - <header>/<footer> inside <article> or <main> are part of the content;
//   - a <form> is dropped only when it is small and holds no heading or
//     table (ASP.NET sites, modern.gov among them, wrap the whole page in
//     one form);
//   - an element dropped by name, role or <header>/<footer> tag is kept
//     after all when it holds an <h1>, <main>, <article> or the modern.gov
//     content (#modgov), so a misnamed wrapper cannot take the page with it.

var chromeTags = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Template: true, atom.Nav: true,
	atom.Button: true, atom.Iframe: true, atom.Svg: true, atom.Math: true, atom.Object: true,
	atom.Embed: true, atom.Select: true, atom.Textarea: true, atom.Input: true, atom.Canvas: true,
	atom.Audio: true, atom.Video: true, atom.Head: true, atom.Datalist: true, atom.Map: true,
}

// chromeNames are id and class tokens (compared case-insensitively).
var chromeNames = map[string]bool{
	"header": true, "footer": true, "site-header": true, "site-footer": true, "masthead": true,
	"breadcrumb": true, "breadcrumbs": true, "mgbreadcrumbs": true, "mgbreadcrumb": true,
	"skip-link": true, "skip-links": true, "skiplink": true, "skiplinks": true, "skip-to-content": true,
	"skipnav": true, "skip-nav": true, "cookie-banner": true, "cookie-notice": true, "cookiebanner": true,
	"cookie-consent": true, "mgheader": true, "mgfooter": true, "navbar": true,
	"sr-only": true, "visually-hidden": true, "screen-reader-text": true, "mghide": true,
	// modern.gov's size of a linked file ("PDF 240 KB"), and its links to
	// other views of an item ("View the decision for item 4.").
	"mgfilesize": true, "mgactionlist": true,
}

var chromeRoles = map[string]bool{"navigation": true, "banner": true, "contentinfo": true, "search": true}

// pruned reports whether n is page chrome to leave out, with its content.
func pruned(n *html.Node) bool {
	if n.Type != html.ElementNode {
		return false
	}
	if chromeTags[n.DataAtom] || n.Data == "xml" || n.Data == "o:smarttagtype" {
		return true
	}
	if hidden(n) {
		return true
	}
	switch n.DataAtom {
	case atom.Header, atom.Footer:
		return !insideContent(n) && !holdsContent(n)
	case atom.Form:
		return !holdsContent(n) && !hasDescendant(n, func(c *html.Node) bool {
			return c.DataAtom == atom.Table || headingLevel(c) > 0
		}) && len(collapse(textOf(n))) < 200
	case atom.A:
		if strings.HasPrefix(attr(n, "href"), "#") {
			t := strings.ToLower(collapse(textOf(n)))
			if strings.HasPrefix(t, "skip to") || strings.HasPrefix(t, "skip navigation") || t == "skip" {
				return true
			}
		}
	}
	if chromeRoles[strings.ToLower(attr(n, "role"))] || chromeNamed(n) {
		return !holdsContent(n)
	}
	return false
}

func chromeNamed(n *html.Node) bool {
	if chromeNames[strings.ToLower(attr(n, "id"))] {
		return true
	}
	for _, c := range strings.Fields(attr(n, "class")) {
		if chromeNames[strings.ToLower(c)] {
			// A class on the root or body element describes the page, not chrome.
			return n.DataAtom != atom.Body && n.DataAtom != atom.Html
		}
	}
	return false
}

func hidden(n *html.Node) bool {
	for _, a := range n.Attr {
		switch a.Key {
		case "hidden":
			return true
		case "aria-hidden":
			if strings.EqualFold(a.Val, "true") {
				return true
			}
		case "style":
			s := strings.ToLower(strings.ReplaceAll(a.Val, " ", ""))
			if strings.Contains(s, "display:none") || strings.Contains(s, "visibility:hidden") || strings.Contains(s, "mso-hide:all") {
				return true
			}
		}
	}
	return false
}

// holdsContent reports whether n contains the page's main content.
func holdsContent(n *html.Node) bool {
	return hasDescendant(n, func(c *html.Node) bool {
		switch c.DataAtom {
		case atom.H1, atom.Main, atom.Article:
			return true
		}
		id := strings.ToLower(attr(c, "id"))
		return id == "modgov" || id == "content" || id == "main-content" || id == "maincontent"
	})
}

// insideContent reports whether n is inside <article> or <main>.
func insideContent(n *html.Node) bool {
	for p := n.Parent; p != nil; p = p.Parent {
		if p.DataAtom == atom.Article || p.DataAtom == atom.Main {
			return true
		}
	}
	return false
}
