// Package assets embeds the files the app ships with (the icon) and exposes them as
// Fyne resources.
package assets
