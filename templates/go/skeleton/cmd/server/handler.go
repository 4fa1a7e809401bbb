package main

import (
	"encoding/json"
	"net/http"
	"os"
)

// handler answers the service's routes; the tests call it without a socket.
func handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/healthz", func(w http.ResponseWriter, r *http.Request) {
		reply(w, http.StatusOK, map[string]string{"status": "ok"})
	})
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/" {
			reply(w, http.StatusNotFound, map[string]string{"error": "no route " + r.URL.Path})
			return
		}
		name := os.Getenv("SERVICE_NAME")
		if name == "" {
			name = "service"
		}
		reply(w, http.StatusOK, map[string]string{"service": name, "message": "hello"})
	})
	return mux
}

func reply(w http.ResponseWriter, status int, body any) {
	w.Header().Set("content-type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
}
