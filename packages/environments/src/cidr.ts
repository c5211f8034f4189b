import { isIPv4, isIPv6 } from 'node:net';

/**
 * What is wrong with a CIDR, or undefined when it is one: an IPv4 or IPv6 network address and a
 * prefix length, with no host bit set (`10.0.0.1/8` names a host, not a network; Kubernetes warns
 * about such blocks and will refuse them).
 */
export function cidrProblem(text: string): string | undefined {
  const match = /^([^/]+)\/(0|[1-9][0-9]{0,2})$/.exec(text);
  if (!match) return 'an address, "/" and a prefix length';
  const [, address, prefixText] = match as unknown as [string, string, string];
  const bits = isIPv4(address) ? 32 : isIPv6(address) ? 128 : undefined;
  if (bits === undefined) return `"${address}" is not an IPv4 or IPv6 address`;
  const prefix = Number(prefixText);
  if (prefix > bits) return `the prefix length is at most ${bits}`;
  const value = bits === 32 ? ipv4Value(address) : ipv6Value(address);
  const hostBits = BigInt(bits - prefix);
  const network = (value >> hostBits) << hostBits;
  if (network !== value) return `host bits are set: did you mean "${bits === 32 ? ipv4Text(network) : ipv6Text(network)}/${prefix}"?`;
  return undefined;
}

function ipv4Value(address: string): bigint {
  return address.split('.').reduce((value, octet) => (value << 8n) | BigInt(Number(octet)), 0n);
}

function ipv4Text(value: bigint): string {
  return [24n, 16n, 8n, 0n].map((shift) => String((value >> shift) & 255n)).join('.');
}

function ipv6Value(address: string): bigint {
  // An embedded IPv4 tail (::ffff:10.0.0.1) becomes two groups.
  const tail = /(\d+\.\d+\.\d+\.\d+)$/.exec(address);
  const text = tail ? address.replace(tail[1]!, ((v) => `${(v >> 16n).toString(16)}:${(v & 0xffffn).toString(16)}`)(ipv4Value(tail[1]!))) : address;
  const [head, rest] = text.split('::') as [string, string | undefined];
  const headGroups = head ? head.split(':') : [];
  const restGroups = rest ? rest.split(':') : [];
  const groups = rest === undefined ? headGroups : [...headGroups, ...Array<string>(8 - headGroups.length - restGroups.length).fill('0'), ...restGroups];
  return groups.reduce((value, group) => (value << 16n) | BigInt(parseInt(group, 16)), 0n);
}

function ipv6Text(value: bigint): string {
  const groups = Array.from({ length: 8 }, (_, index) => ((value >> BigInt((7 - index) * 16)) & 0xffffn).toString(16));
  // The longest run of zero groups (two or more) is written "::".
  let best = { start: -1, length: 0 };
  for (let start = 0; start < 8; start++) {
    let length = 0;
    while (start + length < 8 && groups[start + length] === '0') length++;
    if (length > best.length) best = { start, length };
  }
  if (best.length < 2) return groups.join(':');
  return `${groups.slice(0, best.start).join(':')}::${groups.slice(best.start + best.length).join(':')}`;
}
