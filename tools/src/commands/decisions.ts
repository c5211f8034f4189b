import { type OpenDecision, openDecisionsOf } from '@open4goods/environments';
import type { Output } from '../output.ts';
import { type Workspace, environmentNamed } from '../workspace.ts';

export function describeOpenDecisions(environmentName: string, open: readonly OpenDecision[], appsSuspended: boolean): string {
  const names = open.map((decision) => decision.name).join(', ');
  const consequence = appsSuspended
    ? `its apps Flux Kustomizations are generated with suspend: true (no ${environmentName} until MySQL, S3, FQDN and RPO/RTO are locked)`
    : 'rendering with the proposed values';
  return `${environmentName}: ${open.length} open decision${open.length === 1 ? '' : 's'} (${names}); ${consequence}\n`;
}

/** `o4g decisions <env>`: every decision with its status, value and, when open, its question. */
export function runDecisions(workspace: Workspace, environmentName: string, output: Output): number {
  const environment = environmentNamed(workspace, environmentName);
  const open = new Set(openDecisionsOf(environment).map((decision) => decision.name));
  output.out(`Decisions of ${environment.name} (${environment.sourceFile}):\n`);
  for (const [name, decision] of Object.entries(environment.decisions)) {
    output.out(`  ${open.has(name as never) ? 'OPEN  ' : 'locked'}  ${name} = ${JSON.stringify(decision.value)}\n`);
    if (decision.status === 'open') output.out(`          question: ${decision.question}\n`);
  }
  output.out(open.size === 0 ? 'All decisions are locked.\n' : `${open.size} decision${open.size === 1 ? ' is' : 's are'} open.\n`);
  return 0;
}
