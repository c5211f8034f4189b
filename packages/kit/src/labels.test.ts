import { describe, expect, it } from 'vitest';
import { managedBy, partOf, selectorLabels, standardLabels } from './labels.ts';

describe('standardLabels', () => {
  it('sets name, instance, part-of and managed-by', () => {
    expect(standardLabels({ name: 'mysql' })).toEqual({
      'app.kubernetes.io/name': 'mysql',
      'app.kubernetes.io/instance': 'mysql',
      'app.kubernetes.io/part-of': 'open4goods',
      'app.kubernetes.io/managed-by': 'o4g',
    });
    expect(partOf).toBe('open4goods');
    expect(managedBy).toBe('o4g');
  });

  it('sets instance, component and version when given', () => {
    expect(standardLabels({ name: 'mysql', instance: 'mysql-wiki', component: 'database', version: '8.4.11' })).toEqual({
      'app.kubernetes.io/name': 'mysql',
      'app.kubernetes.io/instance': 'mysql-wiki',
      'app.kubernetes.io/component': 'database',
      'app.kubernetes.io/part-of': 'open4goods',
      'app.kubernetes.io/managed-by': 'o4g',
      'app.kubernetes.io/version': '8.4.11',
    });
  });

  it('leaves out empty component and version', () => {
    const labels = standardLabels({ name: 'xwiki', component: '', version: '' });
    expect(labels).not.toHaveProperty('app.kubernetes.io/component');
    expect(labels).not.toHaveProperty('app.kubernetes.io/version');
    expect(Object.keys(labels)).toHaveLength(4);
  });
});

describe('selectorLabels', () => {
  it('holds only name and instance, defaulting the instance to the name', () => {
    expect(selectorLabels({ name: 'mysql' })).toEqual({ 'app.kubernetes.io/name': 'mysql', 'app.kubernetes.io/instance': 'mysql' });
    expect(selectorLabels({ name: 'mysql', instance: 'mysql-wiki' })).toEqual({
      'app.kubernetes.io/name': 'mysql',
      'app.kubernetes.io/instance': 'mysql-wiki',
    });
  });

  it('is a subset of the standard labels, and stays the same when the version changes', () => {
    const options = { name: 'mysql', instance: 'mysql-wiki', component: 'database' };
    const selector = selectorLabels(options);
    expect(standardLabels({ ...options, version: '8.4.11' })).toMatchObject(selector);
    expect(standardLabels({ ...options, version: '8.4.12' })).toMatchObject(selector);
    expect(selector).not.toHaveProperty('app.kubernetes.io/version');
    expect(selector).not.toHaveProperty('app.kubernetes.io/component');
  });
});
