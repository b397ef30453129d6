package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// fixture is a small but complete project: every check passes on it as written; each test breaks one thing.
type fixture struct {
	compose, env, appConfig, prometheus, tlsScript string
	secrets                                        []string
	noRoutes                                       bool
}

func goodFixture() fixture {
	return fixture{
		compose: `services:
  kafka:
    image: apache/kafka:3.9.1
    restart: unless-stopped
    ports: ["${KAFKA_EXTERNAL_PORT}:9094"]
    expose: ["9092", "9093", "9094"]
    environment:
      KAFKA_LISTENERS: PLAINTEXT://:9092,CONTROLLER://:9093,SASL_SSL://:9094
      KAFKA_ADVERTISED_LISTENERS: PLAINTEXT://kafka:9092,SASL_SSL://${EXTERNAL_HOST}:${KAFKA_EXTERNAL_PORT}
      KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT,SASL_SSL:SASL_SSL
      KAFKA_SSL_KEYSTORE_FILENAME: broker.keystore.p12
      KAFKA_SSL_KEYSTORE_CREDENTIALS: kafka_keystore_creds
      KAFKA_SSL_KEY_CREDENTIALS: kafka_ssl_key_creds
      KAFKA_OPTS: -Djava.security.auth.login.config=/etc/kafka/secrets/broker_jaas.conf
    volumes: ["./secrets:/etc/kafka/secrets:ro"]
    healthcheck: {test: ["CMD-SHELL", "kafka-broker-api-versions.sh --bootstrap-server localhost:9092"]}
    deploy: {resources: {limits: {memory: 1G}}}
  kafka-init:
    image: apache/kafka:3.9.1
    restart: "no"
    depends_on: {kafka: {condition: service_healthy}}
    environment: {KAFKA_BOOTSTRAP: "kafka:9092"}
    deploy: {resources: {limits: {memory: 256M}}}
  app:
    build: {context: ., dockerfile: app.Dockerfile}
    restart: unless-stopped
    depends_on: {kafka-init: {condition: service_completed_successfully}}
    stop_grace_period: 60s
    expose: ["9876"]
    environment: {KAFKA_BOOTSTRAP: "kafka:9092", CAMEL_MANAGEMENT_PORT: 9876}
    healthcheck: {test: ["CMD-SHELL", "curl -f http://localhost:9876/observe/health"]}
    deploy: {resources: {limits: {memory: 512M}}}
  prometheus:
    image: prom/prometheus:v3.5.0
    profiles: [monitoring]
    restart: unless-stopped
    expose: ["9090"]
    volumes: ["./prometheus.yml:/etc/prometheus/prometheus.yml:ro"]
    healthcheck: {test: ["CMD-SHELL", "wget -qO- http://localhost:9090/-/ready"]}
    deploy: {resources: {limits: {memory: 256M}}}
`,
		env:        "EXTERNAL_HOST=203.0.113.10\nKAFKA_EXTERNAL_PORT=9094\n",
		appConfig:  "camel.management.port = {{env:CAMEL_MANAGEMENT_PORT:9876}}\n",
		prometheus: "scrape_configs:\n  - job_name: app\n    static_configs:\n      - targets: [\"app:9876\"]\n",
		tlsScript:  "broker.keystore.p12 kafka_keystore_creds kafka_ssl_key_creds broker_jaas.conf\n",
		secrets:    []string{"broker.keystore.p12", "kafka_keystore_creds", "kafka_ssl_key_creds", "broker_jaas.conf"},
	}
}

