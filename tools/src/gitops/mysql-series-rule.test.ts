import { defineEnvironment, loadEnvironment } from '@open4goods/environments';
import { describe, expect, it } from 'vitest';
import { decidedMysqlSeries, mysqlSeriesRule } from './mysql-series-rule.ts';

describe('the MySQL series rule', () => {
  const prod = loadEnvironment('prod');
  const staging = loadEnvironment('staging');

  it('allows only patch releases of the decided series', () => {
    const allowed = new RegExp(mysqlSeriesRule('8.4').allowedVersions.slice(1, -1));
    expect(['8.4.0', '8.4.13'].every((version) => allowed.test(version))).toBe(true);
    expect(['8.40.1', '9.4.0', '8.4', '18.4.1'].some((version) => allowed.test(version))).toBe(false);
  });

  it('takes the series every environment decides, and refuses environments that disagree, naming each file', () => {
    expect(decidedMysqlSeries([prod, staging])).toBe('8.4');
    const on9 = defineEnvironment('staging', staging.sourceFile, { decisions: { mysqlVersion: { status: 'locked', value: '9.4' } } }, staging);
    expect(() => decidedMysqlSeries([prod, on9])).toThrow(
      'the environments decide different MySQL series (packages/environments/src/prod.ts (decisions.mysqlVersion: 8.4), packages/environments/src/staging.ts (decisions.mysqlVersion: 9.4))',
    );
  });
});
