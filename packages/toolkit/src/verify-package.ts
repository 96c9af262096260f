import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { silentIoHost, UserInputError, type IoHost, messages } from '@toolkit/core';
import {
  addValidity,
  evaluateSignature,
  parseTrustData,
  type SignatureValidity,
  type TrustData,
  type Verdict,
} from '@toolkit/signing';
import { allowedPublishersOfCsc } from './csc-allowed-publishers.ts';
import { localStateDir, type TargetOptions } from './aws-session.ts';
import { OptionError } from './option-error.ts';
import { notifyTrustedPublishers, notifyTrustFileOld } from './trust-notices.ts';

/** Input of `verifyPackage`: the offline gatekeeper check of one signed zip. */
export interface VerifyPackageOptions {
  zipFile: string;
  /** A trust file from `toolkit local trust export`; else the local cloud's state folder is read. */
  trustFile?: string;
  /** The local cloud's state folder; default the project's (see `resolveStateDir`). */
  stateDir?: string;
  /** Environment for the default state folder (`XDG_STATE_HOME`, `HOME`); default `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** The code signing configuration's allowed publishers. */
  allowedProfileVersionArns?: readonly string[];
  /** Take the allowed publishers from this code signing configuration, read with Lambda's GetCodeSigningConfig on `target`. */
  allowedProfilesFromCsc?: string;
  /** Where GetCodeSigningConfig goes (the local cloud by default). */
  target?: TargetOptions;
  /** Warn when the trust file was exported longer ago than this (calendar units). Default 1 day. */
  maxTrustAge?: SignatureValidity;
  policy?: 'warn' | 'enforce';
  /** Evaluate as of this time (ISO-8601); default now. */
  at?: string;
  cwd?: string;
}

/** Where the allowed publishers came from: the flag, a code signing configuration, or (Warn only) every version in the trust data. */
export type AllowedPublishersSource = 'flag' | 'code-signing-config' | 'trust';

/** The verdict, plus how it was reached. */
export interface VerifyPackageResult extends Verdict {
  zipFile: string;
  policy: 'warn' | 'enforce';
  at: string;
  allowedPublishers: { from: AllowedPublishersSource; profileVersionArns: string[] };
}

/** Default of `--max-trust-age`: a day-old trust file may miss a day of revocations. */
export const DEFAULT_MAX_TRUST_AGE: SignatureValidity = { value: 1, type: 'DAYS' };

/** Applies Lambda's code signing verdict to a zip offline: integrity, signature, publisher, expiry, revocation. */
export async function verifyPackage(
  options: VerifyPackageOptions,
  io: IoHost = silentIoHost,
): Promise<VerifyPackageResult> {
  const cwd = options.cwd ?? process.cwd();
  const zipFile = resolve(cwd, options.zipFile);
  const zip = await readFile(zipFile).catch(() => {
    throw new UserInputError(messages.ZipNotFound, `${zipFile}: cannot read the package`);
  });
  const { trust, source } = await loadTrust(options, cwd);
  const at = options.at === undefined ? new Date() : new Date(options.at);
  if (Number.isNaN(at.getTime()))
    throw new OptionError(messages.InvalidTime, 'at', (n) => `${n('at')}: "${options.at}" is not an ISO-8601 time`);
  const policy = options.policy ?? 'enforce';
  if (options.trustFile) warnIfStale(trust, source, options.maxTrustAge ?? DEFAULT_MAX_TRUST_AGE, io);
  const allowedPublishers = await chooseAllowedPublishers(options, trust, source, policy, io);
  const verdict = evaluateSignature({
    zip,
    allowedProfileVersionArns: allowedPublishers.profileVersionArns,
    policy: policy === 'warn' ? 'Warn' : 'Enforce',
    trust,
    at,
  });
  return { ...verdict, zipFile, policy, at: at.toISOString(), allowedPublishers };
}

/**
 * A code signing configuration always names its publishers, so under Enforce the gatekeeper must too:
 * accepting any profile version in the trust data would pass code a CSC rejects. Under Warn it may
 * fall back to them, and says which it trusted.
 */