func (f fixture) run(t *testing.T) []string {
	t.Helper()
	dir := t.TempDir()
	write := func(name, content string) {
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("docker-compose.yaml", f.compose)
	write(".env.example", f.env)
	write("app.Dockerfile", "FROM eclipse-temurin:17-jre\nCOPY routes /app/routes\n")
	if !f.noRoutes {
		write("routes/a.yaml", "- route: {}\n")
	}
	write("application.properties", f.appConfig)
	write("prometheus.yml", f.prometheus)
	write("make-certs.sh", f.tlsScript)
	for _, s := range f.secrets {
		write("secrets/"+s, "x")
	}
	opts := Options{ComposeFile: filepath.Join(dir, "docker-compose.yaml"), EnvFile: filepath.Join(dir, ".env.example"),
		RepoRoot: dir, AppConfig: "application.properties", TLSScript: "make-certs.sh"}
	project, err := LoadProject(context.Background(), []string{opts.ComposeFile}, opts.EnvFile)
	if err != nil {
		t.Fatalf("fixture does not load: %v", err)
	}
	return RunChecks(project, opts).Problems()
}

func expectProblem(t *testing.T, problems []string, fragment string) {
	t.Helper()
	if len(problems) != 1 || !strings.Contains(problems[0], fragment) {
		t.Fatalf("expected exactly one problem containing %q, got %q", fragment, problems)
	}
}

func TestGoodFixtureHasNoProblem(t *testing.T) {
	if problems := goodFixture().run(t); len(problems) != 0 {
		t.Fatalf("expected no problem, got %q", problems)
	}
}

func TestMissingBindMountSource(t *testing.T) {
	f := goodFixture()
	f.compose = strings.Replace(f.compose, "./prometheus.yml:", "./missing.yml:", 1)
	problems := f.run(t)
	if len(problems) == 0 || !strings.Contains(strings.Join(problems, "\n"), "missing.yml, which does not exist") {
		t.Fatalf("missing mount not reported: %q", problems)
	}
}

// Each case breaks the good fixture in one way and names the single problem that must be reported.
func TestEachBreakageIsReported(t *testing.T) {
	cases := []struct {
		name    string
		breakIt func(f *fixture)
		want    string
	}{
		{"bootstrap to a port kafka does not listen on", func(f *fixture) {
			f.compose = strings.Replace(f.compose, `{KAFKA_BOOTSTRAP: "kafka:9092"}`, `{KAFKA_BOOTSTRAP: "kafka:29092"}`, 1)
		}, "kafka:29092 but service kafka does not listen on 29092"},
		{"prometheus target on an undeclared port", func(f *fixture) {
			f.prometheus = strings.Replace(f.prometheus, "app:9876", "app:8080", 1)
		}, "service app does not listen on 8080"},
		{"external listener not published", func(f *fixture) {
			f.compose = strings.Replace(f.compose, `ports: ["${KAFKA_EXTERNAL_PORT}:9094"]`, `ports: ["19094:9094"]`, 1)
		}, "no ports entry publishes 9094 -> 9094"},
		{"app stopped by Docker before Camel's default shutdown timeout (45 s)", func(f *fixture) {
			f.compose = strings.Replace(f.compose, "stop_grace_period: 60s", "stop_grace_period: 30s", 1)
		}, "stop_grace_period 30s is not longer than Camel's graceful shutdown (45 s)"},
		{"app without stop_grace_period: Docker's 10 s", func(f *fixture) {
			f.compose = strings.Replace(f.compose, "    stop_grace_period: 60s\n", "", 1)
		}, "stop_grace_period 10s is not longer"},
		{"a shutdown timeout from the environment longer than the grace", func(f *fixture) {
			f.compose = strings.Replace(f.compose, `CAMEL_MANAGEMENT_PORT: 9876}`, `CAMEL_MANAGEMENT_PORT: 9876, CAMEL_MAIN_SHUTDOWNTIMEOUT: "90"}`, 1)
		}, "(90 s)"},
		{"broker secret missing from the TLS folder", func(f *fixture) { f.secrets = f.secrets[:3] },
			"broker_jaas.conf is missing from"},
		{"the CA key in the folder mounted into the broker", func(f *fixture) { f.secrets = append(f.secrets, "ca.key") },
			"ca.key is mounted at /etc/kafka/secrets but the broker does not read it"},
		{"broker reads a file the script does not write", func(f *fixture) {
			f.tlsScript = strings.Replace(f.tlsScript, "kafka_ssl_key_creds", "", 1)
		}, `reads /etc/kafka/secrets/"kafka_ssl_key_creds"`},
		{"app config with another fixed port", func(f *fixture) { f.appConfig = "camel.management.port = 8080\n" },
			"neither reads CAMEL_MANAGEMENT_PORT nor equals 9876"},
		{"service without memory limit", func(f *fixture) {
			f.compose = strings.Replace(f.compose, "    deploy: {resources: {limits: {memory: 512M}}}\n", "", 1)
		}, "service app has no memory limit"},
		{"Dockerfile copies what is not in the context", func(f *fixture) { f.noRoutes = true },
			"copies routes, which is not in the build context"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := goodFixture()
			c.breakIt(&f)
			expectProblem(t, f.run(t), c.want)
		})
	}
}

func TestUndefinedAndUnusedVariables(t *testing.T) {
	f := goodFixture()
	f.env = "KAFKA_EXTERNAL_PORT=9094\nSTALE=1\n"
	problems := strings.Join(f.run(t), "\n")
	for _, want := range []string{"uses ${EXTERNAL_HOST}", "defines STALE, which"} {
		if !strings.Contains(problems, want) {
			t.Fatalf("expected %q in %q", want, problems)
		}
	}
}

func TestCopySourcesSkipsStagesAndFlags(t *testing.T) {
	sources, err := copySources(writeTemp(t, "FROM x AS b\nCOPY --from=b /a /b\nCOPY --chown=1 src lib /app/\n"))
	if err != nil || strings.Join(sources, ",") != "src,lib" {
		t.Fatalf("copySources = %q, %v", sources, err)
	}
}

func writeTemp(t *testing.T, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "Dockerfile")
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}
