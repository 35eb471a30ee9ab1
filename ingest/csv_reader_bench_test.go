package ingest

import (
	"bufio"
	"bytes"
	"testing"
)

// BenchmarkCSVReaderGeneric reads the benchmark's generic file with the CSV reader
// alone: the cost of splitting lines, without the importer.
func BenchmarkCSVReaderGeneric(b *testing.B) {
	data := genericFile(1_000_000)
	benchmarkRead(b, data)
}

// BenchmarkCSVReaderQuoted: the same with every cell quoted, as eBay writes.
func BenchmarkCSVReaderQuoted(b *testing.B) {
	data := genericFile(1_000_000)
	var q bytes.Buffer
	for _, line := range bytes.SplitAfter(data, []byte("\n")) {
		if len(line) == 0 {
			continue
		}
		cells := bytes.Split(bytes.TrimSuffix(line, []byte("\n")), []byte(","))
		for i, c := range cells {
			if i > 0 {
				q.WriteByte(',')
			}
			q.WriteByte('"')
			q.Write(c)
			q.WriteByte('"')
		}
		q.WriteByte('\n')
	}
	data = q.Bytes()
	benchmarkRead(b, data)
}

// benchmarkRead reads data, the generic file of a million lines (ten cells each and
// the header), with the CSV reader alone.
func benchmarkRead(b *testing.B, data []byte) {
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		r := newCSVReader(bufio.NewReaderSize(bytes.NewReader(data), sniffSize), ',')
		n := 0
		for {
			rec, _, err := r.read()
			if err != nil {
				break
			}
			n += len(rec)
		}
		if n != 10_000_010 {
			b.Fatalf("got %d cells", n)
		}
	}
}
