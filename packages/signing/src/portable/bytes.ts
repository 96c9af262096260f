// Byte helpers that run in Node and in browsers alike (no Buffer): the portable verifier reads zips with these.

/** The unsigned 16-bit little-endian number at `at`; RangeError past the end, as Buffer's readers do. */
export function u16(bytes: Uint8Array, at: number): number {
  if (at < 0 || at + 2 > bytes.length) throw new RangeError(`offset ${at} is outside the ${bytes.length} bytes`);
  return bytes[at]! | (bytes[at + 1]! << 8);
}

/** The unsigned 32-bit little-endian number at `at`; RangeError past the end. */
export function u32(bytes: Uint8Array, at: number): number {
  if (at < 0 || at + 4 > bytes.length) throw new RangeError(`offset ${at} is outside the ${bytes.length} bytes`);
  return (bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16)) + bytes[at + 3]! * 0x1000000;
}

/** One character per byte (latin1), so equal strings mean equal bytes. */
export function latin1(bytes: Uint8Array): string {
  let text = '';
  for (let at = 0; at < bytes.length; at += 0x8000)
    text += String.fromCharCode(...bytes.subarray(at, Math.min(at + 0x8000, bytes.length)));
  return text;
}

/** The bytes of a latin1 string (each character's low byte). */
export function latin1Bytes(text: string): Uint8Array {
  return Uint8Array.from(text, (c) => c.charCodeAt(0) & 0xff);
}

/** True when both hold the same bytes. */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Lowercase hex. */
export function hex(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) text += byte.toString(16).padStart(2, '0');
  return text;
}

/** Standard base64 with padding. */
export function toBase64(bytes: Uint8Array): string {
  return btoa(latin1(bytes));
}

/** Decodes standard base64, refusing any text that is not the one canonical encoding of its bytes. */
export function strictBase64(text: string): Uint8Array {
  let bytes: Uint8Array;
  try {
    bytes = latin1Bytes(atob(text));
  } catch {
    throw new Error('not base64');
  }
  if (toBase64(bytes) !== text) throw new Error('not canonical base64');
  return bytes;
}

/** Decodes base64url without padding, refusing anything that would not re-encode to the same text. */
export function strictBase64Url(text: string): Uint8Array {
  if (/[+/=]/.test(text)) throw new Error('not canonical base64url');
  const standard = text.replaceAll('-', '+').replaceAll('_', '/');
  let bytes: Uint8Array;
  try {
    bytes = latin1Bytes(atob(standard + '='.repeat((4 - (standard.length % 4)) % 4)));
  } catch {
    throw new Error('not base64url');
  }
  if (toBase64(bytes).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '') !== text)
    throw new Error('not canonical base64url');
  return bytes;
}
