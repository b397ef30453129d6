package main

import (
	"fmt"
	"io"
	"sort"
)

// Report collects the outcome of every check: problems make the run fail, notes do not.
type Report struct {
	checks   int
	problems []string
	notes    []string
}

// Check counts one check; when ok is false the formatted message becomes a problem.
func (r *Report) Check(ok bool, format string, args ...any) {
	r.checks++
	if !ok {
		r.problems = append(r.problems, fmt.Sprintf(format, args...))
	}
}

// Note records something worth reading that is not a failure.
func (r *Report) Note(format string, args ...any) {
	r.notes = append(r.notes, fmt.Sprintf(format, args...))
}

func (r *Report) HasProblems() bool { return len(r.problems) > 0 }

func (r *Report) Problems() []string { return r.problems }

func (r *Report) Print(w io.Writer, file string, services int) {
	sort.Strings(r.notes)
	for _, n := range r.notes {
		fmt.Fprintf(w, "note: %s\n", n)
	}
	for _, p := range r.problems {
		fmt.Fprintf(w, "PROBLEM: %s\n", p)
	}
	fmt.Fprintf(w, "compose-check: %s loaded (%d services); %d checks, %d problems\n",
		file, services, r.checks, len(r.problems))
}
