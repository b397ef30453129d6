package main

import (
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/compose-spec/compose-go/v2/types"
)

// hostPort finds "name:port" in a URL, a bootstrap list or a command line.
var hostPort = regexp.MustCompile(`(?:^|[/@,\s=])([a-z][a-z0-9_.-]*):(\d{2,5})\b`)

// CheckServiceAddresses: every "service:port" in an environment value, a command or a health check names a
// service of the project and a port that service listens on; "localhost:port" in a health check is one of the
// service's own ports.
func CheckServiceAddresses(project *types.Project, r *Report) {
	names := make([]string, 0, len(project.Services))
	for name := range project.Services {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		s := project.Services[name]
		for key, value := range s.Environment {
			if value != nil {
				checkAddresses(project, name, "environment "+key, *value, "", r)
			}
		}
		checkAddresses(project, name, "command", strings.Join(s.Command, " "), "", r)
		checkAddresses(project, name, "entrypoint", strings.Join(s.Entrypoint, " "), "", r)
		if s.HealthCheck != nil {
			checkAddresses(project, name, "healthcheck", strings.Join(s.HealthCheck.Test, " "), name, r)
		}
	}
}

func checkAddresses(project *types.Project, service, where, text, self string, r *Report) {
	for _, m := range hostPort.FindAllStringSubmatch(text, -1) {
		host, port := m[1], m[2]
		target := host
		if host == "localhost" || host == "127.0.0.1" {
			if self == "" {
				continue
			}
			target = self
		}
		other, known := project.Services[target]
		if !known {
			continue // an outside address (e.g. the SMTP relay) or a listener name
		}
		p, _ := strconv.Atoi(port)
		r.Check(ContainerPorts(other)[p], "service %s, %s: %s:%s but service %s does not listen on %s (expose/ports)",
			service, where, host, port, target, port)
	}
}
