//go:build !unix

package output

// isMountPoint is not checked here; Windows publishes in Folder mode.
func (l layout) isMountPoint() bool { return false }
