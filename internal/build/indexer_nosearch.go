//go:build nosearch

package build

// siteIndexer is left out in a binary built with the tag nosearch, which
// only cmd/benchmark -search-cost builds: the same build without the
// search index, to measure what the index adds.
var siteIndexer indexer = noIndex
