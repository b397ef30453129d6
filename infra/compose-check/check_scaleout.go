package main

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/compose-spec/compose-go/v2/types"
)

// ScaleOut is what the scale-out override must give: brokers, replication, Spark workers.
type ScaleOut struct {
	Brokers, ReplicationFactor, MinInsyncReplicas, SparkWorkers int
}

var defaultScaleOut = ScaleOut{Brokers: 3, ReplicationFactor: 3, MinInsyncReplicas: 2, SparkWorkers: 2}

// CheckScaleOut (run on the base file plus the scale-out override): at least Brokers KRaft nodes of one cluster
// with distinct node ids and data volumes, one controller quorum that every node names the same way and that
// lists exactly the controller nodes on their CONTROLLER listener; replication factor and min.insync.replicas
// on the brokers (default and internal topics) and the application's topic spec; every Kafka client's
// bootstrap names every broker; at least SparkWorkers Spark workers on the master, each with the validator's
// state volume.
func CheckScaleOut(project *types.Project, want ScaleOut, r *Report) {
	nodes := brokers(project)
	r.Check(len(nodes) >= want.Brokers, "scale-out: %d KRaft brokers (%s), want at least %d", len(nodes), strings.Join(nodes, ", "), want.Brokers)
	clusterIDs, nodeIDs, voters, dataVolumes := map[string]bool{}, map[string]string{}, map[string]bool{}, map[string]string{}
	var controllers []string
	for _, name := range nodes {
		env := envOf(project.Services[name])
		clusterIDs[env("CLUSTER_ID")] = true
		id := env("KAFKA_NODE_ID")
		if other, dup := nodeIDs[id]; dup {
			r.Check(false, "scale-out: %s and %s share KAFKA_NODE_ID %s", other, name, id)
		}
		nodeIDs[id] = name
		voters[env("KAFKA_CONTROLLER_QUORUM_VOTERS")] = true
		if strings.Contains(env("KAFKA_PROCESS_ROLES"), "controller") {
			port := parseListeners(env("KAFKA_LISTENERS"))[env("KAFKA_CONTROLLER_LISTENER_NAMES")]
			controllers = append(controllers, fmt.Sprintf("%s@%s:%s", id, name, port))
		}
		for _, v := range project.Services[name].Volumes {
			if v.Target == env("KAFKA_LOG_DIRS") || v.Target == "/var/lib/kafka/data" {
				if other, shared := dataVolumes[v.Source]; shared {
					r.Check(false, "scale-out: %s and %s share the data volume %s", other, name, v.Source)
				}
				dataVolumes[v.Source] = name
			}
		}
		checkAtLeast(r, name, env, "KAFKA_DEFAULT_REPLICATION_FACTOR", want.ReplicationFactor)
		checkAtLeast(r, name, env, "KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", want.ReplicationFactor)
		checkAtLeast(r, name, env, "KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", want.ReplicationFactor)
		checkAtLeast(r, name, env, "KAFKA_MIN_INSYNC_REPLICAS", want.MinInsyncReplicas)
		checkAtLeast(r, name, env, "KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", want.MinInsyncReplicas)
		rf, _ := strconv.Atoi(env("KAFKA_DEFAULT_REPLICATION_FACTOR"))
		isr, _ := strconv.Atoi(env("KAFKA_MIN_INSYNC_REPLICAS"))
		r.Check(isr < rf && rf <= len(nodes), "scale-out: %s: min.insync.replicas %d must be below the replication factor %d, itself at most the %d brokers",
			name, isr, rf, len(nodes))
	}
	r.Check(len(clusterIDs) == 1, "scale-out: the brokers do not share one CLUSTER_ID")
	r.Check(len(voters) == 1, "scale-out: the brokers name different KAFKA_CONTROLLER_QUORUM_VOTERS")
	sort.Strings(controllers)
	for v := range voters {
		listed := strings.Split(v, ",")
		sort.Strings(listed)
		r.Check(strings.Join(listed, ",") == strings.Join(controllers, ","),
			"scale-out: KAFKA_CONTROLLER_QUORUM_VOTERS=%s but the controller nodes are %s", v, strings.Join(controllers, ","))
	}
	for _, name := range sortedKeys(project.Services) {
		env := envOf(project.Services[name])
		if bootstrap := env("KAFKA_BOOTSTRAP"); bootstrap != "" {
			for _, b := range nodes {
				r.Check(strings.Contains(bootstrap, b+":"), "scale-out: service %s: KAFKA_BOOTSTRAP=%s does not name broker %s", name, bootstrap, b)
			}
		}
		if env("TOPICS_PARTITIONS") != "" {
			checkAtLeast(r, name, env, "TOPICS_REPLICATION_FACTOR", want.ReplicationFactor)
		}
	}
	workers := 0
	for _, name := range sortedKeys(project.Services) {
		s := project.Services[name]
		if !strings.Contains(strings.Join(s.Command, " "), "org.apache.spark.deploy.worker.Worker") {
			continue
		}
		workers++
		r.Check(mountedVolume(s, "/var/lib/sportsdb/validator") == "validator-state",
			"scale-out: Spark worker %s does not mount validator-state at /var/lib/sportsdb/validator (executors write state next to the checkpoints)", name)
	}
	r.Check(workers >= want.SparkWorkers, "scale-out: %d Spark workers, want at least %d", workers, want.SparkWorkers)
}

func envOf(s types.ServiceConfig) func(string) string {
	return func(key string) string {
		if v := s.Environment[key]; v != nil {
			return strings.TrimSpace(*v)
		}
		return ""
	}
}

func checkAtLeast(r *Report, service string, env func(string) string, key string, min int) {
	n, err := strconv.Atoi(env(key))
	r.Check(err == nil && n >= min, "scale-out: service %s: %s=%q, want at least %d", service, key, env(key), min)
}

func mountedVolume(s types.ServiceConfig, target string) string {
	for _, v := range s.Volumes {
		if v.Target == target && v.Type == types.VolumeTypeVolume {
			return v.Source
		}
	}
	return ""
}
