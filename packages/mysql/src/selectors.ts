import type { Environment } from '@open4goods/environments';
import { type WorkloadSelector, selectorLabels } from '@open4goods/kit';
import { mysqlName } from './names.ts';

/** The labels selecting the MySQL pod: the StatefulSet's and Services' selector, and NetworkPolicies'. */
export const mysqlSelectorLabels = selectorLabels({ name: mysqlName });

/** The MySQL pods of an environment, for NetworkPolicies of other packages. */
export function mysqlWorkload(environment: Environment): WorkloadSelector {
  return { namespace: environment.appNamespace, podLabels: mysqlSelectorLabels };
}
