/** An IPv4 or IPv6 address as a number, with its family. */
interface ParsedAddress {
  readonly family: 4 | 6;
  readonly value: bigint;
}

function parseIpv4(text: string): bigint | undefined {
  const parts = text.split('.');
  if (parts.length !== 4 || parts.some((part) => !/^[0-9]{1,3}$/.test(part) || Number(part) > 255)) return undefined;
  return parts.reduce((value, part) => (value << 8n) + BigInt(Number(part)), 0n);
}

function parseIpv6(text: string): bigint | undefined {
  if (!/^[0-9a-fA-F:.]+$/.test(text) || (text.match(/::/g) ?? []).length > 1) return undefined;
  let head = text;
  let tailIpv4: bigint | undefined;
  const lastColon = text.lastIndexOf(':');
  if (text.slice(lastColon + 1).includes('.')) {
    tailIpv4 = parseIpv4(text.slice(lastColon + 1));
    if (tailIpv4 === undefined) return undefined;
    head = `${text.slice(0, lastColon + 1)}0:0`;
  }
  const [left, right] = head.includes('::') ? head.split('::') : [head, undefined];
  const leftGroups = left ? left.split(':') : [];
  const rightGroups = right ? right.split(':') : [];
  const missing = 8 - leftGroups.length - rightGroups.length;
  if ((right === undefined && missing !== 0) || (right !== undefined && missing < 1)) return undefined;
  const groups = [...leftGroups, ...Array<string>(right === undefined ? 0 : missing).fill('0'), ...rightGroups];
  if (groups.some((group) => !/^[0-9a-fA-F]{1,4}$/.test(group))) return undefined;
  const value = groups.reduce((sum, group) => (sum << 16n) + BigInt(parseInt(group, 16)), 0n);
  return tailIpv4 === undefined ? value : (value & ~0xffffffffn) | tailIpv4;
}

export function parseAddress(text: string): ParsedAddress | undefined {
  const v4 = parseIpv4(text);
  if (v4 !== undefined) return { family: 4, value: v4 };
  const v6 = parseIpv6(text);
  return v6 === undefined ? undefined : { family: 6, value: v6 };
}

/** Whether `address` lies in `cidr` (same family only, as NetworkPolicy ipBlocks). */
export function cidrContains(cidr: string, address: string): boolean {
  const [network, prefixText] = cidr.split('/');
  const parsedNetwork = parseAddress(network ?? '');
  const parsedAddress = parseAddress(address);
  const bits = parsedNetwork?.family === 4 ? 32 : 128;
  const prefix = Number(prefixText);
  if (!parsedNetwork || !parsedAddress || prefixText === undefined || !Number.isInteger(prefix) || prefix < 0 || prefix > bits) {
    throw new Error(`"${cidr}" / "${address}" is not a CIDR and an address`);
  }
  if (parsedNetwork.family !== parsedAddress.family) return false;
  const shift = BigInt(bits - prefix);
  return parsedNetwork.value >> shift === parsedAddress.value >> shift;
}

/**
 * The first host address of a CIDR (10.0.0.1 for 10.0.0.0/8): where a model of the network places
 * something known only by its range, such as the Kubernetes API servers.
 */
export function firstHostOf(cidr: string): string {
  const [network] = cidr.split('/');
  if (network!.includes(':')) return network!.endsWith('::') ? `${network}1` : network!;
  const parts = network!.split('.').map(Number);
  parts[3] = parts[3]! + 1;
  return parts.join('.');
}
