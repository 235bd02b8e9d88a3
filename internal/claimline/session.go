package claimline

import "time"

// SessionLimits are how long a session may sit unused (Idle) and how long
// it may live at most (Absolute).
type SessionLimits struct {
	Idle, Absolute time.Duration
}

// Session is a signed-in browser's session: its user, and the CSRF token
// that every state-changing request of this session must carry. The token
// is a random value kept with the session, so it is new at every sign-in
// and worthless in any other session.
type Session struct {
	User      *User
	CSRFToken string
	Unread    int // notes mentioning the user that they have not read
	Tray      int // clippings on the user's tray
}

// SignIn is one sign-in attempt as the throttle counts it (auth.Logins),
// before its password is checked.
type SignIn struct {
	// Pair counts the attempts at one account from one address; Address,
	// those from the address at any account. Both are hashes.
	Pair, Address []byte
	// Failures older than Window are forgotten; a sign-in of the pair older
	// than KnownFor no longer makes it known.
	Window, KnownFor time.Duration
}

// SignInHistory is what the throttle knows of an attempt's keys when the
// attempt comes.
type SignInHistory struct {
	Now           time.Time
	Pair, Address []time.Time // failures within the window, oldest first
	Known         bool        // the pair signed in within KnownFor
}

// SignInVerdict is the throttle's answer to a history: how long the
// attempt must wait (zero: check its password now), and whether it counts
// against its address.
type SignInVerdict struct {
	Wait         time.Duration
	CountAddress bool
}
