package main

// Options are the inputs of one check run.
type Options struct {
	ComposeFile string
	EnvFile     string
	RepoRoot    string
	AppConfig   string
	TLSScript   string
	ResolvedOut string
}
