package main

import (
	"bufio"
	"os"
	"path/filepath"
	"strings"

	"github.com/compose-spec/compose-go/v2/types"
)

// CheckFiles: build contexts, Dockerfiles, the files their COPY lines take from the context, and bind-mount
// sources all exist.
func CheckFiles(project *types.Project, r *Report) {
	for name, s := range project.Services {
		r.Check(s.Image != "" || s.Build != nil, "service %s has neither image nor build", name)
		if s.Build != nil {
			checkBuild(name, s.Build, r)
		}
		for _, v := range s.Volumes {
			if v.Type == types.VolumeTypeBind {
				_, err := os.Stat(v.Source)
				r.Check(err == nil, "service %s mounts %s, which does not exist", name, v.Source)
			}
		}
	}
}

func checkBuild(service string, build *types.BuildConfig, r *Report) {
	info, err := os.Stat(build.Context)
	r.Check(err == nil && info.IsDir(), "service %s: build context %s is not a directory", service, build.Context)
	if err != nil {
		return
	}
	dockerfile := build.Dockerfile
	if dockerfile == "" {
		dockerfile = "Dockerfile"
	}
	if !filepath.IsAbs(dockerfile) {
		dockerfile = filepath.Join(build.Context, dockerfile)
	}
	sources, err := copySources(dockerfile)
	r.Check(err == nil, "service %s: Dockerfile %s cannot be read: %v", service, dockerfile, err)
	for _, src := range sources {
		matches, _ := filepath.Glob(filepath.Join(build.Context, src))
		r.Check(len(matches) > 0, "service %s: %s copies %s, which is not in the build context %s",
			service, filepath.Base(dockerfile), src, build.Context)
	}
}

// copySources lists the context paths of the COPY/ADD lines that take from the build context (no --from).
func copySources(dockerfile string) ([]string, error) {
	f, err := os.Open(dockerfile)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var sources []string
	scanner := bufio.NewScanner(f)
	for scanner.Scan() {
		fields := strings.Fields(scanner.Text())
		if len(fields) < 3 || (!strings.EqualFold(fields[0], "COPY") && !strings.EqualFold(fields[0], "ADD")) {
			continue
		}
		args := []string{}
		fromStage := false
		for _, a := range fields[1:] {
			if strings.HasPrefix(a, "--from=") {
				fromStage = true
			}
			if !strings.HasPrefix(a, "--") {
				args = append(args, a)
			}
		}
		if fromStage || len(args) < 2 {
			continue
		}
		sources = append(sources, args[:len(args)-1]...)
	}
	return sources, scanner.Err()
}
