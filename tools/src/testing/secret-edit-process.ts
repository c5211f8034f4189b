import { pathToFileURL } from 'node:url';
import { runSecrets } from '../commands/secrets.ts';
import { processOutput } from '../output.ts';
import type { Workspace } from '../workspace.ts';
import { defaultsFixture, fixtureComponent, fixtureEnvironment } from './fixtures.ts';

// `o4g secrets edit|set` as a process of its own on a fixture workspace, for the tests that signal
// it and its editor: node --experimental-transform-types secret-edit-process.ts <root> <recipient> <action> [KEY=VALUE...]

export const editedSecret = 'app-credentials';
export const editedSecretFile = `clusters/gamma/secrets/open4goods-gamma.${editedSecret}.sops.yaml`;

/** One environment `gamma` encrypting to `recipient`, one component declaring the Secret `app-credentials`. */
export function secretEditWorkspace(root: string, recipient: string): Workspace {
  const component = fixtureComponent({
    name: 'web',
    secrets: (environment) => [
      {
        unit: 'main',
        name: editedSecret,
        namespace: environment.appNamespace,
        description: 'what the web app logs in with',
        keys: [
          { name: 'user', description: 'the login' },
          { name: 'password', description: 'its password' },
        ],
      },
    ],
  });
  return { root, defaults: defaultsFixture(), environments: [fixtureEnvironment('gamma', { sops: { ageRecipients: [recipient] } })], components: [component] };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [root, recipient, action, ...rest] = process.argv.slice(2);
  try {
    process.exitCode = await runSecrets(secretEditWorkspace(root!, recipient!), [action!, 'gamma', editedSecret, ...rest], processOutput);
  } catch (error) {
    process.stderr.write(`o4g secrets: ${(error as Error).message}\n`);
    process.exitCode = 1;
  }
}
