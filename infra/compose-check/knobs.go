package main

import (
	"bufio"
	"os"
	"regexp"
	"strings"
)

// Knobs are the defaults the programs of the stack fall back to when an environment variable is not set,
// read from their own sources (Options.KnobSources): `{{env:NAME:default}}` and `key = value` lines of a
// Camel application.properties (where environment variable NAME overrides key name.lower.dotted), and
// `new Knob("key", "NAME", "default", ...)` declarations of the validator.
type Knobs map[string]string

var (
	envPlaceholder = regexp.MustCompile(`\{\{env:([A-Z][A-Z0-9_]*):([^}]*)\}\}`)
	knobDecl       = regexp.MustCompile(`Knob\(\s*"[^"]+",\s*"([A-Z][A-Z0-9_]*)",\s*"([^"]*)"`)
)

// LoadKnobs reads the defaults from the given files; a file that cannot be read is returned as an error.
func LoadKnobs(files []string) (Knobs, error) {
	knobs := Knobs{}
	for _, file := range files {
		f, err := os.Open(file)
		if err != nil {
			return knobs, err
		}
		scanner := bufio.NewScanner(f)
		scanner.Buffer(make([]byte, 1024*1024), 1024*1024)
		properties := strings.HasSuffix(file, ".properties")
		for scanner.Scan() {
			line := scanner.Text()
			for _, m := range envPlaceholder.FindAllStringSubmatch(line, -1) {
				knobs[m[1]] = m[2]
			}
			for _, m := range knobDecl.FindAllStringSubmatch(line, -1) {
				knobs[m[1]] = m[2]
			}
			trimmed := strings.TrimSpace(line)
			if properties && trimmed != "" && !strings.HasPrefix(trimmed, "#") {
				if key, value, ok := strings.Cut(trimmed, "="); ok && !strings.Contains(value, "{{") {
					name := strings.ToUpper(strings.NewReplacer(".", "_", "-", "_").Replace(strings.TrimSpace(key)))
					if _, known := knobs[name]; !known {
						knobs[name] = strings.TrimSpace(value)
					}
				}
			}
		}
		f.Close()
		if err := scanner.Err(); err != nil {
			return knobs, err
		}
	}
	return knobs, nil
}

// Effective is the value a program sees for an environment variable: the service's environment, else its
// default; found is false when neither sets it.
func Effective(env map[string]*string, knobs Knobs, name string) (value string, found bool) {
	if v, ok := env[name]; ok && v != nil {
		return *v, true
	}
	v, ok := knobs[name]
	return v, ok
}

func isLoopback(host string) bool {
	host = strings.Trim(strings.TrimSpace(host), "[]")
	return host == "localhost" || host == "::1" || strings.HasPrefix(host, "127.")
}
