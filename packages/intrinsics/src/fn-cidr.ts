import { invalidArgumentsError } from './intrinsic-error.ts';
import type { ResolveValue } from './intrinsic-shape.ts';

/** `Fn::Cidr: [ipBlock, count, cidrBits]`: `count` subnets with `cidrBits` host bits each. */
export function fnCidr(args: unknown, resolve: ResolveValue): string[] {
  if (!Array.isArray(args) || args.length !== 3) {
    throw invalidArgumentsError(
      'Fn::Cidr requires three parameters: an ipBlock, the count of subnets and the cidrBits',
    );
  }
  const block = resolve(args[0]);
  const count = toInteger(resolve(args[1]));
  const cidrBits = toInteger(resolve(args[2]));
  if (typeof block !== 'string' || count === undefined || cidrBits === undefined) {
    throw invalidArgumentsError('Fn::Cidr requires an ipBlock string and integer count and cidrBits');
  }
  const parsed = parseCidr(block);
  if (parsed === undefined) throw invalidArgumentsError(`Fn::Cidr: ${block} is not a valid CIDR block`);
  const width = parsed.v6 ? 128 : 32;
  const subnetPrefix = width - cidrBits;
  if (count < 1 || count > 256 || cidrBits < 1 || subnetPrefix < parsed.prefix) {
    throw invalidArgumentsError(`Fn::Cidr cannot split ${block} into ${count} subnets with ${cidrBits} host bits`);
  }
  if (2n ** BigInt(subnetPrefix - parsed.prefix) < BigInt(count)) {
    throw invalidArgumentsError(`Fn::Cidr: ${block} does not have room for ${count} subnets of /${subnetPrefix}`);
  }
  const hostMask = (1n << BigInt(width - parsed.prefix)) - 1n;
  const network = parsed.address & ~hostMask;
  const step = 1n << BigInt(cidrBits);
  const result: string[] = [];
  for (let i = 0n; i < BigInt(count); i++) {
    const address = network + i * step;
    result.push(`${parsed.v6 ? formatV6(address) : formatV4(address)}/${subnetPrefix}`);
  }
  return result;
}

function toInteger(value: unknown): number | undefined {
  const n = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  return typeof n === 'number' && Number.isInteger(n) ? n : undefined;
}

function parseCidr(block: string): { address: bigint; prefix: number; v6: boolean } | undefined {
  const [ip, prefixText] = block.split('/');
  if (ip === undefined || prefixText === undefined || !/^\d+$/.test(prefixText)) return undefined;
  const prefix = Number(prefixText);
  const v6 = ip.includes(':');
  const address = v6 ? parseV6(ip) : parseV4(ip);
  if (address === undefined || prefix > (v6 ? 128 : 32)) return undefined;
  return { address, prefix, v6 };
}

function parseV4(ip: string): bigint | undefined {
  const octets = ip.split('.');
  if (octets.length !== 4 || octets.some((o) => !/^\d{1,3}$/.test(o) || Number(o) > 255)) return undefined;
  return octets.reduce((acc, o) => (acc << 8n) | BigInt(o), 0n);
}

function parseV6(ip: string): bigint | undefined {
  const halves = ip.split('::');
  if (halves.length > 2) return undefined;
  const head = halves[0] ? halves[0].split(':') : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  const missing = 8 - head.length - tail.length;
  if ((halves.length === 1 && missing !== 0) || missing < 0) return undefined;
  const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail];
  if (groups.some((g) => !/^[0-9a-fA-F]{1,4}$/.test(g))) return undefined;
  return groups.reduce((acc, g) => (acc << 16n) | BigInt(parseInt(g, 16)), 0n);
}

function formatV4(address: bigint): string {
  return [24n, 16n, 8n, 0n].map((shift) => String((address >> shift) & 255n)).join('.');
}

/** RFC 5952 text: lowercase, the longest run of two or more zero groups shortened to `::`. */
function formatV6(address: bigint): string {
  const groups = Array.from({ length: 8 }, (_, i) => Number((address >> BigInt((7 - i) * 16)) & 0xffffn));
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) [bestStart, bestLength] = [i, j - i];
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
}
