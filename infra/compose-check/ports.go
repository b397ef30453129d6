package main

import (
	"strconv"

	"github.com/compose-spec/compose-go/v2/types"
)

// ContainerPorts is the set of ports a service listens on inside the network: its `expose` and `ports` targets.
func ContainerPorts(service types.ServiceConfig) map[int]bool {
	ports := map[int]bool{}
	for _, e := range service.Expose {
		if p, err := strconv.Atoi(e); err == nil {
			ports[p] = true
		}
	}
	for _, p := range service.Ports {
		ports[int(p.Target)] = true
	}
	return ports
}
