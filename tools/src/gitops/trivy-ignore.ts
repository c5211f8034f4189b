import { parse } from 'yaml';

// Sections of Trivy's YAML ignore file (.trivyignore.yaml).
const sections = ['vulnerabilities', 'misconfigurations', 'secrets', 'licenses'] as const;

/**
 * What is wrong with an accepted-risk file: every entry must name the finding (`id`), say why it
 * is accepted (`statement`) and until when (`expired_at`, YYYY-MM-DD), so no risk is accepted
 * for ever or without a reason.
 */
export function acceptedRiskProblems(text: string): string[] {
  const document = parse(text) as Record<string, unknown> | null;
  if (!document || typeof document !== 'object' || Array.isArray(document)) return ['expected a mapping of sections (vulnerabilities, misconfigurations…)'];
  const problems: string[] = [];
  for (const [section, entries] of Object.entries(document)) {
    if (!(sections as readonly string[]).includes(section)) {
      problems.push(`${section}: unknown section, expected one of ${sections.join(', ')}`);
      continue;
    }
    if (entries === null) continue;
    if (!Array.isArray(entries)) {
      problems.push(`${section}: expected a list of entries`);
      continue;
    }
    entries.forEach((entry: Record<string, unknown>, index) => {
      const where = `${section}[${index}]${typeof entry?.id === 'string' ? ` (${entry.id})` : ''}`;
      if (typeof entry?.id !== 'string' || entry.id === '') problems.push(`${where}: id is missing`);
      if (typeof entry?.statement !== 'string' || entry.statement.trim() === '') problems.push(`${where}: statement is missing: say why the risk is accepted`);
      const expiry = entry?.expired_at instanceof Date ? entry.expired_at.toISOString().slice(0, 10) : entry?.expired_at;
      if (typeof expiry !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(expiry)) {
        problems.push(`${where}: expired_at is missing: give the date (YYYY-MM-DD) after which the risk is reviewed again`);
      }
    });
  }
  return problems;
}
