package main

import (
	"bufio"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/compose-spec/compose-go/v2/types"
	"gopkg.in/yaml.v3"
)

// configDirsExpandingEnv are the folders whose files a service expands environment variables in when it reads
// them: Grafana's provisioning ($VAR, ${VAR}, $__env{VAR}) and the Alertmanager template rendered at start.
var configDirsExpandingEnv = []string{"/etc/grafana/provisioning", "/etc/alertmanager"}

var envReference = regexp.MustCompile(`\$__env\{([A-Za-z_][A-Za-z0-9_]*)\}|\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)`)

// builtinDataSources are the data source types Grafana ships; every other type is a plugin to install.
var builtinDataSources = map[string]bool{
	"prometheus": true, "loki": true, "tempo": true, "jaeger": true, "zipkin": true, "elasticsearch": true,
	"influxdb": true, "graphite": true, "mysql": true, "postgres": true, "grafana-postgresql-datasource": true,
	"mssql": true, "cloudwatch": true, "stackdriver": true, "grafana-azure-monitor-datasource": true,
	"opentsdb": true, "testdata": true, "grafana-testdata-datasource": true, "alertmanager": true,
	"grafana-pyroscope-datasource": true, "parca": true, "grafana": true,
}

// CheckConfigEnv: every variable a mounted configuration file reads ($VAR, ${VAR}, $__env{VAR}) is in the
// environment of the service that reads it; a missing one is expanded to "" at start, silently.
func CheckConfigEnv(project *types.Project, r *Report) {
	for _, name := range sortedKeys(project.Services) {
		s := project.Services[name]
		for _, v := range s.Volumes {
			if v.Type != types.VolumeTypeBind || !underAny(v.Target, configDirsExpandingEnv) {
				continue
			}
			for file, vars := range envReferences(v.Source) {
				for _, variable := range vars {
					_, set := s.Environment[variable]
					r.Check(set, "service %s: %s reads $%s, which the service's environment does not set", name, file, variable)
				}
			}
		}
	}
}

func underAny(path string, dirs []string) bool {
	for _, d := range dirs {
		if path == d || strings.HasPrefix(path, d+"/") {
			return true
		}
	}
	return false
}

// envReferences lists, per YAML file under root (a file or a folder), the variables it reads outside comments.
func envReferences(root string) map[string][]string {
	out := map[string][]string{}
	_ = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !(strings.HasSuffix(path, ".yaml") || strings.HasSuffix(path, ".yml")) {
			return nil
		}
		f, err := os.Open(path)
		if err != nil {
			return nil
		}
		defer f.Close()
		seen := map[string]bool{}
		scanner := bufio.NewScanner(f)
		for scanner.Scan() {
			line := scanner.Text()
			if strings.HasPrefix(strings.TrimSpace(line), "#") {
				continue
			}
			line = strings.ReplaceAll(line, "$$", "")
			for _, m := range envReference.FindAllStringSubmatch(line, -1) {
				seen[m[1]+m[2]+m[3]] = true
			}
		}
		if len(seen) > 0 {
			out[path] = sortedKeys(seen)
		}
		return nil
	})
	return out
}

// grafanaPlugins reads the plugins the Grafana service installs at start and those it may load unsigned.
// GF_PLUGINS_PREINSTALL(_SYNC): id[@version[@url]]; GF_INSTALL_PLUGINS: id[ version] or url;id.
func grafanaPlugins(env map[string]*string) (installed map[string]bool, fromURL map[string]bool, unsigned map[string]bool) {
	installed, fromURL, unsigned = map[string]bool{}, map[string]bool{}, map[string]bool{}
	value := func(k string) string {
		if v := env[k]; v != nil {
			return *v
		}
		return ""
	}
	for _, key := range []string{"GF_PLUGINS_PREINSTALL", "GF_PLUGINS_PREINSTALL_SYNC"} {
		for _, entry := range splitList(value(key)) {
			parts := strings.SplitN(entry, "@", 3)
			installed[parts[0]] = true
			if len(parts) == 3 && parts[2] != "" {
				fromURL[parts[0]] = true
			}
		}
	}
	for _, entry := range splitList(value("GF_INSTALL_PLUGINS")) {
		if url, id, ok := strings.Cut(entry, ";"); ok {
			installed[id] = true
			fromURL[id] = url != ""
		} else {
			installed[strings.Fields(entry)[0]] = true
		}
	}
	for _, id := range splitList(value("GF_PLUGINS_ALLOW_LOADING_UNSIGNED_PLUGINS")) {
		unsigned[id] = true
	}
	return
}

func splitList(value string) []string {
	var out []string
	for _, item := range strings.Split(value, ",") {
		if item = strings.TrimSpace(item); item != "" {
			out = append(out, item)
		}
	}
	return out
}

// CheckGrafanaPlugins: every data source type provisioned into a Grafana service is built in or a plugin the
// service installs at start; a plugin installed from a URL (not Grafana's catalog, so not signed by it) must be
// allowed unsigned, or Grafana refuses to load it.
func CheckGrafanaPlugins(project *types.Project, r *Report) {
	for _, name := range sortedKeys(project.Services) {
		s := project.Services[name]
		dir := mountedFile(s, "/etc/grafana/provisioning")
		if dir == "" {
			continue
		}
		installed, fromURL, unsigned := grafanaPlugins(s.Environment)
		for _, id := range sortedKeys(fromURL) {
			r.Check(!fromURL[id] || unsigned[id], "service %s: plugin %s is installed from a URL but not in GF_PLUGINS_ALLOW_LOADING_UNSIGNED_PLUGINS: Grafana will not load it", name, id)
		}
		types := dataSourceTypes(filepath.Join(dir, "datasources"))
		for _, t := range sortedKeys(types) {
			r.Check(builtinDataSources[t] || installed[t],
				"service %s: data source type %s (%s) is neither built into Grafana nor installed (GF_PLUGINS_PREINSTALL_SYNC / GF_PLUGINS_PREINSTALL / GF_INSTALL_PLUGINS)",
				name, t, strings.Join(types[t], ", "))
		}
	}
}

// dataSourceTypes maps each provisioned data source type to the files that use it.
func dataSourceTypes(dir string) map[string][]string {
	out := map[string][]string{}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		path := filepath.Join(dir, e.Name())
		data, err := os.ReadFile(path)
		if err != nil {
			continue
		}
		var file struct {
			Datasources []struct {
				Type string `yaml:"type"`
			} `yaml:"datasources"`
		}
		if yaml.Unmarshal(data, &file) != nil {
			continue
		}
		for _, ds := range file.Datasources {
			out[ds.Type] = append(out[ds.Type], filepath.Base(path))
		}
	}
	for t := range out {
		sort.Strings(out[t])
	}
	return out
}
