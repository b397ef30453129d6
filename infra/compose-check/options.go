package main

// Options are the inputs of one check run.
type Options struct {
	ComposeFile  string   // the first compose file (the base)
	ComposeFiles []string // every compose file loaded, in order (base, then overrides)
	AlsoUses     []string // compose files whose ${VAR}s count as used by the env file (overrides checked in another run)
	EnvFile      string
	RepoRoot     string
	AppConfig    string
	TLSScript    string
	KnobSources  []string // files declaring the programs' defaults (Knobs), relative to RepoRoot
	ScaleOut     bool     // also run CheckScaleOut
	ResolvedOut  string
}
