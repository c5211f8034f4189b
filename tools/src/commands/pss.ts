import { readFileSync } from 'node:fs';
import { podTemplatesOf } from '@open4goods/kit';
import { parseAllDocuments } from 'yaml';
import { checkPodSecurity, describeVerdict, isControlledLevel } from '../pod-security/check.ts';
import type { Output } from '../output.ts';

/** `o4g pss --level <baseline|restricted> <files...>`: a verdict per pod spec; exit 1 on any violation. */
export function runPss(level: string | undefined, files: readonly string[], output: Output): number {
  if (!level || !isControlledLevel(level)) {
    output.err(`o4g pss: --level must be baseline or restricted, got ${level === undefined ? 'nothing' : JSON.stringify(level)}\n`);
    return 2;
  }
  if (files.length === 0) {
    output.err('o4g pss: give the YAML files to check: o4g pss --level restricted <files...>\n');
    return 2;
  }
  let pods = 0;
  let violations = 0;
  for (const file of files) {
    const documents = parseAllDocuments(readFileSync(file, 'utf8'));
    const objects = (Array.isArray(documents) ? documents : [documents]).map((document) => {
      if (document.errors.length > 0) throw new Error(`${file}: ${document.errors[0]!.message}`);
      return document.toJSON() as unknown;
    });
    for (const pod of podTemplatesOf(objects.flatMap((object) => (object && typeof object === 'object' && 'items' in object ? (object as { items: unknown[] }).items : [object])))) {
      pods++;
      const verdict = checkPodSecurity(pod, level);
      if (!verdict.allowed) violations++;
      output.out(`${verdict.allowed ? 'PASS' : 'FAIL'} ${file}: ${describeVerdict(verdict)}\n`);
    }
  }
  output.out(`${pods} pod spec${pods === 1 ? '' : 's'} checked at ${level}: ${violations === 0 ? 'all allowed' : `${violations} violate${violations === 1 ? 's' : ''} it`}\n`);
  return violations === 0 ? 0 : 1;
}
