package cli_test

import (
	"fmt"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestTwoImportsAtOnceBothLand: two processes import into one database at the
// same time; the second waits for the first instead of failing with "busy", and
// every order of both files is stored.
func TestTwoImportsAtOnceBothLand(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "shop.db")
	const n = 60000
	files := make([]string, 2)
	for f := range files {
		var b strings.Builder
		b.WriteString("order_ref,marketplace,order_date,country,postal_code,sku,qty,unit_price,currency,promised_days\n")
		for i := range n {
			fmt.Fprintf(&b, "F%d-%06d,ebay,2026-05-%02d,FR,31000,PLANTER-SET,1,59.00,EUR,\n", f, i, 1+i%28)
		}
		files[f] = filepath.Join(dir, fmt.Sprintf("orders-%d.csv", f))
		write(t, files[f], b.String())
	}
	cmds := make([]*exec.Cmd, len(files))
	outs := make([]strings.Builder, len(files))
	for i, f := range files {
		cmds[i] = exec.Command(binary, "--db", db, "import", "orders", f)
		cmds[i].Stdout, cmds[i].Stderr = &outs[i], &outs[i]
		if err := cmds[i].Start(); err != nil {
			t.Fatal(err)
		}
	}
	for i, c := range cmds {
		if err := c.Wait(); err != nil {
			t.Errorf("import %d: %v\n%s", i, err, outs[i].String())
		}
	}
	if got := countOrders(t, db); got != 2*n {
		t.Errorf("got %d orders, want %d", got, 2*n)
	}
}
