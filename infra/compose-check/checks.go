package main

import (
	"path/filepath"

	"github.com/compose-spec/compose-go/v2/types"
)

// RunChecks runs every check on the loaded project.
func RunChecks(project *types.Project, opts Options) *Report {
	report := &Report{}
	CheckPolicies(project, report)
	CheckFiles(project, report)
	CheckPublishedPorts(project, report)
	CheckServiceAddresses(project, report)
	CheckPrometheus(project, report)
	CheckKafka(project, report, filepath.Join(opts.RepoRoot, opts.TLSScript))
	CheckAppConfig(project, report, filepath.Join(opts.RepoRoot, opts.AppConfig))
	CheckEnvFile(opts.ComposeFile, opts.EnvFile, report)
	return report
}
