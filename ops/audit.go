package ops

import (
	"context"
	"os"
	"os/user"
	"strings"

	"shipmode/logistics"
	"shipmode/store"
)

// actor is who runs the operations of a Service: the OS user and host, as the
// audit log records them (SPEC §10).
type actor struct{ user, host string }

// String is "user@host".
func (a actor) String() string { return a.user + "@" + a.host }

// whoAmI is this process's actor.
func whoAmI() actor {
	a := actor{user: "unknown", host: "unknown"}
	if u, err := user.Current(); err == nil && u.Username != "" {
		a.user = u.Username
	} else if v := os.Getenv("USER"); v != "" {
		a.user = v
	} else if v := os.Getenv("USERNAME"); v != "" {
		a.user = v
	}
	if h, err := os.Hostname(); err == nil && h != "" {
		a.host = h
	}
	return a
}

// audit records that this actor did action (detail: one line). It runs after
// the change has committed, in a transaction of its own: a failure to record is
// not the operation's failure, and is not reported.
func (s *Service) audit(ctx context.Context, action, detail string) {
	detail = strings.Join(strings.Fields(detail), " ")
	s.db.Audit(context.WithoutCancel(ctx), store.AuditEntry{At: s.now(), Host: s.who.host, User: s.who.user, Action: action, Detail: detail})
}

// Log is the newest n entries of the audit log, newest first: who changed the
// database, from which computer, when.
func (s *Service) Log(ctx context.Context, n int) ([]store.AuditEntry, error) {
	if n <= 0 {
		n = 50
	}
	return s.db.AuditLog(ctx, n)
}

// periodText is a period for the audit log: "all dates", "from D", "to D", "D to D".
func periodText(from, to logistics.Date) string {
	switch {
	case from == logistics.NoDate && to == logistics.NoDate:
		return "all dates"
	case to == logistics.NoDate:
		return "from " + from.String()
	case from == logistics.NoDate:
		return "to " + to.String()
	}
	return from.String() + " to " + to.String()
}
