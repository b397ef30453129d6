package main

import (
	"context"
	"os"
	"path/filepath"

	"github.com/compose-spec/compose-go/v2/cli"
	"github.com/compose-spec/compose-go/v2/types"
)

// LoadProject loads the compose file the way `docker compose --env-file ENV -f FILE --profile '*' config` does:
// interpolation from ENV only (not from this shell's environment), paths resolved, every profile enabled.
func LoadProject(ctx context.Context, composeFiles []string, envFile string) (*types.Project, error) {
	var absFiles []string
	for _, f := range composeFiles {
		abs, err := filepath.Abs(f)
		if err != nil {
			return nil, err
		}
		absFiles = append(absFiles, abs)
	}
	absEnv, err := filepath.Abs(envFile)
	if err != nil {
		return nil, err
	}
	if _, err := os.Stat(absEnv); err != nil {
		return nil, err
	}
	options, err := cli.NewProjectOptions(absFiles,
		cli.WithWorkingDirectory(filepath.Dir(absFiles[0])),
		cli.WithEnvFiles(absEnv),
		cli.WithDotEnv,
		cli.WithProfiles([]string{"*"}),
		cli.WithResolvedPaths(true),
	)
	if err != nil {
		return nil, err
	}
	return options.LoadProject(ctx)
}

// WriteResolved writes the resolved configuration, like `docker compose config`.
func WriteResolved(project *types.Project, out string) error {
	data, err := project.MarshalYAML()
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
		return err
	}
	return os.WriteFile(out, data, 0o644)
}
