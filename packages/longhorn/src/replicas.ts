import type { Environment } from '@open4goods/environments';

/** Replicas the platform wants when the cluster has the nodes for them. */
export const wantedReplicas = { general: 2, database: 3 } as const;

/** How many replicas Longhorn keeps, given the nodes the environment has. */
export interface ReplicaPlan {
  /** `longhorn` StorageClass: 2, capped by the node count. */
  readonly general: number;
  /** `longhorn-db` StorageClass and Longhorn's default: 3, capped by the node count. */
  readonly database: number;
  /**
   * Let replicas share a node when there are fewer nodes than wanted replicas: a replica that can
   * never be scheduled leaves its volume degraded forever.
   */
  readonly softAntiAffinity: boolean;
}

/**
 * Longhorn schedules at most one replica of a volume per node (hard anti-affinity). On one node,
 * three replicas can never be healthy: the volume would stay degraded and its alerts would never
 * clear. So the counts are capped by the node count, and the build says what was given up.
 */
export function replicaPlan(environment: Environment): ReplicaPlan {
  const nodes = environment.cluster.nodeCount;
  return {
    general: Math.min(wantedReplicas.general, nodes),
    database: Math.min(wantedReplicas.database, nodes),
    softAntiAffinity: nodes < wantedReplicas.database,
  };
}

/** What the operator should know when the replica counts are capped. */
export function replicaWarnings(environment: Environment): string[] {
  const plan = replicaPlan(environment);
  if (plan.database >= wantedReplicas.database) return [];
  const nodes = environment.cluster.nodeCount;
  return [
    `${environment.sourceFile} (cluster.nodeCount: ${nodes}): ${wantedReplicas.database} Longhorn replicas can never be healthy on ${nodes} node${nodes === 1 ? '' : 's'}; ` +
      `volumes get ${plan.database} (longhorn-db) and ${plan.general} (longhorn) replica${plan.general === 1 ? '' : 's'} with soft anti-affinity, ` +
      `so a disk or node loss loses what the last backup does not hold. Raise cluster.nodeCount when nodes are added.`,
  ];
}
