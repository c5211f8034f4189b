/**
 * What hand-written Markdown claims about the platform, extracted so tests can hold each claim
 * against the render: Vault commands and paths, Kubernetes auth mounts and roles, Secret names,
 * and the `o4g` commands it tells an operator to run.
 */

/** A claim and where it is written, for a failure message that leads to the line. */
export interface Located<T> {
  readonly file: string;
  readonly line: number;
  readonly claim: T;
}

export interface VaultWrite {
  readonly verb: 'put' | 'patch';
  readonly path: string;
  readonly keys: readonly string[];
}

export interface O4gCommand {
  readonly text: string;
  readonly command: string;
  readonly flags: readonly string[];
  readonly positionals: readonly string[];
}

function eachLine<T>(file: string, markdown: string, extract: (line: string) => T[]): Located<T>[] {
  return markdown.split('\n').flatMap((text, index) => extract(text).map((claim) => ({ file, line: index + 1, claim })));
}

/** The argument words of a shell command as written: up to a comment, a pipe or the end of its code span. */
function words(rest: string): string[] {
  return rest
    .split(/`|\s#|\s\|\s|\s&&\s|\)\s|\)$|;/)[0]!
    .trim()
    .split(/\s+/)
    .filter((word) => word.length > 0);
}

/** `vault kv put|patch <path> KEY=…`: the path and the keys written. */
export function vaultWritesIn(file: string, markdown: string): Located<VaultWrite>[] {
  return eachLine(file, markdown, (line) =>
    [...line.matchAll(/vault kv (put|patch) ((?:-\S+ )*)(\S+)((?: [^\s=`]+=\S*)*)/g)].map((match) => ({
      verb: match[1] as 'put' | 'patch',
      path: match[3]!,
      keys: words(match[4] ?? '').map((pair) => pair.split('=')[0]!),
    })),
  );
}

/** Every KV path under the `secret/` mount the text names (policies' `secret/data/…` included). */
export function vaultPathsIn(file: string, markdown: string, kvMount: string): Located<string>[] {
  const pattern = new RegExp(`(?<![\\w/.-])${kvMount}/[A-Za-z0-9<>_.*/-]+`, 'g');
  return eachLine(file, markdown, (line) => [...line.matchAll(pattern)].map((match) => match[0]));
}

/** Kubernetes auth mounts (`vault auth enable -path=…`, `auth/<mount>/…`) and roles (`auth/<mount>/role/<role>`). */
export function vaultAuthIn(file: string, markdown: string): Located<{ readonly mount: string; readonly role?: string }>[] {
  return eachLine(file, markdown, (line) => [
    ...[...line.matchAll(/vault auth enable -path=(\S+) kubernetes/g)].map((match) => ({ mount: match[1]! })),
    ...[...line.matchAll(/(?<![\w/-])auth\/([A-Za-z0-9<>_-]+)\/(?:config|role\/([A-Za-z0-9<>_-]+))/g)].map((match) => ({
      mount: match[1]!,
      ...(match[2] ? { role: match[2] } : {}),
    })),
  ]);
}

/**
 * Secret names the text gives: "Secret `x`", "`x` Secret", and the names the platform's
 * convention gives Secrets (`…-credentials`, `…-s3`).
 */
export function secretNamesIn(file: string, markdown: string): Located<string>[] {
  return eachLine(file, markdown, (line) => {
    const names = new Set<string>();
    for (const match of line.matchAll(/\bSecrets? `([a-z0-9]+(?:-[a-z0-9]+)+)`/g)) names.add(match[1]!);
    for (const match of line.matchAll(/`([a-z0-9]+(?:-[a-z0-9]+)+)` Secret\b/g)) names.add(match[1]!);
    for (const match of line.matchAll(/(?<![\w/.-])([a-z0-9]+(?:-[a-z0-9]+)*(?:-credentials|(?<!-to)-s3))(?![\w.-])/g)) names.add(match[1]!);
    return [...names];
  });
}

/** `npx o4g …` anywhere, and a code span starting with `o4g …`. */
export function o4gCommandsIn(file: string, markdown: string): Located<O4gCommand>[] {
  return eachLine(file, markdown, (line) =>
    [...line.matchAll(/(?:npx o4g|`o4g) ([^`\n]*)/g)].flatMap((match) => {
      const argv = words(match[1]!);
      const command = /^[a-z]+/.exec(argv[0] ?? '')?.[0];
      if (!command) return [];
      const rest = argv.slice(1);
      return [
        {
          text: `o4g ${argv.join(' ')}`,
          command,
          flags: rest.flatMap((word) => [...word.matchAll(/(?:^|\[)--([a-z][a-z-]*)/g)].map((flag) => flag[1]!)),
          positionals: rest.filter((word) => !/^\[?--/.test(word) && !/^\[/.test(word)),
        },
      ];
    }),
  );
}

/**
 * A documented path as a pattern: `<env>` (and `open4goods-<env>`) stands for the environment's
 * name, any other `<placeholder>` for one path segment.
 */
export function documentedPathPattern(path: string, environmentName: string): RegExp {
  const escaped = path
    .split(/(<[^>]+>)/)
    .map((part) => (part === '<env>' ? environmentName : /^<[^>]+>$/.test(part) ? '\u0000' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('')
    .replace(/\u0000/g, '[^/]+');
  return new RegExp(`^${escaped}$`);
}
