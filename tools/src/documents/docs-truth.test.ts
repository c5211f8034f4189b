import { type Environment, type EnvironmentOverrides, apiServerOfContextCommand } from '@open4goods/environments';
import { vaultSecretPath } from '@open4goods/kit';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { commandOptions } from '../cli.ts';
import { effectiveDependencies } from '../engine/derived-dependencies.ts';
import { sopsAgeSecretName } from '../engine/flux.ts';
import { planBuild } from '../engine/plan.ts';
import { secretInventory, vaultStoresOf } from '../status/secret-inventory.ts';
import { repositoryRoot } from '../testing/repository.ts';
import { buildInputOf, loadWorkspace } from '../workspace.ts';
import { documentedPathPattern, o4gCommandsIn, secretNamesIn, vaultAuthIn, vaultPathsIn, vaultWritesIn } from './documented-facts.ts';

const workspace = loadWorkspace(repositoryRoot);
const plan = planBuild(buildInputOf(workspace));

/** What an operator reads: the README, the architecture notes and every runbook (generated ones too). */
const documents = ['README.md', 'docs/architecture.md', ...readdirSync(join(repositoryRoot, 'docs/runbooks')).filter((name) => name.endsWith('.md')).map((name) => `docs/runbooks/${name}`)].map(
  (file) => ({ file, text: readFileSync(join(repositoryRoot, file), 'utf8') }),
);
const all = <T,>(extract: (file: string, text: string) => T[]): T[] => documents.flatMap(({ file, text }) => extract(file, text));
const where = (located: { file: string; line: number }) => `${located.file}:${located.line}`;

/**
 * Settings the runbooks document as alternatives to what is deployed (README and runbooks say
 * how to switch): their Secrets are real once chosen, so the docs may name them.
 */
const documentedAlternatives: readonly EnvironmentOverrides[] = [
  { dns: { provider: 'cloudflare' } } as EnvironmentOverrides,
  { observability: { alertReceiver: { kind: 'email', to: 'ops@example.org', from: 'alerts@example.org', smarthost: 'smtp.example.org:587', username: 'alerts' } } } as EnvironmentOverrides,
];

interface KnownSecret {
  readonly environment: string;
  readonly namespace: string;
  readonly name: string;
  /** The `vault kv` path: KV mount, then the ExternalSecret's key. */
  readonly path: string;
  readonly keys: readonly string[];
}

/** Every Vault Secret of the render, then those of the documented alternatives, from the components' contracts. */
function knownSecrets(): KnownSecret[] {
  const rendered = plan.renders.flatMap((render) =>
    secretInventory(render).flatMap((entry) =>
      entry.source.kind === 'vault'
        ? [{ environment: entry.environment, namespace: entry.requirement.namespace, name: entry.requirement.name, path: entry.source.path, keys: entry.source.properties }]
        : [],
    ),
  );
  const alternatives = workspace.environments.flatMap((environment) => {
    if (environment.secrets.kind !== 'vault') return [];
    const { pathPrefix } = environment.secrets;
    return documentedAlternatives.flatMap((overrides) => {
      const variant = defineVariant(environment, overrides);
      return workspace.components.flatMap((component) =>
        (component.secrets?.(variant) ?? []).map((requirement) => ({
          environment: environment.name,
          namespace: requirement.namespace,
          name: requirement.name,
          path: `${environment.vault.kvMount}/${vaultSecretPath(pathPrefix, requirement)}`,
          keys: requirement.keys.map((key) => key.name),
        })),
      );
    });
  });
  return [...rendered, ...alternatives];
}

function defineVariant(environment: Environment, overrides: EnvironmentOverrides): Environment {
  const merge = (base: unknown, patch: unknown): unknown =>
    patch && typeof patch === 'object' && !Array.isArray(patch) && !('kind' in patch) && base && typeof base === 'object'
      ? Object.fromEntries([...new Set([...Object.keys(base), ...Object.keys(patch)])].map((key) => [key, merge((base as never)[key], (patch as never)[key])]))
      : (patch ?? base);
  return merge(environment, overrides) as Environment;
}

