// Package visualtest checks, in headless Chromium, that every page kind of
// the default theme holds its layout from a 320 px phone to a 1366 px
// desktop with the data that breaks layouts: very long enterprise names
// and 承诺事项, unbroken certificate numbers and links, empty optional
// fields, an expired certificate and every 证书有效期 form.
//
// It has only tests. They build testdata/site with the real pipeline
// (build.Run: ingest, site, search index), serve it under a sub-path and,
// at 320, 390, 768 and 1366 px, look at each page's DOM (see checks.js for
// the exact rules). With SCREENSHOTS=dir set, a full-page screenshot of
// every page at every width is written there for a person to look at.
package visualtest
