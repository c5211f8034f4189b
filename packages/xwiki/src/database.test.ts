import { loadEnvironment } from '@open4goods/environments';
import mysql, { mysqlCredentialKeys, mysqlCredentialsSecretName, mysqlInitScriptsConfigMapName } from '@open4goods/mysql';
import { StatefulSet } from 'kubernetes-models/apps/v1/StatefulSet';
import { describe, expect, it } from 'vitest';
import { databasePasswordPlaceholder } from './hibernate-cfg.ts';
import { xwikiHibernateTemplateConfigMapName } from './names.ts';
import { hibernatePropertiesOf } from './testing/hibernate.ts';
import { parseJavaProperties } from './testing/java-properties.ts';
import { allContainersOf, configMapFile, podSpecOf, renderXwiki } from './testing/render.ts';

describe.each(['prod', 'staging'] as const)('XWiki and its database in %s', (name) => {
  const environment = loadEnvironment(name);
  const mysqlObjects = mysql.units.flatMap((unit) => unit.render(environment));
  const statefulSet = mysqlObjects.find((object): object is StatefulSet => object instanceof StatefulSet)!;
  const mysqlEnv = statefulSet.spec!.template.spec!.containers.find((container) => container.name === 'mysql')!.env!;
  const valueOf = (variable: string) => mysqlEnv.find((candidate) => candidate.name === variable);
  const hibernate = hibernatePropertiesOf(configMapFile(environment, xwikiHibernateTemplateConfigMapName, 'hibernate.cfg.xml'));

  it('connects to the schema MySQL creates on first start (MYSQL_DATABASE), as the user it creates (MYSQL_USER)', () => {
    expect(valueOf('MYSQL_DATABASE')?.value).toBe(environment.mysql.database);
    expect(hibernate.get('connection.url')).toContain(`/${valueOf('MYSQL_DATABASE')?.value}?`);
    expect(valueOf('MYSQL_USER')?.value).toBe(environment.mysql.user);
    expect(hibernate.get('connection.username')).toBe(valueOf('MYSQL_USER')?.value);
  });

  it("reads the very Secret key MySQL sets the user's password from", () => {
    expect(valueOf('MYSQL_PASSWORD')?.valueFrom?.secretKeyRef).toEqual({ name: mysqlCredentialsSecretName, key: mysqlCredentialKeys.userPassword });
    const secretVolume = podSpecOf(environment).volumes!.find((volume) => volume.secret)!;
    expect(secretVolume.secret?.secretName).toBe(mysqlCredentialsSecretName);
    expect(secretVolume.secret?.items?.map((item) => item.key)).toEqual([mysqlCredentialKeys.userPassword]);
  });

  it('grants the XWiki user nothing beyond its own schema (no *.* grant as in the image documentation)', () => {
    // The image's entrypoint grants MYSQL_USER all privileges on MYSQL_DATABASE only; no init script adds more.
    const initScripts = mysqlObjects.find((object) => object.kind === 'ConfigMap' && object.metadata?.name === mysqlInitScriptsConfigMapName) as
      | { data?: Record<string, string> }
      | undefined;
    for (const script of Object.values(initScripts?.data ?? {})) {
      expect(script).not.toMatch(new RegExp(`ON \\*\\.\\* TO '?${environment.mysql.user}'?@`, 'i'));
    }
  });
});

describe.each(['prod', 'staging'] as const)('no rendered object of XWiki carries the database password (%s)', (name) => {
  const environment = loadEnvironment(name);
  const objects = renderXwiki(environment);

  it('renders no Secret: Secrets come from the secret backend', () => {
    expect(objects.filter((object) => object.kind === 'Secret')).toEqual([]);
  });

  it('keeps the password placeholder in the hibernate template, and no other password anywhere in a ConfigMap', () => {
    let passwordProperties = 0;
    for (const object of objects.filter((candidate) => candidate.kind === 'ConfigMap') as Array<{ data?: Record<string, string> }>) {
      for (const [file, text] of Object.entries(object.data ?? {})) {
        for (const match of text.matchAll(/<property name="(?:hibernate\.)?connection\.password">([^<]*)<\/property>/g)) {
          expect(match[1]).toBe(databasePasswordPlaceholder);
          passwordProperties++;
        }
        if (/\.(cfg|properties)$/.test(file)) {
          expect([...parseJavaProperties(text).keys()].filter((key) => /password|secret/i.test(key)), file).toEqual([]);
        }
      }
    }
    expect(passwordProperties).toBe(1);
  });

  it('passes no credential through a literal environment variable or argument', () => {
    const pod = podSpecOf(environment);
    for (const container of allContainersOf(pod)) {
      for (const variable of container.env ?? []) {
        if (/PASSWORD|PWD|SECRET|TOKEN/i.test(variable.name) && variable.name !== 'PASSWORD_PLACEHOLDER' && variable.name !== 'DATABASE_PASSWORD_FILE') {
          expect(variable.value, `${container.name} ${variable.name}`).toBeUndefined();
        }
      }
      expect([...(container.command ?? []), ...(container.args ?? [])].join(' ')).not.toMatch(/password=|-p\S/i);
    }
    const placeholder = allContainersOf(pod).flatMap((container) => container.env ?? []).find((variable) => variable.name === 'PASSWORD_PLACEHOLDER');
    expect(placeholder?.value).toBe(databasePasswordPlaceholder);
  });
});
