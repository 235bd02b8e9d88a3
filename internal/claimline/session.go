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
