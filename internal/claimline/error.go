// Package claimline holds the domain model of claimline: timelines, entries,
// dates with precision, actors, users and roles, history records, and the
// error type every layer uses. It imports the standard library only.
package claimline

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

// Error codes. The HTTP layer maps them to statuses; the CLI to messages.
const (
	ECONFLICT  = "conflict"
	EINTERNAL  = "internal"
	EINVALID   = "invalid"
	ENOTFOUND  = "not_found"
	EFORBIDDEN = "forbidden"
	EUNAUTH    = "unauthorized"
	ETOOLARGE  = "too_large" // the input is over a limit the message names
	// EFULL and EREADONLY are faults of the server, not of the input: the
	// disk is full, or the database cannot be written. Nothing was saved,
	// and the same request may succeed once the fault is cured.
	EFULL     = "full"
	EREADONLY = "read_only"
	// EUNAVAILABLE: the database cannot be reached (a PostgreSQL server
	// down or out of reach). Nothing was saved; the same request may
	// succeed once it is back.
	EUNAVAILABLE = "unavailable"
)

// Error is a domain error with a machine-readable code, a message meant for
// the user and, for validation failures, one message per form field.
type Error struct {
	Code    string
	Message string
	Fields  map[string]string
	// Conflict is set on an ECONFLICT from a save over a newer revision.
	Conflict *Conflict
	// Err, when set, says what kind of failure this is beyond its code,
	// for errors.Is (ErrAmbiguousDate); it is not part of the message.
	Err error
}

func (e *Error) Error() string {
	if len(e.Fields) == 0 {
		return e.Message
	}
	return e.Message + " (" + FieldErrorText(e) + ")"
}

// Unwrap returns e.Err.
func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an *Error with the given code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the first *Error in err's chain, EINTERNAL
// for any other non-nil error, and "" for nil.
func ErrorCode(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the user-facing message of err: the *Error's message,
// or a generic one for internal errors so that no detail leaks.
func ErrorMessage(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return "Internal error."
}

// FieldErrors returns the per-field messages of a validation error. For a
// fault that kept a form from being saved (EFULL, EREADONLY) it returns the
// fault's message as the form-wide one (key ""), so that every form that
// comes back filled in after a validation error does so after a fault too,
// with nothing typed lost. It returns nil for any other error.
func FieldErrors(err error) map[string]string {
	var e *Error
	if !errors.As(err, &e) {
		return nil
	}
	if IsFault(err) && len(e.Fields) == 0 {
		return map[string]string{"": e.Message}
	}
	return e.Fields
}

// IsFault reports whether err is an EFULL, EREADONLY or EUNAVAILABLE fault.
func IsFault(err error) bool {
	code := ErrorCode(err)
	return code == EFULL || code == EREADONLY || code == EUNAVAILABLE
}

// Problems collects field-level validation messages.
type Problems map[string]string

// Add records msg for field unless the field already has a message.
func (p Problems) Add(field, msg string) {
	if _, ok := p[field]; !ok {
		p[field] = msg
	}
}

// Err returns nil when there are no problems, else an EINVALID *Error.
func (p Problems) Err() error {
	if len(p) == 0 {
		return nil
	}
	return &Error{Code: EINVALID, Message: "Please correct the fields marked below.", Fields: p}
}

// FieldErrorText returns a validation error's field messages as one line
// ("date: …; title: …"), or the error's message when it names no field.
func FieldErrorText(err error) string {
	fields := FieldErrors(err)
	if len(fields) == 0 {
		return ErrorMessage(err)
	}
	keys := make([]string, 0, len(fields))
	for k := range fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = k + ": " + fields[k]
		if k == "" { // the form as a whole
			parts[i] = fields[k]
		}
	}
	return strings.Join(parts, "; ")
}
