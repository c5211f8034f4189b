/**
 * Parsers for the units environments are written in. Each returns `undefined` on malformed
 * input so validation can report the field with the expected form.
 */

const durationUnits: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 };

/** `90s`, `30m`, `1h`, `7d`, `2w` → seconds. */
export function parseDurationSeconds(text: string): number | undefined {
  const match = /^([1-9][0-9]*)([smhdw])$/.exec(text);
  if (!match) return undefined;
  return Number(match[1]) * durationUnits[match[2]!]!;
}

const binarySuffixes: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40 };
const decimalSuffixes: Record<string, number> = { '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12 };

/** A memory or storage quantity (`512Mi`, `50Gi`, `1G`) → bytes. */
export function parseByteQuantity(text: string): number | undefined {
  const match = /^([0-9]+(?:\.[0-9]+)?)(Ki|Mi|Gi|Ti|k|M|G|T|)$/.exec(text);
  if (!match) return undefined;
  const factor = binarySuffixes[match[2]!] ?? decimalSuffixes[match[2]!]!;
  return Math.round(Number(match[1]) * factor);
}

/** A CPU quantity (`250m`, `1`, `1.5`) → millicores. */
export function parseCpuMillicores(text: string): number | undefined {
  const match = /^([0-9]+(?:\.[0-9]+)?)(m?)$/.exec(text);
  if (!match) return undefined;
  const value = Number(match[1]);
  return match[2] === 'm' ? value : Math.round(value * 1000);
}
