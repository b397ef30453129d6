package main

import "github.com/compose-spec/compose-go/v2/types"

// CheckPolicies: every long-running service has a restart policy, a health check and a memory limit;
// one-shot services (restart "no") are awaited by someone with service_completed_successfully.
func CheckPolicies(project *types.Project, r *Report) {
	awaited := map[string]bool{}
	for _, s := range project.Services {
		for dep, d := range s.DependsOn {
			if d.Condition == types.ServiceConditionCompletedSuccessfully {
				awaited[dep] = true
			}
		}
	}
	for name, s := range project.Services {
		limited := s.Deploy != nil && s.Deploy.Resources.Limits != nil && s.Deploy.Resources.Limits.MemoryBytes > 0
		r.Check(limited, "service %s has no memory limit (deploy.resources.limits.memory)", name)
		if s.Restart == "no" {
			r.Check(awaited[name], "one-shot service %s is awaited by no service (depends_on condition service_completed_successfully)", name)
			continue
		}
		r.Check(s.Restart != "", "service %s has no restart policy", name)
		r.Check(s.HealthCheck != nil && !s.HealthCheck.Disable && len(s.HealthCheck.Test) > 0,
			"service %s has no health check", name)
		for dep, d := range s.DependsOn {
			if d.Condition == types.ServiceConditionHealthy {
				other, ok := project.Services[dep]
				r.Check(ok && other.HealthCheck != nil, "service %s waits for %s to be healthy but %s has no health check", name, dep, dep)
			}
		}
	}
}
