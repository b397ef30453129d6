// compose-check loads infra/docker-compose.yaml with the real Compose loader (compose-spec/compose-go, the
// library inside `docker compose`), writes the resolved configuration (as `docker compose config` would) and
// cross-checks it against the repository: files, ports, policies, variables, Prometheus targets, Kafka listeners.
// Exit status: 0 no problem, 1 problems found, 2 the file does not load.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
)

func main() {
	opts := Options{}
	flag.StringVar(&opts.ComposeFile, "f", "infra/docker-compose.yaml", "compose file")
	flag.StringVar(&opts.EnvFile, "env-file", "infra/.env.example", "env file used for interpolation")
	flag.StringVar(&opts.RepoRoot, "repo", ".", "repository root (for the application's configuration)")
	flag.StringVar(&opts.AppConfig, "app-config", "src/main/resources/application.properties", "the Camel application's properties, relative to -repo")
	flag.StringVar(&opts.TLSScript, "tls-script", "infra/tls/make-certs.sh", "the script that writes the broker's TLS/SASL files, relative to -repo")
	flag.StringVar(&opts.ResolvedOut, "out", "", "write the resolved configuration (YAML) here")
	flag.Parse()

	project, err := LoadProject(context.Background(), opts.ComposeFile, opts.EnvFile)
	if err != nil {
		fmt.Fprintf(os.Stderr, "compose-check: %s does not load: %v\n", opts.ComposeFile, err)
		os.Exit(2)
	}
	if opts.ResolvedOut != "" {
		if err := WriteResolved(project, opts.ResolvedOut); err != nil {
			fmt.Fprintf(os.Stderr, "compose-check: cannot write %s: %v\n", opts.ResolvedOut, err)
			os.Exit(2)
		}
	}
	report := RunChecks(project, opts)
	report.Print(os.Stdout, filepath.Base(opts.ComposeFile), len(project.Services))
	if report.HasProblems() {
		os.Exit(1)
	}
}
