import { type DashboardBuilder, RowBuilder } from '@grafana/grafana-foundation-sdk/dashboard';
import type { Environment } from '@open4goods/environments';
import { platformDashboard, stat, timeseries } from './panels.ts';

const perVolume = '{{pvc_namespace}}/{{pvc}}';

/** Longhorn: volume health (one-hot robustness), space, throughput, IOPS and latency. */
export function longhornDashboard(environment: Environment): DashboardBuilder {
  return platformDashboard(environment, 'Longhorn', 'open4goods-longhorn', ['storage'])
    .withRow(new RowBuilder('Health'))
    .withPanel(stat('Healthy volumes', 'short', { expr: 'count(max by (volume) (longhorn_volume_robustness{state="healthy"}) == 1) or vector(0)' }))
    .withPanel(stat('Degraded volumes', 'short', { expr: 'count(max by (volume) (longhorn_volume_robustness{state="degraded"}) == 1) or vector(0)' }))
    .withPanel(stat('Faulted volumes', 'short', { expr: 'count(max by (volume) (longhorn_volume_robustness{state="faulted"}) == 1) or vector(0)' }))
    .withPanel(stat('Node storage used', 'percentunit', { expr: 'sum(longhorn_node_storage_usage_bytes) / sum(longhorn_node_storage_capacity_bytes)' }))
    .withRow(new RowBuilder('Space'))
    .withPanel(timeseries('Volume actual size / capacity', 'percentunit', [{ expr: 'max by (volume, pvc, pvc_namespace) (longhorn_volume_actual_size_bytes / longhorn_volume_capacity_bytes)', legend: perVolume }]))
    .withPanel(timeseries('Node storage', 'bytes', [
      { expr: 'longhorn_node_storage_usage_bytes', legend: 'used {{node}}' },
      { expr: 'longhorn_node_storage_reservation_bytes', legend: 'reserved {{node}}' },
      { expr: 'longhorn_node_storage_capacity_bytes', legend: 'capacity {{node}}' },
    ]))
    .withRow(new RowBuilder('Performance'))
    .withPanel(timeseries('Throughput', 'Bps', [
      { expr: 'max by (volume, pvc, pvc_namespace) (longhorn_volume_read_throughput)', legend: `read ${perVolume}` },
      { expr: 'max by (volume, pvc, pvc_namespace) (longhorn_volume_write_throughput)', legend: `write ${perVolume}` },
    ]))
    .withPanel(timeseries('IOPS', 'iops', [
      { expr: 'max by (volume, pvc, pvc_namespace) (longhorn_volume_read_iops)', legend: `read ${perVolume}` },
      { expr: 'max by (volume, pvc, pvc_namespace) (longhorn_volume_write_iops)', legend: `write ${perVolume}` },
    ]))
    .withPanel(timeseries('Latency', 'ns', [
      { expr: 'max by (volume, pvc, pvc_namespace) (longhorn_volume_read_latency)', legend: `read ${perVolume}` },
      { expr: 'max by (volume, pvc, pvc_namespace) (longhorn_volume_write_latency)', legend: `write ${perVolume}` },
    ], 24));
}