const secrets = knownSecrets();
const stores = plan.renders.flatMap((render) => vaultStoresOf(render).map((store) => ({ ...store, environment: render.environment.name })));
const environmentNames = workspace.environments.map((environment) => environment.name);

/** The Secrets a documented path designates, in any environment (`<env>` stands for each). */
function secretsAt(path: string): KnownSecret[] {
  return secrets.filter((secret) => documentedPathPattern(path, secret.environment).test(secret.path));
}

describe('the Vault paths, keys, auth mounts and roles the docs name are the ones the render reads', () => {
  it('finds the claims it checks (the extraction is not empty)', () => {
    expect(all(vaultWritesIn).length).toBeGreaterThan(5);
    expect(all((file, text) => vaultAuthIn(file, text)).length).toBeGreaterThan(3);
  });

  it('every `vault kv put|patch` writes a path an ExternalSecret reads, with only its keys; a put writes them all', () => {
    const problems = all(vaultWritesIn).flatMap((write) => {
      const { path, keys, verb } = write.claim;
      const candidates = secretsAt(path);
      if (candidates.length === 0) return [`${where(write)}: no ExternalSecret reads ${path} (known: ${[...new Set(secrets.map((secret) => secret.path))].join(', ')})`];
      const fits = candidates.some((secret) =>
        verb === 'put' ? keys.length === secret.keys.length && keys.every((key) => secret.keys.includes(key)) : keys.every((key) => secret.keys.includes(key)),
      );
      return fits ? [] : [`${where(write)}: vault kv ${verb} ${path} writes ${keys.join(', ')}; the Secret has ${[...new Set(candidates.flatMap((secret) => secret.keys))].join(', ')}`];
    });
    expect(problems).toEqual([]);
  });

  it('every other path under the KV mount is a Secret path or a prefix of one (policies: secret/data/…, secret/metadata/…)', () => {
    const mounts = [...new Set(stores.map((store) => store.kvMount))];
    const problems = mounts.flatMap((mount) =>
      all((file, text) => vaultPathsIn(file, text, mount)).flatMap((mention) => {
        const path = mention.claim.replace(new RegExp(`^${mount}/(?:data|metadata)/`), `${mount}/`).replace(/\/?\*$/, '').replace(/\/$/, '');
        const known = secrets.some((secret) => {
          const pattern = documentedPathPattern(path, secret.environment).source.slice(1, -1);
          return new RegExp(`^${pattern}(?:/|$)`).test(secret.path);
        });
        return known ? [] : [`${where(mention)}: ${mention.claim} is no Vault path the render reads, nor a prefix of one`];
      }),
    );
    expect(problems).toEqual([]);
  });

  it('every Kubernetes auth mount and role is the one a ClusterSecretStore logs in with', () => {
    const problems = all((file, text) => vaultAuthIn(file, text)).flatMap((auth) => {
      const mountKnown = stores.some((store) => documentedPathPattern(auth.claim.mount, store.environment).test(store.authMountPath));
      const roleKnown = !auth.claim.role || stores.some((store) => store.role === auth.claim.role);
      return [
        ...(mountKnown ? [] : [`${where(auth)}: auth mount ${auth.claim.mount}; the stores log in at ${stores.map((store) => store.authMountPath).join(', ')}`]),
        ...(roleKnown ? [] : [`${where(auth)}: role ${auth.claim.role}; the stores use ${[...new Set(stores.map((store) => store.role))].join(', ')}`]),
      ];
    });
    expect(problems).toEqual([]);
  });
});

/** Secret names anywhere in what the build writes: secretRef, secretName, existingSecret, secretKeyRef… */
function referencedSecretNames(): Set<string> {
  const names = new Set<string>();
  const visit = (node: unknown, underSecretKey: boolean): void => {
    if (Array.isArray(node)) return node.forEach((child) => visit(child, underSecretKey));
    if (typeof node === 'string' && underSecretKey) names.add(node);
    if (!node || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node)) visit(value, /secret/i.test(key) || (underSecretKey && key === 'name'));
  };
  for (const [path, file] of plan.files) if (path.endsWith('.yaml')) visit(parse(file.content), false);
  return names;
}

