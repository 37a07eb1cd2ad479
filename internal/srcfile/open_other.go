//go:build !unix

package srcfile

// openFlags add nothing where the file system has no named pipes to wait
// on (Windows keeps them out of folders).
const openFlags = 0
