package main

import (
	"bufio"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/compose-spec/compose-go/v2/types"
)

// CheckAppConfig: the app's management port (CAMEL_MANAGEMENT_PORT, which camel-main maps onto
// camel.management.port) is a port the app service declares, and the application's own configuration exists
// and either reads that variable or defaults to the same port.
func CheckAppConfig(project *types.Project, r *Report, appConfig string) {
	app, ok := project.Services["app"]
	r.Check(ok, "no app service")
	if !ok {
		return
	}
	value := app.Environment["CAMEL_MANAGEMENT_PORT"]
	r.Check(value != nil, "app: CAMEL_MANAGEMENT_PORT is not set")
	if value == nil {
		return
	}
	port, err := strconv.Atoi(*value)
	r.Check(err == nil && ContainerPorts(app)[port], "app: CAMEL_MANAGEMENT_PORT=%s is not a port the app service declares", *value)
	configured, found, err := managementPort(appConfig)
	r.Check(err == nil, "app: cannot read the application's configuration %s: %v", appConfig, err)
	if err != nil {
		return
	}
	if !found {
		r.Note("app: %s does not set camel.management.port; CAMEL_MANAGEMENT_PORT=%s from compose decides", appConfig, *value)
		return
	}
	r.Check(strings.Contains(configured, "CAMEL_MANAGEMENT_PORT") || strings.TrimSpace(configured) == *value,
		"app: %s sets camel.management.port=%s, which neither reads CAMEL_MANAGEMENT_PORT nor equals %s",
		appConfig, configured, *value)
}

func managementPort(file string) (string, bool, error) {
	f, err := os.Open(file)
	if err != nil {
		return "", false, err
	}
	defer f.Close()
	scanner := bufio.NewScanner(f)
	for scanner.Scan() {
		line := strings.TrimSpace(scanner.Text())
		key, value, ok := strings.Cut(line, "=")
		if ok && strings.TrimSpace(key) == "camel.management.port" {
			return strings.TrimSpace(value), true, nil
		}
	}
	return "", false, scanner.Err()
}

// camelShutdownDefault is Camel's own camel.main.shutdownTimeout when nothing sets it.
const camelShutdownDefault = 45.0

// CheckAppStopGrace: compose gives the app longer to stop (stop_grace_period, Docker's default 10 s) than Camel's
// graceful shutdown may take (camel.main.shutdownTimeout: CAMEL_MAIN_SHUTDOWNTIMEOUT in the service, else the
// application's default), else Docker kills the app mid-shutdown: in-flight exchanges cut, Kafka clients not closed.
func CheckAppStopGrace(project *types.Project, knobs Knobs, r *Report) {
	app, ok := project.Services["app"]
	if !ok {
		return
	}
	timeout := camelShutdownDefault
	if value, found := Effective(app.Environment, knobs, "CAMEL_MAIN_SHUTDOWNTIMEOUT"); found {
		seconds, err := strconv.ParseFloat(strings.TrimSpace(value), 64)
		r.Check(err == nil, "app: camel.main.shutdownTimeout %q is not a number of seconds", value)
		if err != nil {
			return
		}
		timeout = seconds
	}
	grace := 10 * time.Second
	if app.StopGracePeriod != nil {
		grace = time.Duration(*app.StopGracePeriod)
	}
	r.Check(grace.Seconds() > timeout, "app: stop_grace_period %s is not longer than Camel's graceful shutdown (%g s): "+
		"Docker kills the app (SIGKILL) before it has stopped", grace, timeout)
}