describe('the Secrets the docs name exist', () => {
  const known = new Set([...secrets.map((secret) => secret.name), ...referencedSecretNames(), sopsAgeSecretName]);

  it('finds the names it checks', () => {
    expect(all(secretNamesIn).length).toBeGreaterThan(10);
  });

  it('every Secret a doc names is in a secret contract or referenced by the render', () => {
    const problems = all(secretNamesIn)
      .filter((mention) => !known.has(mention.claim))
      .map((mention) => `${where(mention)}: Secret ${mention.claim} is neither in a secret contract nor referenced by the render`);
    expect(problems).toEqual([]);
  });

  it('the bootstrap runbook lists every Secret of the contracts: it links the generated list', () => {
    const bootstrap = readFileSync(join(repositoryRoot, 'docs/runbooks/platform-bootstrap.md'), 'utf8');
    expect(bootstrap).toContain('(platform-secrets.md)');
    const generated = readFileSync(join(repositoryRoot, 'docs/runbooks/platform-secrets.md'), 'utf8');
    for (const render of plan.renders) {
      for (const entry of secretInventory(render)) expect(generated).toContain(`\`${entry.requirement.namespace}/${entry.requirement.name}\``);
    }
  });
});

const commands = all(o4gCommandsIn);

describe('the o4g commands the docs show exist with those flags', () => {

  it('finds the commands it checks', () => {
    expect(commands.length).toBeGreaterThan(20);
  });

  it('every command is one of the CLI and takes every flag shown', () => {
    const problems = commands.flatMap((located) => {
      const { command, flags, text } = located.claim;
      const options = commandOptions[command];
      if (!options) return [`${where(located)}: ${text}: o4g has no command ${command} (commands: ${Object.keys(commandOptions).join(', ')})`];
      const refused = flags.filter((flag) => !(options as readonly string[]).includes(flag) && flag !== 'root' && flag !== 'help');
      return refused.length === 0 ? [] : [`${where(located)}: ${text}: ${command} takes no ${refused.map((flag) => `--${flag}`).join(', ')}`];
    });
    expect(problems).toEqual([]);
  });

  it('every `o4g secrets set|edit <env> <name> KEY=…` names an environment, a Secret of its contract and only its keys', () => {
    const problems = commands
      .filter((located) => located.claim.command === 'secrets')
      .flatMap((located) => {
        const [, environment, name, ...pairs] = located.claim.positionals;
        if (!environment || environment.startsWith('<') || !name || name.startsWith('<')) return [];
        if (!environmentNames.includes(environment)) return [`${where(located)}: no environment ${environment}`];
        const secret = secrets.find((candidate) => candidate.environment === environment && candidate.name === name);
        if (!secret) return [`${where(located)}: ${environment} has no Secret ${name} in its contracts`];
        const keys = pairs.filter((pair) => pair.includes('=')).map((pair) => pair.split('=')[0]!);
        const unknown = keys.filter((key) => !secret.keys.includes(key));
        return unknown.length === 0 ? [] : [`${where(located)}: ${name} has no key ${unknown.join(', ')} (keys: ${secret.keys.join(', ')})`];
      });
    expect(problems).toEqual([]);
  });
});

