package deploy

import (
	"path"
	"strings"

	"creditsite/internal/manifest"
)

// Headers are the HTTP headers an object is stored with; object storage and
// the CDN in front of it serve them back to visitors unchanged.
type Headers struct {
	ContentType     string
	CacheControl    string
	ContentEncoding string // "gzip" for a precompressed X.gz beside X, else ""
}

// Cache lifetimes. A search file is named by a hash of its bytes and never
// changes, so it may be cached forever; search/meta.json and the search
// page, which carries it, name the search files of their build, so a
// browser must revalidate them on every use, or it would keep asking for
// files of a build long gone; pages and feeds must show new entries soon.
const (
	cacheImmutable  = "public, max-age=31536000, immutable"
	cacheRevalidate = "no-cache"
	cacheShort      = "public, max-age=300"
	cacheAsset      = "public, max-age=3600"
)

// cacheControl is the Cache-Control of each kind of site file.
var cacheControl = map[manifest.Kind]string{
	manifest.Asset:      cacheAsset,
	manifest.SearchFile: cacheImmutable,
	manifest.Page:       cacheShort,
	manifest.List:       cacheShort,
	manifest.Home:       cacheShort,
	manifest.SearchRoot: cacheRevalidate,
	manifest.Feed:       cacheShort,
}

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
	return Headers{ContentType: ContentType(rel), CacheControl: cacheControl[kindOf(rel)]}
}
