import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { UserInputError } from '@toolkit/core';
import { evaluateSignature, parseTrustData, type TrustData, type Verdict } from '@toolkit/signing';
import { localStateDir } from './aws-session.ts';

/** Input of `verifyPackage`: the offline gatekeeper check of one signed zip. */
export interface VerifyPackageOptions {
  zipFile: string;
  /** A trust file from `toolkit local trust export`; else the local cloud's state folder is read. */
  trustFile?: string;
  /** The local cloud's state folder; default the project's (see `resolveStateDir`). */
  stateDir?: string;
  /** Environment for the default state folder (`XDG_STATE_HOME`, `HOME`); default `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** The code signing configuration's allowed publishers; default: every profile version in the trust data. */
  allowedProfileVersionArns?: readonly string[];
  policy?: 'warn' | 'enforce';
  /** Evaluate as of this time (ISO-8601); default now. */
  at?: string;
  cwd?: string;
}

/** The verdict, plus which trust source was used. */
export interface VerifyPackageResult extends Verdict {
  zipFile: string;
  policy: 'warn' | 'enforce';
  at: string;
}

/** Applies Lambda's code signing verdict to a zip offline: integrity, signature, publisher, expiry, revocation. */
export async function verifyPackage(options: VerifyPackageOptions): Promise<VerifyPackageResult> {
  const cwd = options.cwd ?? process.cwd();
  const zipFile = resolve(cwd, options.zipFile);
  const zip = await readFile(zipFile).catch(() => {
    throw new UserInputError('ZipNotFound', `${zipFile}: cannot read the package`);
  });
  const trust = await loadTrust(options, cwd);
  const at = options.at === undefined ? new Date() : new Date(options.at);
  if (Number.isNaN(at.getTime())) throw new UserInputError('InvalidTime', `--at: "${options.at}" is not an ISO-8601 time`);
  const policy = options.policy ?? 'enforce';
  const verdict = evaluateSignature({
    zip,
    allowedProfileVersionArns: options.allowedProfileVersionArns?.length
      ? options.allowedProfileVersionArns
      : trust.profileVersions.map((v) => v.profileVersionArn),
    policy: policy === 'warn' ? 'Warn' : 'Enforce',
    trust,
    at,
  });
  return { ...verdict, zipFile, policy, at: at.toISOString() };
}

async function loadTrust(options: VerifyPackageOptions, cwd: string): Promise<TrustData> {
  if (options.trustFile) {
    const path = resolve(cwd, options.trustFile);
    const text = await readFile(path, 'utf8').catch(() => {
      throw new UserInputError('TrustFileNotFound', `--trust: cannot read ${path}`);
    });
    try {
      return parseTrustData(text);
    } catch (error) {
      throw new UserInputError('InvalidTrustFile', `--trust: ${path}: ${(error as Error).message}`);
    }
  }
  const { exportTrust } = await import('@toolkit/cloud');
  return exportTrust(await localStateDir({ ...options, cwd }));
}
