package claimline

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// Change actions recorded in history.
const (
	ActionCreate = "create"
	ActionUpdate = "update"
	ActionDelete = "delete"
)

// Change is one recorded create, update or delete: who, when, and the object
// before and after as JSON (empty for the side that does not exist).
type Change struct {
	ID         int64
	At         time.Time
	Username   string
	Via        string // the API token's name, for a change made through the API; "" otherwise
	ObjectType string // "timeline", "entry", "user"
	ObjectID   int64
	TimelineID int64
	// TimelineSlug is the timeline's slug now, "" once it is deleted (read
	// only: history does not store it).
	TimelineSlug string
	Action       string
	Label        string // a title for the object, kept so deleted objects stay findable
	Before       string
	After        string
}

// FieldChange is one field that differs between Before and After.
type FieldChange struct {
	Field, Before, After string
}

// ChangeFilter selects history records. Zero fields do not filter.
type ChangeFilter struct {
	ObjectType string
	ObjectID   int64
	TimelineID int64
	// TimelineSlug is the timeline's slug now, "" once it is deleted (read
	// only: history does not store it).
	TimelineSlug string
	Action       string
	Username     string // only this user's changes
	Before       int64  // only changes older than this one (by id): the next page
	NotType      string // leave out this object type (account changes, for non-admins)
	Limit        int
}

// Fields returns the fields that differ between Before and After, in the
// order they appear, values rendered as text. For a create every field of
// After is listed; for a delete every field of Before.
func (c Change) Fields() []FieldChange {
	before, bKeys := decodeSnapshot(c.Before)
	after, aKeys := decodeSnapshot(c.After)
	keys := aKeys
	if len(keys) == 0 {
		keys = bKeys
	}
	var out []FieldChange
	for _, k := range keys {
		b, a := before[k], after[k]
		if b != a {
			out = append(out, FieldChange{Field: strings.ReplaceAll(k, "_", " "), Before: b, After: a})
		}
	}
	return out
}

// Value returns a field of the object after the change, or before it when
// the change is a delete ("" when neither has it).
func (c Change) Value(key string) string {
	after, _ := decodeSnapshot(c.After)
	if v, ok := after[key]; ok {
		return v
	}
	before, _ := decodeSnapshot(c.Before)
	return before[key]
}

// decodeSnapshot reads a JSON object into text values and its keys in order.
func decodeSnapshot(s string) (map[string]string, []string) {
	out := map[string]string{}
	if s == "" {
		return out, nil
	}
	dec := json.NewDecoder(strings.NewReader(s))
	var keys []string
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return out, nil
	}
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			break
		}
		key, _ := t.(string)
		var v any
		if err := dec.Decode(&v); err != nil {
			break
		}
		keys = append(keys, key)
		out[key] = textOf(v)
	}
	return out, keys
}

func textOf(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case bool:
		if x {
			return "yes"
		}
		return "no"
	case []any:
		parts := make([]string, len(x))
		for i, p := range x {
			parts[i] = textOf(p)
		}
		return strings.Join(parts, "; ")
	}
	return fmt.Sprint(v)
}
