// Package a11y checks, in headless Chromium, that the default theme is
// usable by everyone GB/T 37668 and the 适老化 rules for government sites
// have in mind: axe-core finds no serious or critical WCAG 2.1 A/AA
// violation, and the keyboard, the large-text mode, line height, phone
// reflow and the print stylesheet work as a person would use them.
//
// It has only tests; they build a site from generated data with the
// embedded theme and serve it under a sub-path.
package a11y
