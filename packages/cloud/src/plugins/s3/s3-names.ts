import { randomBytes } from 'node:crypto';

/** Whether `name` follows S3's bucket naming rules (3–63 chars, lowercase, digits, dots, hyphens). */
export function isValidBucketName(name: string): boolean {
  if (name.length < 3 || name.length > 63) return false;
  if (!/^[a-z0-9][a-z0-9.-]*[a-z0-9]$/.test(name)) return false;
  if (name.includes('..') || name.includes('.-') || name.includes('-.')) return false;
  if (/^\d+\.\d+\.\d+\.\d+$/.test(name)) return false;
  return !name.startsWith('xn--') && !name.endsWith('-s3alias');
}

/** A new object version id: 32 URL-safe characters, like S3's opaque ids. */
export function newVersionId(): string {
  return randomBytes(24).toString('base64url');
}

/** A new multipart upload id. */
export function newUploadId(): string {
  return randomBytes(36).toString('base64url');
}
