import type { AlertGroupDefinition } from './alert-rule.ts';

/** Pods of every namespace: the platform's own and the applications'. */
export const workloadAlerts: AlertGroupDefinition = {
  name: 'workloads',
  alerts: [
    {
      alert: 'PodCrashLooping',
      expr: 'max_over_time(kube_pod_container_status_waiting_reason{reason="CrashLoopBackOff"}[5m]) >= 1',
      for: '15m',
      severity: 'warning',
      summary: 'Container {{ $labels.container }} of {{ $labels.namespace }}/{{ $labels.pod }} is crash-looping',
      description: 'The container keeps exiting and Kubernetes waits longer before each restart (CrashLoopBackOff).',
    },
    {
      alert: 'PodNotReady',
      // Pending, Running or Unknown without Ready; finished pods (Succeeded, Failed) are not waiting for anything.
      expr: 'max by (namespace, pod) (kube_pod_status_phase{phase=~"Pending|Running|Unknown"} == 1) unless on (namespace, pod) (kube_pod_status_ready{condition="true"} == 1)',
      for: '15m',
      severity: 'warning',
      summary: 'Pod {{ $labels.namespace }}/{{ $labels.pod }} has not been ready for 15 minutes',
      description: 'The pod is not ready: its Service does not send it traffic. It may be unschedulable, waiting for a volume, or failing its readiness probe.',
    },
  ],
};
