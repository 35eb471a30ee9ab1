package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
)

// askOpen asks the user for a file to read (with one of exts, or any when exts is
// empty) and calls then with its path.
func (e *env) askOpen(exts []string, then func(path string)) {
	d := dialog.NewFileOpen(chosenPath[fyne.URIReadCloser](e, then), e.win)
	if len(exts) > 0 {
		d.SetFilter(storage.NewExtensionFileFilter(exts))
	}
	d.Resize(fyne.NewSize(900, 600))
	d.Show()
}

// askSave asks the user where to write a file, suggesting name, and calls then with
// its path.
func (e *env) askSave(name string, then func(path string)) {
	d := dialog.NewFileSave(chosenPath[fyne.URIWriteCloser](e, then), e.win)
	d.SetFileName(name)
	d.Resize(fyne.NewSize(900, 600))
	d.Show()
}

// chosenPath is the callback of a file dialog: it reports an error, does nothing
// when the user cancelled, and otherwise closes the file Fyne opened and calls then
// with its path.
func chosenPath[F interface {
	URI() fyne.URI
	Close() error
}](e *env, then func(path string)) func(F, error) {
	return func(f F, err error) {
		if err != nil {
			e.fail(err)
			return
		}
		if any(f) == nil {
			return
		}
		path := f.URI().Path()
		f.Close()
		then(path)
	}
}
