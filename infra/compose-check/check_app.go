package main

import (
	"bufio"
	"os"
	"strconv"
	"strings"

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
