// Command coldstart is the floor of BenchmarkColdStart
// (cmd/claimline/coldstart_test.go): the least a server on claimline's
// storage engine does before its first GET /healthz answer. It opens the
// SQLite file given after the address with the driver and the pragmas of
// claimline's writer connection, and answers /healthz with 200 once a
// query has run, which makes SQLite parse the schema. It has one
// connection where claimline has a writer and a read pool, and nothing of
// claimline is linked in: what claimline takes beyond it is its own.
package main

import (
	"database/sql"
	"net/http"
	"os"

	_ "modernc.org/sqlite"
)

func main() {
	addr, path := os.Args[1], os.Args[2]
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(5000)&_pragma=foreign_keys(1)"+
		"&_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)&_pragma=temp_store(2)&_txlock=immediate")
	if err != nil {
		panic(err)
	}
	http.HandleFunc("/healthz", func(w http.ResponseWriter, r *http.Request) {
		var n int
		if err := db.QueryRow(`SELECT count(*) FROM sqlite_schema`).Scan(&n); err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		w.Write([]byte("ok\n"))
	})
	panic(http.ListenAndServe(addr, nil))
}
