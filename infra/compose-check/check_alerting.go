package main

import (
	"os"
	"regexp"
	"strconv"
	"strings"

	"github.com/compose-spec/compose-go/v2/types"
	"gopkg.in/yaml.v3"
)

var alertRule = regexp.MustCompile(`(?m)^\s*-?\s*alert:\s*\S`)

type alertmanagerRoute struct {
	Receiver string              `yaml:"receiver"`
	Routes   []alertmanagerRoute `yaml:"routes"`
}

type alertmanagerConfig struct {
	Route     *alertmanagerRoute       `yaml:"route"`
	Receivers []map[string]interface{} `yaml:"receivers"`
}

// alertmanagerConfigFlag finds --config.file=PATH in a command line.
var alertmanagerConfigFlag = regexp.MustCompile(`--config\.file[= ](\S+)`)

// CheckAlerting: alert rules need somewhere to go. When a rule file mounted into prometheus holds an alert
// rule, prometheus.yml sends alerts to an Alertmanager that is a service of the project, listening on that port,
// enabled whenever prometheus is (same profiles or none), whose configuration routes to a receiver that
// delivers (at least one *_configs entry: a receiver without one drops every alert).
func CheckAlerting(project *types.Project, r *Report) {
	config, prom, ok := loadPrometheusConfig(project, r, false)
	if !ok {
		return
	}
	alerts := false
	for _, rule := range config.RuleFiles {
		if data, err := os.ReadFile(mountedFile(prom, rule)); err == nil && alertRule.Match(data) {
			alerts = true
		}
	}
	if !alerts {
		return
	}
	var targets []string
	for _, am := range config.Alerting.Alertmanagers {
		for _, sc := range am.StaticConfigs {
			targets = append(targets, sc.Targets...)
		}
	}
	r.Check(len(targets) > 0, "prometheus: the rule files hold alert rules but prometheus.yml sends alerts nowhere (no alerting.alertmanagers): add an Alertmanager")
	for _, target := range targets {
		host, port, _ := strings.Cut(target, ":")
		service, known := project.Services[host]
		r.Check(known, "prometheus: alertmanager target %s is not a service of the project", target)
		if !known {
			continue
		}
		p, _ := strconv.Atoi(port)
		r.Check(ContainerPorts(service)[p], "prometheus: alertmanager target %s, but service %s does not listen on %s", target, host, port)
		r.Check(sameOrNoProfiles(prom.Profiles, service.Profiles),
			"prometheus (profiles %v) sends alerts to %s, which is not enabled with it (profiles %v)", prom.Profiles, host, service.Profiles)
		checkAlertmanagerConfig(host, service, r)
	}
}

func sameOrNoProfiles(of, other []string) bool {
	if len(other) == 0 {
		return true
	}
	for _, p := range of {
		found := false
		for _, q := range other {
			found = found || p == q
		}
		if !found {
			return false
		}
	}
	return len(of) > 0
}

// checkAlertmanagerConfig reads the file the alertmanager service is started with (its --config.file, or the
// mounted template it is rendered from: the bind mount whose target is that path or a *.yml under /etc/alertmanager).
func checkAlertmanagerConfig(name string, s types.ServiceConfig, r *Report) {
	file := ""
	for _, v := range s.Volumes {
		if v.Type == types.VolumeTypeBind && strings.HasPrefix(v.Target, "/etc/alertmanager/") {
			file = v.Source
		}
	}
	if m := alertmanagerConfigFlag.FindStringSubmatch(strings.Join(append(append([]string{}, s.Entrypoint...), s.Command...), " ")); m != nil {
		if f := mountedFile(s, m[1]); f != "" {
			file = f
		}
	}
	r.Check(file != "", "service %s: no Alertmanager configuration is mounted under /etc/alertmanager", name)
	if file == "" {
		return
	}
	data, err := os.ReadFile(file)
	r.Check(err == nil, "service %s: cannot read %s: %v", name, file, err)
	var config alertmanagerConfig
	if err == nil {
		err = yaml.Unmarshal(data, &config)
		r.Check(err == nil, "service %s: %s is not YAML: %v", name, file, err)
	}
	if err != nil {
		return
	}
	r.Check(config.Route != nil && config.Route.Receiver != "", "service %s: %s has no route with a receiver", name, file)
	delivering := map[string]bool{}
	defined := map[string]bool{}
	for _, receiver := range config.Receivers {
		n, _ := receiver["name"].(string)
		defined[n] = true
		for key, value := range receiver {
			if list, ok := value.([]interface{}); ok && strings.HasSuffix(key, "_configs") && len(list) > 0 {
				delivering[n] = true
			}
		}
	}
	var walk func(route alertmanagerRoute)
	walk = func(route alertmanagerRoute) {
		if route.Receiver != "" {
			r.Check(defined[route.Receiver], "service %s: route to receiver %s, which %s does not define", name, route.Receiver, file)
			r.Check(!defined[route.Receiver] || delivering[route.Receiver],
				"service %s: receiver %s has no *_configs (email_configs, webhook_configs, ...): its alerts go nowhere", name, route.Receiver)
		}
		for _, child := range route.Routes {
			walk(child)
		}
	}
	if config.Route != nil {
		walk(*config.Route)
	}
}
