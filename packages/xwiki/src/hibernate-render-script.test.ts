import { loadEnvironment } from '@open4goods/environments';
import { externalToolAvailable } from '@open4goods/kit/testing';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hibernatePropertiesOf } from './testing/hibernate.ts';
import { databasePasswordPlaceholder, renderHibernateTemplate } from './hibernate-cfg.ts';
import { hibernateRenderScript, hibernateRenderScriptFileName, hibernateRenderScriptVariables } from './hibernate-render-script.ts';
import { xwikiHibernateTemplateConfigMapName } from './names.ts';
import { configMapFile, containerOf, podSpecOf } from './testing/render.ts';

const workDirectory = mkdtempSync(join(tmpdir(), 'xwiki-render-'));
afterAll(() => rmSync(workDirectory, { recursive: true, force: true }));
const scriptFile = join(workDirectory, hibernateRenderScriptFileName);
writeFileSync(scriptFile, hibernateRenderScript);

let runs = 0;

interface RunResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly output: string;
  readonly outputFile: string;
}

/** Runs the script as the init container does: bash, the four variables, files in a scratch directory. */
function runScript(template: string, password: Buffer | string | undefined, overrides: Record<string, string | undefined> = {}): RunResult {
  const directory = join(workDirectory, `run-${++runs}`);
  mkdirSync(directory);
  const templateFile = join(directory, 'hibernate.cfg.xml.template');
  const passwordFile = join(directory, 'password');
  const output = join(directory, 'hibernate.cfg.xml');
  writeFileSync(templateFile, template);
  if (password !== undefined) writeFileSync(passwordFile, password);
  const variables: Record<string, string | undefined> = {
    [hibernateRenderScriptVariables.template]: templateFile,
    [hibernateRenderScriptVariables.passwordFile]: passwordFile,
    [hibernateRenderScriptVariables.output]: output,
    [hibernateRenderScriptVariables.placeholder]: databasePasswordPlaceholder,
    ...overrides,
  };
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: 'C.UTF-8' } as Record<string, string>;
  for (const [name, value] of Object.entries(variables)) if (value !== undefined) env[name] = value;
  const result = spawnSync('bash', [scriptFile], { encoding: 'utf8', env });
  let rendered = '';
  try {
    rendered = readFileSync(output, 'utf8');
  } catch {
    // no output written
  }
  return { status: result.status, stdout: result.stdout, stderr: result.stderr, output: rendered, outputFile: output };
}

const template = renderHibernateTemplate(loadEnvironment('prod'));

describe('the init container runs the script of the template ConfigMap', () => {
  it.each(['prod', 'staging'] as const)('in %s, with the variables the script reads', (name) => {
    const environment = loadEnvironment(name);
    expect(configMapFile(environment, xwikiHibernateTemplateConfigMapName, hibernateRenderScriptFileName)).toBe(hibernateRenderScript);
    const init = containerOf(podSpecOf(environment), 'render-hibernate-cfg');
    expect(init.command).toEqual(['bash', expect.stringMatching(new RegExp(`/${hibernateRenderScriptFileName}$`))]);
    const names = (init.env ?? []).map((variable) => variable.name).sort();
    expect(names).toEqual(Object.values(hibernateRenderScriptVariables).sort());
    expect(init.env?.find((variable) => variable.name === hibernateRenderScriptVariables.placeholder)?.value).toBe(databasePasswordPlaceholder);
  });
});

describe.runIf(externalToolAvailable('shellcheck', ['--version'], 'the shellcheck test of the hibernate render script'))('shellcheck', () => {
  it('finds nothing in the render script', () => {
    const result = spawnSync('shellcheck', ['--shell=bash', '--severity=style', scriptFile], { encoding: 'utf8' });
    expect(result.stdout + result.stderr).toBe('');
    expect(result.status).toBe(0);
  });
});

describe('rendering hibernate.cfg.xml with bash', () => {
  const passwords: Array<[string, string]> = [
    ['a plain password', 'correct-horse-battery-staple'],
    ['XML special characters', `a&b<c>d"e'f`],
    ['an ampersand bash 5.2 would expand in a replacement', '&&&'],
    ['an existing entity, kept literally', '&amp;&lt;'],
    ['shell syntax that must not be evaluated', '$(id) `id` ${HOME} $HOME \\n \\ *?[a]'],
    ['non-ASCII characters', 'pässwörd-密码-🔑'],
    ['blanks and whitespace controls', ' leading and trailing \t\r'],
    ['a trailing line break (kept: MySQL got the same bytes)', 'secret\n'],
    ['the placeholder itself', databasePasswordPlaceholder],
    ["the image's own placeholder", 'replacepassword'],
  ];

  it.each(passwords)('writes %s byte for byte into connection.password', (_, password) => {
    const result = runScript(template, password);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const properties = hibernatePropertiesOf(result.output);
    expect(properties.get('connection.password')).toBe(password);
    // Everything else is the template's.
    const expected = new Map(hibernatePropertiesOf(template));
    expected.set('connection.password', password);
    expect(properties).toEqual(expected);
    expect(result.stdout).not.toContain(password.trim() || 'never');
  });

  it('writes the file for its owner only (mode 0600)', () => {
    const result = runScript(template, 'secret');
    expect(result.status).toBe(0);
    expect(statSync(result.outputFile).mode & 0o777).toBe(0o600);
  });

  it('says where it wrote the file, and nothing about the password', () => {
    const result = runScript(template, 'top-secret-value');
    expect(result.stdout).toMatch(/^render-hibernate-cfg: wrote \S+hibernate\.cfg\.xml\n$/);
  });

  it('refuses a password file that is missing', () => {
    const result = runScript(template, undefined);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/render-hibernate-cfg: the database password file \S+ is missing or empty/);
    expect(result.output).toBe('');
  });

  it('refuses an empty password', () => {
    const result = runScript(template, '');
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/is missing or empty/);
  });

  it('refuses a password with a control character XML cannot carry, without printing it', () => {
    const result = runScript(template, 'bad\u0001password');
    expect(result.status).not.toBe(0);
    expect(result.stderr).toBe('render-hibernate-cfg: the database password contains control characters XML cannot carry\n');
    expect(result.output).toBe('');
  });

  it('refuses a template without the placeholder', () => {
    const result = runScript(template.replace(databasePasswordPlaceholder, 'nothing'), 'secret');
    expect(result.status).not.toBe(0);
    expect(result.stderr).toBe(`render-hibernate-cfg: the template must hold ${databasePasswordPlaceholder} exactly once, found it 0 times\n`);
  });

  it('refuses a template with the placeholder twice', () => {
    const result = runScript(`${template}<!-- ${databasePasswordPlaceholder} -->`, 'secret');
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/exactly once, found it 2 times/);
  });

  it('refuses to run without its variables', () => {
    const result = runScript(template, 'secret', { [hibernateRenderScriptVariables.output]: undefined });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain(`${hibernateRenderScriptVariables.output}: path to write hibernate.cfg.xml to`);
  });

  it('refuses a template it cannot read', () => {
    const result = runScript(template, 'secret', { [hibernateRenderScriptVariables.template]: join(workDirectory, 'absent.xml') });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/cannot read the template \S+absent\.xml/);
  });
});
