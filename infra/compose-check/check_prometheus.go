package main

import (
	"os"
	"strconv"
	"strings"

	"github.com/compose-spec/compose-go/v2/types"
	"gopkg.in/yaml.v3"
)

type staticConfigs []struct {
	Targets []string `yaml:"targets"`
}

type prometheusConfig struct {
	RuleFiles     []string `yaml:"rule_files"`
	ScrapeConfigs []struct {
		JobName       string        `yaml:"job_name"`
		MetricsPath   string        `yaml:"metrics_path"`
		StaticConfigs staticConfigs `yaml:"static_configs"`
	} `yaml:"scrape_configs"`
	Alerting struct {
		Alertmanagers []struct {
			StaticConfigs staticConfigs `yaml:"static_configs"`
		} `yaml:"alertmanagers"`
	} `yaml:"alerting"`
}

// scrapeTarget is one "service:port" a Prometheus job scrapes.
type scrapeTarget struct {
	job, service string
	port         int
}

// mountedFile is the host file mounted at target in the service (bind mounts), or "".
func mountedFile(s types.ServiceConfig, target string) string {
	for _, v := range s.Volumes {
		if v.Target == target {
			return v.Source
		}
	}
	return ""
}

// loadPrometheusConfig reads the configuration mounted into the prometheus service; ok is false (after
// reporting why, when report is true) when there is none to read.
func loadPrometheusConfig(project *types.Project, r *Report, report bool) (prometheusConfig, types.ServiceConfig, bool) {
	var config prometheusConfig
	prom, ok := project.Services["prometheus"]
	if !ok {
		if report {
			r.Note("no prometheus service: scrape targets not checked")
		}
		return config, prom, false
	}
	configFile := mountedFile(prom, "/etc/prometheus/prometheus.yml")
	if report {
		r.Check(configFile != "", "prometheus: /etc/prometheus/prometheus.yml is not mounted")
	}
	if configFile == "" {
		return config, prom, false
	}
	data, err := os.ReadFile(configFile)
	if report {
		r.Check(err == nil, "prometheus: cannot read %s: %v", configFile, err)
	}
	if err != nil {
		return config, prom, false
	}
	err = yaml.Unmarshal(data, &config)
	if report {
		r.Check(err == nil, "prometheus: %s is not YAML: %v", configFile, err)
	}
	return config, prom, err == nil
}

// prometheusTargets lists the scraped "service:port" targets (localhost = the prometheus service itself).
func prometheusTargets(project *types.Project, r *Report, report bool) []scrapeTarget {
	config, _, ok := loadPrometheusConfig(project, r, report)
	if !ok {
		return nil
	}
	var out []scrapeTarget
	for _, job := range config.ScrapeConfigs {
		for _, sc := range job.StaticConfigs {
			for _, target := range sc.Targets {
				host, port, found := strings.Cut(target, ":")
				if host == "localhost" {
					host = "prometheus"
				}
				_, known := project.Services[host]
				if report {
					r.Check(found && known, "prometheus job %s: target %s is not a service of the project", job.JobName, target)
				}
				if !found || !known {
					continue
				}
				p, _ := strconv.Atoi(port)
				out = append(out, scrapeTarget{job: job.JobName, service: host, port: p})
			}
		}
	}
	return out
}

// CheckPrometheus: the Prometheus configuration mounted into the prometheus service scrapes services that exist,
// on ports they listen on, and its rule files are mounted too.
func CheckPrometheus(project *types.Project, r *Report) {
	config, prom, ok := loadPrometheusConfig(project, r, false)
	for _, target := range prometheusTargets(project, r, true) {
		r.Check(ContainerPorts(project.Services[target.service])[target.port], "prometheus job %s: service %s does not listen on %d",
			target.job, target.service, target.port)
	}
	if !ok {
		return
	}
	for _, rule := range config.RuleFiles {
		r.Check(mountedFile(prom, rule) != "", "prometheus: rule file %s is not mounted into the container", rule)
	}
}
