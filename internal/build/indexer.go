//go:build !nosearch

package build

import "creditsite/internal/searchindex"

// siteIndexer is the search index every real build makes.
var siteIndexer indexer = searchindex.Build
