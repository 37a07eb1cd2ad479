package deploy

import (
	"path"
	"strings"
)

// Headers are the HTTP headers an object is stored with; object storage and
// the CDN in front of it serve them back to visitors unchanged.
type Headers struct {
	ContentType     string
	CacheControl    string
	ContentEncoding string // "gzip" for a precompressed X.gz beside X, else ""
}

// Cache lifetimes. Content-hashed names change whenever their content does,
// so they may be cached forever; pages and feeds must show new entries soon.
const (
	cacheImmutable = "public, max-age=31536000, immutable"
	cacheShort     = "public, max-age=300"
	cacheAsset     = "public, max-age=3600"
)

// contentTypes maps extensions to media types. A fixed table rather than
// the mime package keeps headers identical on every machine (mime reads
// /etc/mime.types, which differs between systems).
var contentTypes = map[string]string{
	".html":        "text/html; charset=utf-8",
	".htm":         "text/html; charset=utf-8",
	".css":         "text/css; charset=utf-8",
	".js":          "text/javascript; charset=utf-8",
	".mjs":         "text/javascript; charset=utf-8",
	".json":        "application/json; charset=utf-8",
	".map":         "application/json; charset=utf-8",
	".webmanifest": "application/manifest+json; charset=utf-8",
	".xml":         "application/xml; charset=utf-8",
	".txt":         "text/plain; charset=utf-8",
	".csv":         "text/csv; charset=utf-8",
	".md":          "text/markdown; charset=utf-8",
	".svg":         "image/svg+xml; charset=utf-8",
	".png":         "image/png",
	".jpg":         "image/jpeg",
	".jpeg":        "image/jpeg",
	".gif":         "image/gif",
	".webp":        "image/webp",
	".avif":        "image/avif",
	".ico":         "image/x-icon",
	".pdf":         "application/pdf",
	".woff2":       "font/woff2",
	".woff":        "font/woff",
	".ttf":         "font/ttf",
	".zip":         "application/zip",
	".gz":          "application/gzip",
	".doc":         "application/msword",
	".docx":        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
	".xls":         "application/vnd.ms-excel",
	".xlsx":        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
	".ofd":         "application/ofd",
}

// ContentType returns the media type for a file name, with charset=utf-8
// for text formats.
func ContentType(name string) string {
	if t, ok := contentTypes[strings.ToLower(path.Ext(name))]; ok {
		return t
	}
	return "application/octet-stream"
}

// IsHashed reports whether a file name carries a content hash: a part of
// the base name, between '.', '-' or '_', of at least 8 lowercase hex digits,
// as in shard-3fa9c2d1.json or site.3fa9c2d1.css. The part must mix digits
// and letters so that dates and serial numbers in attachment names
// (20230501.pdf) are not mistaken for hashes and cached for a year; a real
// hash misses the test only rarely, and then merely gets a shorter cache.
func IsHashed(name string) bool {
	parts := strings.FieldsFunc(path.Base(name), func(r rune) bool {
		return r == '.' || r == '-' || r == '_'
	})
	for _, p := range parts {
		if len(p) >= 8 && isLowerHex(p) &&
			strings.ContainsAny(p, "0123456789") && strings.ContainsAny(p, "abcdef") {
			return true
		}
	}
	return false
}

func isLowerHex(s string) bool {
	for _, r := range s {
		if !('0' <= r && r <= '9' || 'a' <= r && r <= 'f') {
			return false
		}
	}
	return true
}

// HeadersFor returns the headers for the site file at rel (slash-separated,
// relative to the output folder). exists tells whether another site file
// exists, so that X.gz beside X is stored as X's gzip encoding while a
// lone archive.gz stays an application/gzip download.
func HeadersFor(rel string, exists func(string) bool) Headers {
	if orig, ok := strings.CutSuffix(rel, ".gz"); ok && exists(orig) {
		h := HeadersFor(orig, exists)
		h.ContentEncoding = "gzip"
		return h
	}
	h := Headers{ContentType: ContentType(rel)}
	switch {
	case IsHashed(rel):
		h.CacheControl = cacheImmutable
	case kindOf(rel) != kindAsset:
		h.CacheControl = cacheShort
	default:
		h.CacheControl = cacheAsset
	}
	return h
}
