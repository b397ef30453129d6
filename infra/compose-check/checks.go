package main

import (
	"path/filepath"

	"github.com/compose-spec/compose-go/v2/types"
)

// RunChecks runs every check on the loaded project.
func RunChecks(project *types.Project, opts Options) *Report {
	report := &Report{}
	var sources []string
	for _, s := range opts.KnobSources {
		sources = append(sources, filepath.Join(opts.RepoRoot, s))
	}
	knobs, err := LoadKnobs(sources)
	report.Check(err == nil, "cannot read the programs' defaults: %v", err)
	CheckPolicies(project, report)
	CheckFiles(project, report)
	CheckPublishedPorts(project, report)
	CheckServiceAddresses(project, report)
	CheckPrometheus(project, report)
	CheckScrapeBind(project, knobs, report)
	CheckAlerting(project, report)
	CheckConfigEnv(project, report)
	CheckGrafanaPlugins(project, report)
	CheckCredentialTransport(project, knobs, report)
	CheckKafka(project, report, filepath.Join(opts.RepoRoot, opts.TLSScript))
	CheckAppConfig(project, report, filepath.Join(opts.RepoRoot, opts.AppConfig))
	CheckAppStopGrace(project, knobs, report)
	files := opts.ComposeFiles
	if len(files) == 0 {
		files = []string{opts.ComposeFile}
	}
	CheckEnvFile(append(append([]string{}, files...), opts.AlsoUses...), opts.EnvFile, report)
	if opts.ScaleOut {
		CheckScaleOut(project, defaultScaleOut, report)
	}
	return report
}
