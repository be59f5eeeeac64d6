package model

// Op is the kind of write a plan describes. It is a string so plans read
// the same in JSON and in messages.
type Op string

const (
	OpSet    Op = "set"
	OpAdd    Op = "add"
	OpRemove Op = "remove"
)

// Valid reports whether o is one of the three write kinds.
func (o Op) Valid() bool { return o == OpSet || o == OpAdd || o == OpRemove }
