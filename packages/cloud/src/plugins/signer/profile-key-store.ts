import { createPrivateKey, type KeyObject } from 'node:crypto';
import { mkdir, chmod, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '@toolkit/core';

/**
 * Private keys of profile versions, one PEM file each under
 * `<stateDir>/signer/keys/` (folder 0700, files 0600). They never leave the
 * state directory: no API returns them.
 */
export class ProfileKeyStore {
  private readonly dir: string;
  private readonly cache = new Map<string, KeyObject>();

  constructor(stateDir: string) {
    this.dir = join(stateDir, 'signer', 'keys');
  }

  /** Stores a version's private key durably before the version is recorded. */
  async save(profileVersion: string, privateKeyPem: string): Promise<void> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    await chmod(this.dir, 0o700);
    await writeFileAtomic(this.pathOf(profileVersion), privateKeyPem, 0o600);
  }

  /** The version's private key. */
  async load(profileVersion: string): Promise<KeyObject> {
    const cached = this.cache.get(profileVersion);
    if (cached) return cached;
    const key = createPrivateKey(await readFile(this.pathOf(profileVersion), 'utf8'));
    this.cache.set(profileVersion, key);
    return key;
  }

  /** Where a version's key file lives. */
  pathOf(profileVersion: string): string {
    return join(this.dir, `${profileVersion}.pem`);
  }
}
