package main

import (
	"strings"

	"github.com/compose-spec/compose-go/v2/types"
)

var insecureValues = map[string]bool{"": true, "none": true, "false": true, "off": true, "no": true, "plain": true}

// implicitTLSPorts / startTLSPorts: the well-known submission ports and the security they come with.
var (
	implicitTLSPorts = map[string]bool{"465": true}
	startTLSPorts    = map[string]bool{"587": true}
)

// CheckCredentialTransport: a service given a login (PREFIX_USER or PREFIX_USERNAME, and PREFIX_PASSWORD) for a
// connection whose program has a transport-security setting (PREFIX_TLS, _SSL, _SECURE or _STARTTLS, in the
// environment or among the defaults) must turn that security on: else the password crosses the network in
// clear, or the server refuses the login and the program only counts the failure. Port 465 needs implicit TLS
// (ssl), 587 needs STARTTLS.
func CheckCredentialTransport(project *types.Project, knobs Knobs, r *Report) {
	for _, name := range sortedKeys(project.Services) {
		env := project.Services[name].Environment
		for _, key := range sortedKeys(env) {
			if !strings.HasSuffix(key, "_PASSWORD") || env[key] == nil || *env[key] == "" {
				continue
			}
			prefix := strings.TrimSuffix(key, "_PASSWORD")
			user := ""
			for _, u := range []string{prefix + "_USER", prefix + "_USERNAME"} {
				if v := env[u]; v != nil && *v != "" {
					user = u
				}
			}
			if user == "" {
				continue
			}
			for _, suffix := range []string{"_TLS", "_SSL", "_SECURE", "_STARTTLS"} {
				value, known := Effective(env, knobs, prefix+suffix)
				if !known {
					continue
				}
				mode := strings.ToLower(strings.TrimSpace(value))
				r.Check(!insecureValues[mode], "service %s: %s and %s are set but %s=%q: the login goes in clear (set %s)",
					name, user, key, prefix+suffix, value, prefix+suffix)
				if port, ok := Effective(env, knobs, prefix+"_PORT"); ok && !insecureValues[mode] {
					r.Check(!implicitTLSPorts[port] || mode == "ssl" || mode == "tls" || mode == "smtps",
						"service %s: %s_PORT=%s is implicit TLS but %s=%s", name, prefix, port, prefix+suffix, value)
					r.Check(!startTLSPorts[port] || mode == "starttls" || mode == "true" || mode == "on" || mode == "yes",
						"service %s: %s_PORT=%s is STARTTLS but %s=%s", name, prefix, port, prefix+suffix, value)
				}
			}
		}
	}
}
