package main

import (
	"os"
	"strconv"
	"strings"

	"github.com/compose-spec/compose-go/v2/types"
	"gopkg.in/yaml.v3"
)

type prometheusConfig struct {
	RuleFiles     []string `yaml:"rule_files"`
	ScrapeConfigs []struct {
		JobName       string `yaml:"job_name"`
		MetricsPath   string `yaml:"metrics_path"`
		StaticConfigs []struct {
			Targets []string `yaml:"targets"`
		} `yaml:"static_configs"`
	} `yaml:"scrape_configs"`
}

// CheckPrometheus: the Prometheus configuration mounted into the prometheus service scrapes services that exist,
// on ports they listen on, and its rule files are mounted too.
func CheckPrometheus(project *types.Project, r *Report) {
	prom, ok := project.Services["prometheus"]
	if !ok {
		r.Note("no prometheus service: scrape targets not checked")
		return
	}
	mounts := map[string]string{}
	for _, v := range prom.Volumes {
		mounts[v.Target] = v.Source
	}
	configFile, mounted := mounts["/etc/prometheus/prometheus.yml"]
	r.Check(mounted, "prometheus: /etc/prometheus/prometheus.yml is not mounted")
	if !mounted {
		return
	}
	data, err := os.ReadFile(configFile)
	r.Check(err == nil, "prometheus: cannot read %s: %v", configFile, err)
	if err != nil {
		return
	}
	var config prometheusConfig
	err = yaml.Unmarshal(data, &config)
	r.Check(err == nil, "prometheus: %s is not YAML: %v", configFile, err)
	for _, rule := range config.RuleFiles {
		_, ok := mounts[rule]
		r.Check(ok, "prometheus: rule file %s is not mounted into the container", rule)
	}
	for _, job := range config.ScrapeConfigs {
		for _, sc := range job.StaticConfigs {
			for _, target := range sc.Targets {
				host, port, found := strings.Cut(target, ":")
				if host == "localhost" {
					host = "prometheus"
				}
				service, known := project.Services[host]
				r.Check(found && known, "prometheus job %s: target %s is not a service of the project", job.JobName, target)
				if !found || !known {
					continue
				}
				p, _ := strconv.Atoi(port)
				r.Check(ContainerPorts(service)[p], "prometheus job %s: service %s does not listen on %s", job.JobName, host, port)
			}
		}
	}
}