async function chooseAllowedPublishers(
  options: VerifyPackageOptions,
  trust: TrustData,
  source: string,
  policy: 'warn' | 'enforce',
  io: IoHost,
): Promise<VerifyPackageResult['allowedPublishers']> {
  if (options.allowedProfileVersionArns?.length) {
    if (options.allowedProfilesFromCsc) {
      throw new OptionError(
        messages.ConflictingPublishers,
        'allowedProfilesFromCsc',
        (n) => `${n('allowedProfilesFromCsc')}: give either it or ${n('allowedProfileVersionArns')}, not both`,
      );
    }
    return { from: 'flag', profileVersionArns: [...options.allowedProfileVersionArns] };
  }
  if (options.allowedProfilesFromCsc) {
    const profileVersionArns = await allowedPublishersOfCsc(options.allowedProfilesFromCsc, {
      cwd: options.cwd,
      ...options.target,
    });
    notifyTrustedPublishers(io, {
      from: 'code-signing-config',
      source: options.allowedProfilesFromCsc,
      profileVersionArns,
      option: null,
    });
    return { from: 'code-signing-config', profileVersionArns };
  }
  if (policy === 'enforce') {
    throw new OptionError(
      messages.AllowedPublishersRequired,
      'allowedProfileVersionArns',
      (n) =>
        `${n('allowedProfileVersionArns')}: under ${n('policy')} enforce, name the allowed publishers as a code signing configuration does: ` +
        `${n('allowedProfileVersionArns')} <profile version ARN> (repeatable) or ${n('allowedProfilesFromCsc')} <code signing config ARN>. ` +
        `Without them every profile version in ${source} would be trusted; ${n('policy')} warn does that and lists them.`,
    );
  }
  const profileVersionArns = trust.profileVersions.map((v) => v.profileVersionArn);
  notifyTrustedPublishers(io, { from: 'trust', source, profileVersionArns, option: 'allowedProfileVersionArns' });
  return { from: 'trust', profileVersionArns };
}

/** A trust file is a snapshot: revocations made after its export are not in it. */
function warnIfStale(trust: TrustData, source: string, maxAge: SignatureValidity, io: IoHost): void {
  const now = new Date();
  if (trust.exportedAt === undefined || Number.isNaN(Date.parse(trust.exportedAt))) {
    io.notify(
      messages.TrustAgeUnknown.msg(
        `${source} records no export time (exportedAt): revocations made since it was written are not checked; export it again with \`toolkit local trust export\``,
      ),
    );
    return;
  }
  const exportedAt = new Date(trust.exportedAt);
  if (addValidity(exportedAt, maxAge).getTime() >= now.getTime()) return;
  const days = Math.floor((now.getTime() - exportedAt.getTime()) / 86_400_000);
  notifyTrustFileOld(io, {
    source,
    exportedAt: trust.exportedAt,
    days,
    maxTrustAge: `${maxAge.value} ${maxAge.type.toLowerCase()}`,
    option: 'maxTrustAge',
  });
}

async function loadTrust(options: VerifyPackageOptions, cwd: string): Promise<{ trust: TrustData; source: string }> {
  if (options.trustFile) {
    const path = resolve(cwd, options.trustFile);
    const text = await readFile(path, 'utf8').catch(() => {
      throw new OptionError(messages.TrustFileNotFound, 'trustFile', (n) => `${n('trustFile')}: cannot read ${path}`);
    });
    try {
      return { trust: parseTrustData(text), source: path };
    } catch (error) {
      throw new OptionError(
        messages.InvalidTrustFile,
        'trustFile',
        (n) => `${n('trustFile')}: ${path}: ${(error as Error).message}`,
        { cause: error },
      );
    }
  }
  const { exportTrust } = await import('@toolkit/cloud');
  const stateDir = await localStateDir({ ...options, cwd });
  return { trust: exportTrust(stateDir), source: `the local cloud state ${stateDir}` };
}