describe('the commands that act on a cluster are shown as they run', () => {
  /** `o4g restore … --apply` and `o4g smoke … --run` with the environment they name (`<env>` and the like for any). */
  const actingOnCluster = commands.flatMap((located) => {
    const { command, flags, positionals } = located.claim;
    const environment = command === 'restore' && flags.includes('apply') ? positionals[1] : command === 'smoke' && flags.includes('run') ? positionals[0] : undefined;
    return environment ? [{ ...located, environment }] : [];
  });

  it('finds the commands it checks', () => {
    expect(actingOnCluster.length).toBeGreaterThan(5);
  });

  it('each gives --context where its environment names no cluster.apiServer (o4g refuses it otherwise), or shows the option for any environment', () => {
    const problems = actingOnCluster.flatMap((located) => {
      if (located.claim.flags.includes('context')) return [];
      const environment = workspace.environments.find((candidate) => candidate.name === located.environment);
      if (environment?.cluster.apiServer) return [];
      return [`${where(located)}: ${located.claim.text}: ${environment ? `${environment.name} names no cluster.apiServer, so this needs --context` : 'shown for any environment without [--context C]'}`];
    });
    expect(problems).toEqual([]);
  });

  it('every `kubectl config view --minify` that reads a context\'s server is the command the errors give', () => {
    const reads = all((file, text) =>
      text.split('\n').flatMap((line, index) => [...line.matchAll(/kubectl config view --minify[^`\n]*/g)].map((match) => ({ file, line: index + 1, claim: match[0].trim() }))),
    );
    expect(reads.length).toBeGreaterThan(2);
    const problems = reads.filter((read) => read.claim !== apiServerOfContextCommand(/--context (\S+)/.exec(read.claim)?.[1] ?? '')).map((read) => `${where(read)}: ${read.claim}`);
    expect(problems).toEqual([]);
  });
});

describe("the README's platform facts are the render's", () => {
  const readme = readFileSync(join(repositoryRoot, 'README.md'), 'utf8');

  /** The block of `## The platform`: `component/unit  dependencies (comment)`, continuation lines indented. */
  function platformBlock(): { unit: string; dependencies: string[] }[] {
    const section = readme.slice(readme.indexOf('## The platform'));
    const block = /```\n([\s\S]*?)```/.exec(section)![1]!;
    const entries: { unit: string; text: string }[] = [];
    for (const line of block.split('\n').filter((text) => text.trim().length > 0)) {
      if (/^\s/.test(line)) entries.at(-1)!.text += ` ${line}`;
      else entries.push({ unit: line.split(/\s+/)[0]!, text: line.slice(line.split(/\s+/)[0]!.length) });
    }
    return entries.map((entry) => ({ unit: entry.unit, dependencies: [...entry.text.replace(/\([^)]*\)/g, '').matchAll(/[a-z0-9-]+\/[a-z0-9-]+/g)].map((match) => match[0]) }));
  }

  it.each(environmentNames)('the platform block lists every unit of %s, in an order Flux can apply, each with exactly its dependsOn', (environment) => {
    const render = plan.renders.find((candidate) => candidate.environment.name === environment)!;
    const short = (id: string) => id.split('/').slice(1).join('/');
    const dependencies = new Map([...effectiveDependencies(render)].map(([id, ids]) => [short(id), ids.map(short).sort()]));
    const block = platformBlock();
    expect(block.map((entry) => entry.unit).sort()).toEqual([...dependencies.keys()].sort());
    const seen = new Set<string>();
    for (const entry of block) {
      expect(entry.dependencies.sort(), entry.unit).toEqual(dependencies.get(entry.unit));
      for (const dependency of entry.dependencies) expect(seen.has(dependency), `${entry.unit} is listed before ${dependency}`).toBe(true);
      seen.add(entry.unit);
    }
  });

  it('the number of Renovate regex managers is the one renovate.json declares', () => {
    const managers = (JSON.parse(readFileSync(join(repositoryRoot, 'renovate.json'), 'utf8')) as { customManagers: { customType: string }[] }).customManagers;
    const count = managers.filter((manager) => manager.customType === 'regex').length;
    const numbers = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];
    for (const { file, text } of documents) {
      for (const match of text.matchAll(/\b(\w+) regex managers\b/g)) expect(`${file}: ${match[0]}`).toBe(`${file}: ${numbers[count]} regex managers`);
    }
  });

  it('the layout block names every package once, and every path it names exists', () => {
    const section = readme.slice(readme.indexOf('## Layout'));
    const block = /```\n([\s\S]*?)```/.exec(section)![1]!;
    const paths = block.split('\n').filter((line) => /^\S/.test(line)).map((line) => line.split(/\s+/)[0]!);
    const packages = paths.filter((path) => path.startsWith('packages/')).map((path) => path.replace(/\/$/, ''));
    const onDisk = readdirSync(join(repositoryRoot, 'packages'), { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => `packages/${entry.name}`);
    expect(packages.sort()).toEqual(onDisk.sort());
    for (const path of paths) {
      // `clusters/<env>/…`: what precedes the first placeholder must exist.
      expect(existsSync(join(repositoryRoot, path.split('<')[0]!)), path).toBe(true);
    }
  });
});
