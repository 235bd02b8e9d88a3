package api

// The server interface, the client and their types are generated from the
// contract by the oapi-codegen pinned in go.mod; CI fails when generating
// again changes them.
//go:generate go tool oapi-codegen -config oapi-codegen.yaml openapi.yaml
//go:generate sh -c "cd apiclient && go tool oapi-codegen -config oapi-codegen.yaml ../openapi.yaml"
