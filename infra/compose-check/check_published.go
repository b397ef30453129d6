package main

import "github.com/compose-spec/compose-go/v2/types"

// CheckPublishedPorts: no two services publish the same host address and port.
func CheckPublishedPorts(project *types.Project, r *Report) {
	owner := map[string]string{}
	for name, s := range project.Services {
		for _, p := range s.Ports {
			key := p.HostIP + ":" + p.Published + "/" + p.Protocol
			prev, taken := owner[key]
			r.Check(!taken, "services %s and %s both publish %s", prev, name, key)
			owner[key] = name
		}
	}
}
