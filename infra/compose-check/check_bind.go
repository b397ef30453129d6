package main

import (
	"strconv"
	"strings"

	"github.com/compose-spec/compose-go/v2/types"
)

// CheckScrapeBind: every port Prometheus scrapes in another container is bound to a non-loopback address in
// that service's effective environment. The bind setting of a port is found by name: the service's (or a
// default's) variable PREFIX_PORT that equals the scraped port, and its sibling PREFIX_HOST (or _BIND,
// _ADDRESS), set in the service's environment or defaulted by the program (Knobs). A loopback default that
// compose does not override means Prometheus in its own container can never reach the endpoint.
func CheckScrapeBind(project *types.Project, knobs Knobs, r *Report) {
	for _, target := range prometheusTargets(project, r, false) {
		service, ok := project.Services[target.service]
		if !ok || target.service == "prometheus" {
			continue
		}
		portVar := portSetting(service.Environment, knobs, target.port)
		if portVar == "" {
			r.Note("prometheus job %s: no setting of service %s names port %d; its bind address is not checked",
				target.job, target.service, target.port)
			continue
		}
		prefix := strings.TrimSuffix(portVar, "_PORT")
		checked := false
		for _, suffix := range []string{"_HOST", "_BIND", "_ADDRESS"} {
			host, found := Effective(service.Environment, knobs, prefix+suffix)
			if !found {
				continue
			}
			checked = true
			where := "its default"
			if v, set := service.Environment[prefix+suffix]; set && v != nil {
				where = "the service's environment"
			}
			r.Check(!isLoopback(host), "prometheus job %s scrapes %s:%d but %s=%s (%s) binds it to loopback inside the container: set %s to 0.0.0.0",
				target.job, target.service, target.port, prefix+suffix, host, where, prefix+suffix)
		}
		if !checked {
			r.Note("prometheus job %s: %s sets the port of %s but no %s_HOST/_BIND/_ADDRESS is known", target.job, portVar, target.service, prefix)
		}
	}
}

// portSetting names the variable PREFIX_PORT whose effective value is the port: the service's environment
// first, then the defaults.
func portSetting(env map[string]*string, knobs Knobs, port int) string {
	want := strconv.Itoa(port)
	for _, name := range sortedKeys(env) {
		if v := env[name]; v != nil && strings.HasSuffix(name, "_PORT") && strings.TrimSpace(*v) == want {
			return name
		}
	}
	for _, name := range sortedKeys(knobs) {
		if _, set := env[name]; !set && strings.HasSuffix(name, "_PORT") && knobs[name] == want {
			return name
		}
	}
	return ""
}
