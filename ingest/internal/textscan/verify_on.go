//go:build textscan_verify

package textscan

const verify = true
