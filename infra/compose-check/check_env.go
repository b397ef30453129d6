package main

import (
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/compose-spec/compose-go/v2/dotenv"
)

var variableUse = regexp.MustCompile(`\$\{([A-Za-z_][A-Za-z0-9_]*)`)

const placeholder = "CHANGE-ME"

// CheckEnvFile: every ${VAR} of the compose files is defined in the env file and every variable of the env file
// is used. Placeholders (CHANGE-ME) are fine in .env.example and a problem in any other env file.
func CheckEnvFile(composeFiles []string, envFile string, r *Report) {
	defined, err := dotenv.Read(envFile)
	r.Check(err == nil, "cannot parse %s: %v", envFile, err)
	if defined == nil {
		return
	}
	used := map[string]bool{}
	var names []string
	for _, composeFile := range composeFiles {
		raw, err := os.ReadFile(composeFile)
		r.Check(err == nil, "cannot read %s: %v", composeFile, err)
		names = append(names, filepath.Base(composeFile))
		fileUses := map[string]bool{}
		for _, m := range variableUse.FindAllStringSubmatch(string(raw), -1) {
			used[m[1]] = true
			fileUses[m[1]] = true
		}
		for _, name := range sortedKeys(fileUses) {
			_, ok := defined[name]
			r.Check(ok, "%s uses ${%s}, which %s does not define", filepath.Base(composeFile), name, filepath.Base(envFile))
		}
	}
	composeFile := strings.Join(names, " + ")
	example := filepath.Base(envFile) == ".env.example"
	for _, name := range sortedKeys(defined) {
		r.Check(used[name], "%s defines %s, which %s does not use", filepath.Base(envFile), name, filepath.Base(composeFile))
		if strings.Contains(defined[name], placeholder) {
			if example {
				r.Note("%s is a placeholder (%s) to replace in .env", name, placeholder)
			} else {
				r.Check(false, "%s still holds the placeholder %s", name, placeholder)
			}
		}
	}
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
