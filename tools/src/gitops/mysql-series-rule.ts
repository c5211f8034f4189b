import type { Environment } from '@open4goods/environments';

/** The Renovate package rule that keeps the MySQL image on a series (a Renovate `allowedVersions` regex). */
export interface MysqlSeriesRule {
  readonly description: string;
  readonly matchDatasources: readonly ['docker'];
  readonly matchDepNames: readonly ['mysql'];
  readonly allowedVersions: string;
}

/**
 * The MySQL series every environment decided (decisions.mysqlVersion). One image declaration
 * (packages/mysql/src/images.ts) serves them all, so they must agree: the image cannot be on two series.
 */
export function decidedMysqlSeries(environments: readonly Environment[]): string {
  const series = [...new Set(environments.map((environment) => environment.decisions.mysqlVersion.value))];
  if (series.length !== 1) {
    const each = environments.map((environment) => `${environment.sourceFile} (decisions.mysqlVersion: ${environment.decisions.mysqlVersion.value})`).join(', ');
    throw new Error(`the environments decide different MySQL series (${each}): one image serves them all; decide one series`);
  }
  return series[0]!;
}

/**
 * No pull request leaves the decided series: a 9.x image for an 8.4 database is a migration (a
 * logical dump and restore), not a bump. renovate.json carries this rule as it is written here;
 * tools/src/gitops/renovate-extraction.test.ts holds the two equal and runs it with Renovate's code.
 */
export function mysqlSeriesRule(series: string): MysqlSeriesRule {
  return {
    description: `MySQL stays on the series decided in decisions.mysqlVersion (${series}): another series is a migration, decided first (tools/src/gitops/mysql-series-rule.ts).`,
    matchDatasources: ['docker'],
    matchDepNames: ['mysql'],
    allowedVersions: `/^${series.replaceAll('.', '\\.')}\\.\\d+$/`,
  };
}
