// compose-check loads infra/docker-compose.yaml with the real Compose loader (compose-spec/compose-go, the
// library inside `docker compose`), writes the resolved configuration (as `docker compose config` would) and
// cross-checks it against the repository: files, ports, policies, variables, Prometheus targets and their bind
// addresses, alert routing, Grafana provisioning, credentials and their transport security, Kafka listeners;
// with -scale-out, the override with several brokers and Spark workers.
// Exit status: 0 no problem, 1 problems found, 2 the file does not load.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

func main() {
	opts := Options{}
	files := flag.String("f", "infra/docker-compose.yaml", "compose file(s), comma-separated: the base, then overrides")
	alsoUses := flag.String("also-uses", "", "compose files (comma-separated) whose ${VAR}s count as used by the env file")
	knobs := flag.String("knobs", "src/main/resources/application.properties,spark-validator/src/main/java/org/sportsdb/stack/validator/config/ValidatorKnobs.java",
		"files declaring the programs' defaults for environment variables, relative to -repo")
	flag.StringVar(&opts.EnvFile, "env-file", "infra/.env.example", "env file used for interpolation")
	flag.StringVar(&opts.RepoRoot, "repo", ".", "repository root (for the application's configuration)")
	flag.StringVar(&opts.AppConfig, "app-config", "src/main/resources/application.properties", "the Camel application's properties, relative to -repo")
	flag.StringVar(&opts.TLSScript, "tls-script", "infra/tls/make-certs.sh", "the script that writes the broker's TLS/SASL files, relative to -repo")
	flag.BoolVar(&opts.ScaleOut, "scale-out", false, "check the scale-out rules (several brokers, replication, Spark workers)")
	flag.StringVar(&opts.ResolvedOut, "out", "", "write the resolved configuration (YAML) here")
	flag.Parse()
	opts.ComposeFiles = splitList(*files)
	opts.ComposeFile = opts.ComposeFiles[0]
	opts.AlsoUses = splitList(*alsoUses)
	opts.KnobSources = splitList(*knobs)

	project, err := LoadProject(context.Background(), opts.ComposeFiles, opts.EnvFile)
	if err != nil {
		fmt.Fprintf(os.Stderr, "compose-check: %s does not load: %v\n", strings.Join(opts.ComposeFiles, " + "), err)
		os.Exit(2)
	}
	if opts.ResolvedOut != "" {
		if err := WriteResolved(project, opts.ResolvedOut); err != nil {
			fmt.Fprintf(os.Stderr, "compose-check: cannot write %s: %v\n", opts.ResolvedOut, err)
			os.Exit(2)
		}
	}
	report := RunChecks(project, opts)
	var names []string
	for _, f := range opts.ComposeFiles {
		names = append(names, filepath.Base(f))
	}
	report.Print(os.Stdout, strings.Join(names, " + "), len(project.Services))
	if report.HasProblems() {
		os.Exit(1)
	}
}
