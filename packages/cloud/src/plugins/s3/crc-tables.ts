/** CRC-32C (Castagnoli), reflected polynomial 0x82F63B78, slicing-by-8 tables. */
function crc32cTables(): Uint32Array[] {
  const tables = Array.from({ length: 8 }, () => new Uint32Array(256));
  const base = tables[0] as Uint32Array;
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0x82f63b78 ^ (c >>> 1) : c >>> 1;
    base[n] = c >>> 0;
  }
  for (let t = 1; t < 8; t++) {
    const prev = tables[t - 1] as Uint32Array;
    const table = tables[t] as Uint32Array;
    for (let n = 0; n < 256; n++) table[n] = (base[(prev[n] as number) & 0xff] as number) ^ ((prev[n] as number) >>> 8);
  }
  return tables;
}

const C = crc32cTables();
const [T0, T1, T2, T3, T4, T5, T6, T7] = C as [
  Uint32Array,
  Uint32Array,
  Uint32Array,
  Uint32Array,
  Uint32Array,
  Uint32Array,
  Uint32Array,
  Uint32Array,
];

/** Continues a CRC-32C over `data`; start with 0. */
export function crc32c(data: Uint8Array, previous = 0): number {
  let crc = ~previous >>> 0;
  let i = 0;
  const n = data.length;
  for (; i + 8 <= n; i += 8) {
    const lo = (crc ^ (data[i]! | (data[i + 1]! << 8) | (data[i + 2]! << 16) | (data[i + 3]! << 24))) >>> 0;
    crc =
      T7[lo & 0xff]! ^
      T6[(lo >>> 8) & 0xff]! ^
      T5[(lo >>> 16) & 0xff]! ^
      T4[lo >>> 24]! ^
      T3[data[i + 4]!]! ^
      T2[data[i + 5]!]! ^
      T1[data[i + 6]!]! ^
      T0[data[i + 7]!]!;
  }
  for (; i < n; i++) crc = T0[(crc ^ data[i]!) & 0xff]! ^ (crc >>> 8);
  return ~crc >>> 0;
}

/** CRC-64/NVME, reflected polynomial 0x9A6C9329AC4BC9B5, kept as two 32-bit halves. */
function crc64Tables(): { hi: Uint32Array; lo: Uint32Array } {
  const hi = new Uint32Array(256);
  const lo = new Uint32Array(256);
  const polyHi = 0x9a6c9329;
  const polyLo = 0xac4bc9b5;
  for (let n = 0; n < 256; n++) {
    let h = 0;
    let l = n;
    for (let k = 0; k < 8; k++) {
      const carry = l & 1;
      l = ((l >>> 1) | ((h & 1) << 31)) >>> 0;
      h = h >>> 1;
      if (carry) {
        h = (h ^ polyHi) >>> 0;
        l = (l ^ polyLo) >>> 0;
      }
    }
    hi[n] = h;
    lo[n] = l;
  }
  return { hi, lo };
}

const C64 = crc64Tables();

/** Running CRC-64/NVME state: [high 32 bits, low 32 bits] of the inverted register. */
export type Crc64State = [number, number];

/** Starts a CRC-64/NVME. */
export function crc64Start(): Crc64State {
  return [0xffffffff, 0xffffffff];
}

/** Feeds bytes into a CRC-64/NVME state. */
export function crc64Update(state: Crc64State, data: Uint8Array): void {
  let [h, l] = state;
  for (let i = 0; i < data.length; i++) {
    const index = (l ^ data[i]!) & 0xff;
    l = (((l >>> 8) | (h << 24)) ^ C64.lo[index]!) >>> 0;
    h = ((h >>> 8) ^ C64.hi[index]!) >>> 0;
  }
  state[0] = h;
  state[1] = l;
}

/** The final CRC-64/NVME as 8 big-endian bytes. */
export function crc64Digest(state: Crc64State): Buffer {
  const out = Buffer.alloc(8);
  out.writeUInt32BE(~state[0] >>> 0, 0);
  out.writeUInt32BE(~state[1] >>> 0, 4);
  return out;
}
