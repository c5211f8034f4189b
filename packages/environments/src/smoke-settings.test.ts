import { describe, expect, it } from 'vitest';
import { defineEnvironment, loadEnvironment } from './load.ts';
import { fixtureFile, problemsOf } from './testing.ts';

describe('smoke settings of the deployed environments', () => {
  it('write a few thousand rows and bound the median and the 95th percentile of each operation', () => {
    for (const name of ['prod', 'staging']) {
      const { smoke } = loadEnvironment(name);
      expect(smoke.mysqlCrud.rows).toBeGreaterThanOrEqual(1000);
      expect(smoke.mysqlCrud.maxP50Milliseconds).toBeLessThanOrEqual(smoke.mysqlCrud.maxP95Milliseconds);
      expect(smoke.rerunAfter).toBe('24h');
    }
  });

  it('accept other bounds', () => {
    const mysqlCrud = { rows: 500, maxP50Milliseconds: 5, maxP95Milliseconds: 5 };
    expect(defineEnvironment('fixture', fixtureFile, { smoke: { mysqlCrud } }).smoke.mysqlCrud).toEqual(mysqlCrud);
  });
});

describe('smoke settings validation', () => {
  it.each([50, 2.5, '2000', 1_000_000])('refuses %j rows', (rows) => {
    expect(problemsOf({ smoke: { mysqlCrud: { rows } } })).toEqual([{ field: 'smoke.mysqlCrud.rows', expected: 'an integer number of rows between 100 and 100000', actual: rows }]);
  });

  it.each([0, -1, 1.5, '20ms'])('refuses a p95 bound of %j', (maxP95Milliseconds) => {
    const fields = problemsOf({ smoke: { mysqlCrud: { maxP50Milliseconds: 1, maxP95Milliseconds } } }).map((problem) => problem.field);
    expect(fields).toEqual(['smoke.mysqlCrud.maxP95Milliseconds']);
  });

  it('refuses a median bound above the 95th percentile bound, which no run could meet', () => {
    expect(problemsOf({ smoke: { mysqlCrud: { maxP50Milliseconds: 200, maxP95Milliseconds: 100 } } })).toEqual([
      {
        field: 'smoke.mysqlCrud.maxP50Milliseconds',
        expected: 'at most smoke.mysqlCrud.maxP95Milliseconds (100): a median above the 95th percentile can never be met',
        actual: 200,
      },
    ]);
  });

  it('refuses a rerun pace that is not a duration', () => {
    expect(problemsOf({ smoke: { rerunAfter: 'daily' } })).toEqual([{ field: 'smoke.rerunAfter', expected: 'a duration such as "30m", "1h" or "7d"', actual: 'daily' }]);
  });
});
