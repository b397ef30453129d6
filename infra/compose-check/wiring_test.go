package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The wiring rules on broken copies of the real infra/docker-compose.yaml (and its env file, Prometheus,
// Alertmanager and Grafana files): each break must add exactly the problems named, compared with an
// unbroken copy checked the same way (the copy has no TLS material or build contexts: those problems
// are in both and cancel out).

type realCopy struct {
	repo  string
	edits map[string][2]string // file under infra/ -> {old, new}
}

// copyRepo makes a repository in a temp folder: infra/ copied (to be broken), everything else linked.
func copyRepo(t *testing.T) string {
	t.Helper()
	real, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	repo := t.TempDir()
	entries, err := os.ReadDir(real)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.Name() == "infra" || e.Name() == ".run" || e.Name() == ".git" {
			continue
		}
		if err := os.Symlink(filepath.Join(real, e.Name()), filepath.Join(repo, e.Name())); err != nil {
			t.Fatal(err)
		}
	}
	err = filepath.WalkDir(filepath.Join(real, "infra"), func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(real, path)
		if d.IsDir() {
			if d.Name() == "out" || d.Name() == "node_modules" {
				return filepath.SkipDir
			}
			return os.MkdirAll(filepath.Join(repo, rel), 0o755)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(repo, rel), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return repo
}

func edit(t *testing.T, repo, file, old, new string) {
	t.Helper()
	path := filepath.Join(repo, "infra", file)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), old) {
		t.Fatalf("%s does not contain %q: the test no longer breaks anything", file, old)
	}
	if err := os.WriteFile(path, []byte(strings.Replace(string(data), old, new, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
}

func checkCopy(t *testing.T, repo string, scaleOut bool) []string {
	t.Helper()
	files := []string{filepath.Join(repo, "infra/docker-compose.yaml")}
	if scaleOut {
		files = append(files, filepath.Join(repo, "infra/docker-compose.scale.yaml"))
	}
	opts := Options{ComposeFile: files[0], ComposeFiles: files, EnvFile: filepath.Join(repo, "infra/.env.example"),
		RepoRoot: repo, AppConfig: "src/main/resources/application.properties", TLSScript: "infra/tls/make-certs.sh",
		KnobSources: []string{"src/main/resources/application.properties",
			"spark-validator/src/main/java/org/sportsdb/stack/validator/config/ValidatorKnobs.java"},
		AlsoUses: []string{filepath.Join(repo, "infra/docker-compose.scale.yaml")}, ScaleOut: scaleOut}
	project, err := LoadProject(context.Background(), files, opts.EnvFile)
	if err != nil {
		t.Fatalf("copy does not load: %v", err)
	}
	var out []string
	for _, p := range RunChecks(project, opts).Problems() {
		out = append(out, strings.ReplaceAll(p, repo, "<repo>")) // comparable across copies
	}
	return out
}

func newProblems(before, after []string) []string {
	seen := map[string]int{}
	for _, p := range before {
		seen[p]++
	}
	var out []string
	for _, p := range after {
		if seen[p] > 0 {
			seen[p]--
			continue
		}
		out = append(out, p)
	}
	return out
}

type breakage struct {
	name, file, old, new string
	want                 []string // one fragment per new problem, in order
}

func runBreakages(t *testing.T, scaleOut bool, cases []breakage) {
	baseline := checkCopy(t, copyRepo(t), scaleOut)
	for _, p := range baseline {
		for _, c := range cases {
			for _, w := range c.want {
				if strings.Contains(p, w) {
					t.Fatalf("the unbroken copy already reports %q", p)
				}
			}
		}
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			repo := copyRepo(t)
			edit(t, repo, c.file, c.old, c.new)
			got := newProblems(baseline, checkCopy(t, repo, scaleOut))
			if len(got) != len(c.want) {
				t.Fatalf("want %d new problems %q, got %q", len(c.want), c.want, got)
			}
			for i, w := range c.want {
				if !strings.Contains(got[i], w) {
					t.Fatalf("problem %d: want %q in %q (all: %q)", i, w, got[i], got)
				}
			}
		})
	}
}

func TestWiringFaultsOfTheRealComposeFileAreReported(t *testing.T) {
	runBreakages(t, false, []breakage{
		{"scraped validator bound to loopback (its default)", "docker-compose.yaml",
			"      VALIDATOR_METRICS_HOST: 0.0.0.0", "",
			[]string{"scrapes validator:9465 but VALIDATOR_METRICS_HOST=127.0.0.1 (its default) binds it to loopback"}},
		{"scraped app bound to loopback in its environment", "docker-compose.yaml",
			"CAMEL_MANAGEMENT_HOST: 0.0.0.0", "CAMEL_MANAGEMENT_HOST: 127.0.0.1",
			[]string{"scrapes app:9876 but CAMEL_MANAGEMENT_HOST=127.0.0.1 (the service's environment)"}},
		{"variable of a Grafana data source not passed", "docker-compose.yaml",
			"      CLICKHOUSE_HOST: clickhouse\n", "",
			[]string{"service grafana: <repo>/infra/grafana/provisioning/datasources/sportsdb.yaml reads $CLICKHOUSE_HOST, which the service's environment does not set"}},
		{"data source plugin not installed", ".env.example",
			"GRAFANA_PLUGINS=grafana-clickhouse-datasource,", "GRAFANA_PLUGINS=",
			[]string{"data source type grafana-clickhouse-datasource (sportsdb.yaml) is neither built into Grafana nor installed"}},
		{"unsigned plugin not allowed", "docker-compose.yaml",
			"      GF_PLUGINS_ALLOW_LOADING_UNSIGNED_PLUGINS: motherduck-duckdb-datasource\n", "",
			[]string{"plugin motherduck-duckdb-datasource is installed from a URL but not in GF_PLUGINS_ALLOW_LOADING_UNSIGNED_PLUGINS"}},
		{"SMTP credentials without SMTP_TLS (app)", "docker-compose.yaml",
			"      SMTP_TLS: ${SMTP_TLS}             #", "      #",
			[]string{`service app: SMTP_USER and SMTP_PASSWORD are set but SMTP_TLS="none": the login goes in clear`}},
		{"SMTP_TLS none for both mailers", ".env.example", "SMTP_TLS=starttls", "SMTP_TLS=none",
			[]string{`service alertmanager: SMTP_USER and SMTP_PASSWORD are set but SMTP_TLS="none"`,
				`service app: SMTP_USER and SMTP_PASSWORD are set but SMTP_TLS="none"`}},
		{"implicit TLS on the STARTTLS port", ".env.example", "SMTP_TLS=starttls", "SMTP_TLS=ssl",
			[]string{"service alertmanager: SMTP_PORT=587 is STARTTLS but SMTP_TLS=ssl", "service app: SMTP_PORT=587 is STARTTLS but SMTP_TLS=ssl"}},
		{"alert rules routed nowhere", "prometheus/prometheus.yml",
			"alerting:\n  alertmanagers:\n    - static_configs:\n        - targets: [\"alertmanager:9093\"]\n", "",
			[]string{"prometheus.yml sends alerts nowhere (no alerting.alertmanagers)"}},
		{"alertmanager outside the monitoring profile", "docker-compose.yaml",
			"    image: ${ALERTMANAGER_IMAGE}\n    profiles: [monitoring]", "    image: ${ALERTMANAGER_IMAGE}\n    profiles: [alerting]",
			[]string{"sends alerts to alertmanager, which is not enabled with it"}},
		{"receiver that delivers nothing", "alertmanager/alertmanager.yml",
			"    email_configs:\n      - to: '${ALERT_TO}'\n        send_resolved: true\n", "",
			[]string{"receiver data-team-mail has no *_configs"}},
	})
}

func TestScaleOutOverrideFaultsAreReported(t *testing.T) {
	runBreakages(t, true, []breakage{
		{"min.insync.replicas equal to the replication factor", "docker-compose.scale.yaml",
			"KAFKA_MIN_INSYNC_REPLICAS: 2", "KAFKA_MIN_INSYNC_REPLICAS: 3",
			[]string{"kafka: min.insync.replicas 3 must be below the replication factor 3",
				"kafka-2: min.insync.replicas 3 must be below", "kafka-3: min.insync.replicas 3 must be below"}},
		{"a voter that is not a controller node", "docker-compose.scale.yaml",
			"3@kafka-3:9093", "3@kafka-4:9093",
			[]string{"KAFKA_CONTROLLER_QUORUM_VOTERS=1@kafka:9093,2@kafka-2:9093,3@kafka-4:9093 but the controller nodes are"}},
		{"two brokers on one data volume", "docker-compose.scale.yaml",
			"      - kafka-3-data:/var/lib/kafka/data", "      - kafka-2-data:/var/lib/kafka/data",
			[]string{"kafka-2 and kafka-3 share the data volume"}},
		{"the app's topics with replication factor 1", "docker-compose.scale.yaml",
			"  app:\n    environment:\n      <<: [*bootstrap, *replication]", "  app:\n    environment:\n      <<: *bootstrap",
			[]string{`service app: TOPICS_REPLICATION_FACTOR="", want at least 3`}},
		{"a client that does not name every broker", "docker-compose.scale.yaml",
			"  validator:\n    environment:\n      <<: *bootstrap\n", "",
			[]string{"service validator: KAFKA_BOOTSTRAP=kafka:9092 does not name broker kafka-2",
				"service validator: KAFKA_BOOTSTRAP=kafka:9092 does not name broker kafka-3"}},
		{"one Spark worker only", "docker-compose.scale.yaml",
			`"org.apache.spark.deploy.worker.Worker"`, `"org.apache.spark.deploy.worker.Other"`,
			[]string{"scale-out: 1 Spark workers, want at least 2"}},
	})
}
