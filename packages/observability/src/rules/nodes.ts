import type { AlertGroupDefinition } from './alert-rule.ts';

const nodeExporter = 'job="node-exporter"';
const filesystems = `${nodeExporter},fstype!="",mountpoint!=""`;

/**
 * Node health. On a one-node cluster a node that is down takes Prometheus and Alertmanager with it:
 * nobody is left to send NodeDown. Only an outside heartbeat (Watchdog to a dead man's switch, see
 * the runbook) sees that case; these alerts cover a node that is up but unhealthy, and every node
 * but the one running Prometheus once the cluster grows.
 */
export const nodeAlerts: AlertGroupDefinition = {
  name: 'nodes',
  alerts: [
    {
      alert: 'NodeNotReady',
      expr: 'kube_node_status_condition{condition="Ready",status="true"} == 0',
      for: '5m',
      severity: 'critical',
      summary: 'Node {{ $labels.node }} is not Ready',
      description: 'The kubelet of {{ $labels.node }} does not report Ready: its pods are not running or not reachable, and new pods are not scheduled there.',
    },
    {
      alert: 'NodeDown',
      expr: `up{${nodeExporter}} == 0`,
      for: '5m',
      severity: 'critical',
      summary: 'Node {{ $labels.instance }} does not answer',
      description: 'node-exporter on {{ $labels.instance }} has not answered for 5 minutes: the node is down, unreachable or overloaded.',
    },
    {
      alert: 'NodeDiskPressure',
      expr: 'kube_node_status_condition{condition="DiskPressure",status="true"} == 1',
      for: '5m',
      severity: 'critical',
      summary: 'Node {{ $labels.node }} is under disk pressure',
      description: 'The kubelet of {{ $labels.node }} reports DiskPressure: it evicts pods and refuses new ones until disk space is freed.',
    },
    {
      alert: 'NodeFilesystemAlmostFull',
      expr: `(node_filesystem_avail_bytes{${filesystems}} / node_filesystem_size_bytes{${filesystems}} < 0.15) and on (instance, device, mountpoint) node_filesystem_readonly{${filesystems}} == 0`,
      for: '30m',
      severity: 'warning',
      summary: 'Filesystem {{ $labels.mountpoint }} on {{ $labels.instance }} has less than 15% free',
      description: '{{ $labels.mountpoint }} ({{ $labels.device }}) on {{ $labels.instance }} has {{ $value | humanizePercentage }} free. Longhorn replicas and container images live on the node disk.',
    },
    {
      alert: 'NodeFilesystemAlmostFull',
      expr: `(node_filesystem_avail_bytes{${filesystems}} / node_filesystem_size_bytes{${filesystems}} < 0.05) and on (instance, device, mountpoint) node_filesystem_readonly{${filesystems}} == 0`,
      for: '5m',
      severity: 'critical',
      summary: 'Filesystem {{ $labels.mountpoint }} on {{ $labels.instance }} has less than 5% free',
      description: '{{ $labels.mountpoint }} ({{ $labels.device }}) on {{ $labels.instance }} has {{ $value | humanizePercentage }} free: the kubelet will evict pods and Longhorn stops writing replicas soon.',
    },
  ],
};
