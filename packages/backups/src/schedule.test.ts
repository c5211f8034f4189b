import { type Environment, defineEnvironment, locked } from '@open4goods/environments';
import { BuildInputError } from '@open4goods/kit';
import { describe, expect, it } from 'vitest';
import { mysqlDumpSchedule, restoreTestSchedule, xwikiExportSchedule } from './schedule.ts';

const file = 'packages/backups/src/schedule.test.ts';
const withRpo = (rpo: string): Environment => defineEnvironment('fixture', file, { decisions: { recoveryObjectives: locked({ rpo, rto: '4h' }) } });
const withRestoreTest = (frequency: string): Environment => defineEnvironment('fixture', file, { decisions: { restoreTestFrequency: locked(frequency) } });

describe('the MySQL dump schedule derived from the RPO', () => {
  it.each([
    ['7d', '17 2 * * *', 86_400],
    ['24h', '17 2 * * *', 86_400],
    ['1d', '17 2 * * *', 86_400],
    ['23h', '17 */12 * * *', 43_200],
    ['12h', '17 */12 * * *', 43_200],
    ['6h', '17 */6 * * *', 21_600],
    ['5h', '17 */4 * * *', 14_400],
    ['90m', '17 * * * *', 3600],
    ['1h', '17 * * * *', 3600],
    ['30m', '7-59/30 * * * *', 1800],
    ['15m', '7-59/15 * * * *', 900],
  ])('an RPO of %s dumps with cron "%s" (every %i s, never longer apart than the RPO)', (rpo, cron, periodSeconds) => {
    expect(mysqlDumpSchedule(withRpo(rpo))).toMatchObject({ cron, periodSeconds });
  });

  it('never schedules dumps further apart than the RPO', () => {
    for (const rpo of ['15m', '20m', '45m', '1h', '2h', '3h', '7h', '11h', '1d']) {
      const rpoSeconds = { m: 60, h: 3600, d: 86_400 }[rpo.slice(-1) as 'm' | 'h' | 'd'] * Number(rpo.slice(0, -1));
      expect(mysqlDumpSchedule(withRpo(rpo)).periodSeconds).toBeLessThanOrEqual(rpoSeconds);
    }
  });

  it('refuses an RPO a logical dump cannot meet, naming the file, the decision and the fix', () => {
    const attempt = () => mysqlDumpSchedule(withRpo('10m'));
    expect(attempt).toThrow(BuildInputError);
    expect(attempt).toThrow(
      `${file}: decisions.recoveryObjectives.rpo: an RPO of 10m cannot be met by logical dumps: the shortest dump interval is 15m (a dump of the whole database takes minutes)\n  fix: raise the RPO to 15m or more; a shorter RPO needs binary-log shipping or a replica, which this platform does not build`,
    );
  });

  it('dumps prod and staging daily with their 24h RPO', () => {
    expect(mysqlDumpSchedule(defineEnvironment('prod', file, {})).cron).toBe('17 2 * * *');
  });
});

describe('the XAR export and restore-test schedules', () => {
  it('exports daily after the night dump', () => {
    expect(xwikiExportSchedule()).toMatchObject({ cron: '47 3 * * *', periodSeconds: 86_400 });
  });

  it.each([
    ['7d', '37 5 * * 1'],
    ['30d', '37 5 * * 1'],
    ['6d', '37 5 * * *'],
    ['1d', '37 5 * * *'],
  ])('a restore-test frequency of %s runs with cron "%s"', (frequency, cron) => {
    expect(restoreTestSchedule(withRestoreTest(frequency)).cron).toBe(cron);
  });

  it('refuses a restore test more often than daily', () => {
    expect(() => restoreTestSchedule(withRestoreTest('12h'))).toThrow(/decisions\.restoreTestFrequency: a restore test every 12h is more often than daily/);
  });
});
