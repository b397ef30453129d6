package main

import (
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/compose-spec/compose-go/v2/types"
)

var jaasOption = regexp.MustCompile(`java\.security\.auth\.login\.config=(\S+)`)

// CheckKafka: the broker's listeners, advertised listeners, protocol map and published ports agree, and the
// TLS/SASL files it reads are the ones infra/tls/make-certs.sh writes, mounted at /etc/kafka/secrets.
func CheckKafka(project *types.Project, r *Report, tlsScript string) {
	_, ok := project.Services["kafka"]
	r.Check(ok, "no kafka service")
	for _, name := range brokers(project) {
		checkBroker(project, name, project.Services[name], r, tlsScript)
	}
}

// brokers are the services that run a KRaft node (KAFKA_PROCESS_ROLES or KAFKA_LISTENERS set), sorted.
func brokers(project *types.Project) []string {
	var out []string
	for _, name := range sortedKeys(project.Services) {
		env := project.Services[name].Environment
		if env["KAFKA_LISTENERS"] != nil || env["KAFKA_PROCESS_ROLES"] != nil {
			out = append(out, name)
		}
	}
	return out
}

func checkBroker(project *types.Project, broker string, kafka types.ServiceConfig, r *Report, tlsScript string) {
	env := func(key string) string {
		if v := kafka.Environment[key]; v != nil {
			return *v
		}
		return ""
	}
	listeners := parseListeners(env("KAFKA_LISTENERS"))
	protocols := parseListeners(env("KAFKA_LISTENER_SECURITY_PROTOCOL_MAP"))
	for name := range listeners {
		_, mapped := protocols[name]
		r.Check(mapped, "%s: listener %s has no entry in KAFKA_LISTENER_SECURITY_PROTOCOL_MAP", broker, name)
	}
	for name, address := range parseListeners(env("KAFKA_ADVERTISED_LISTENERS")) {
		host, advertisedPort, _ := strings.Cut(address, ":")
		listenerPort, listening := listeners[name]
		r.Check(listening, "%s: advertised listener %s is not in KAFKA_LISTENERS", broker, name)
		if !listening {
			continue
		}
		if _, internal := project.Services[host]; internal {
			r.Check(advertisedPort == listenerPort, "%s: listener %s advertises port %s but listens on %s", broker, name, advertisedPort, listenerPort)
			continue
		}
		published := false
		for _, p := range kafka.Ports {
			published = published || (p.Published == advertisedPort && strconv.Itoa(int(p.Target)) == listenerPort)
		}
		r.Check(published, "%s: external listener %s advertises %s but no ports entry publishes %s -> %s", broker,
			name, address, advertisedPort, listenerPort)
	}
	// what is mounted under /etc/kafka/secrets: a folder (every file in it) or files one by one
	const secretsPath = "/etc/kafka/secrets"
	mounted := map[string]string{} // file name in the container -> its file on the host
	secretsDir := ""
	for _, v := range kafka.Volumes {
		switch {
		case v.Target == secretsPath:
			secretsDir = v.Source
			entries, _ := os.ReadDir(v.Source)
			for _, e := range entries {
				mounted[e.Name()] = filepath.Join(v.Source, e.Name())
			}
		case path.Dir(v.Target) == secretsPath:
			mounted[path.Base(v.Target)] = v.Source
		}
	}
	secretsMounted := secretsDir != "" || len(mounted) > 0
	r.Check(secretsMounted, "%s: nothing is mounted at /etc/kafka/secrets", broker)
	script, err := os.ReadFile(tlsScript)
	r.Check(err == nil, "%s: cannot read %s: %v", broker, tlsScript, err)
	files := []string{env("KAFKA_SSL_KEYSTORE_FILENAME"), env("KAFKA_SSL_KEYSTORE_CREDENTIALS"), env("KAFKA_SSL_KEY_CREDENTIALS")}
	if m := jaasOption.FindStringSubmatch(env("KAFKA_OPTS")); m != nil {
		r.Check(path.Dir(m[1]) == "/etc/kafka/secrets", "%s: JAAS file %s is not under /etc/kafka/secrets", broker, m[1])
		files = append(files, path.Base(m[1]))
	} else if strings.Contains(env("KAFKA_ADVERTISED_LISTENERS"), "SASL_") {
		r.Check(false, "%s: a SASL listener is advertised but KAFKA_OPTS sets no java.security.auth.login.config", broker)
	}
	reads := map[string]bool{}
	for _, f := range files {
		reads[f] = true
		r.Check(f != "" && strings.Contains(string(script), f), "%s: reads /etc/kafka/secrets/%q, which %s does not write", broker, f, tlsScript)
		if secretsMounted && f != "" {
			source, ok := mounted[f]
			if ok {
				_, err = os.Stat(source)
			}
			where := secretsDir
			if where == "" {
				where = "its mounts"
			}
			r.Check(ok && err == nil, "%s: %s is missing from %s (run infra/tls/make-certs.sh with TLS_DIR=<the folder>)", broker, f, where)
		}
	}
	// least privilege: the broker gets the files it reads, not the CA key nor the clients' passwords
	for _, name := range sortedKeys(mounted) {
		r.Check(reads[name], "%s: %s is mounted at /etc/kafka/secrets but the broker does not read it: mount only the files it reads", broker, name)
	}
}

// parseListeners turns "A://h:1,B://:2" into {A: "h:1", B: ":2"} and "A:X,B:Y" into {A: "X", B: "Y"}.
func parseListeners(value string) map[string]string {
	out := map[string]string{}
	for _, item := range strings.Split(value, ",") {
		item = strings.TrimSpace(item)
		if name, rest, ok := strings.Cut(item, "://"); ok {
			if _, port, hasPort := strings.Cut(rest, ":"); hasPort && rest[0] == ':' {
				out[name] = port
			} else {
				out[name] = rest
			}
		} else if name, proto, ok := strings.Cut(item, ":"); ok {
			out[name] = proto
		}
	}
	return out
}
