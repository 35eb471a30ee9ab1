//go:build unix

package ui

import "syscall"

// cpuSeconds is the CPU time (user and system) the process has used: a figure of
// the work done that a busy machine inflates less than the wall clock.
func cpuSeconds() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return float64(ru.Utime.Sec+ru.Stime.Sec) + float64(ru.Utime.Usec+ru.Stime.Usec)/1e6
}
