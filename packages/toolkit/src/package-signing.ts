import { dirname, join } from 'node:path';
import { UserInputError, ToolkitError, type IoHost, messages } from '@toolkit/core';
import type { BuiltArtifact } from '@toolkit/build';
import {
  resolveProfiles,
  signArtifacts,
  SignatureCache,
  signedContentOfFile,
  type ResolvedProfile,
  type SignatureValidity,
  type SignedContent,
  type SignResult,
  type UploadedArtifact,
} from '@toolkit/signing';
import type { AwsSession } from './aws-session.ts';
import { OptionError } from './option-error.ts';
import type { CodePlanEntry, PackagePlanEntry } from './package-plan.ts';
import { pairInOrder } from './package-step-results.ts';

/** A code entry of the plan once built and uploaded. */
export interface UploadedEntry {
  entry: CodePlanEntry;
  built: BuiltArtifact;
  uploaded: UploadedArtifact;
}

/** An uploaded entry and its signature (null when the plan signs it with nothing). */
export interface SignedEntry extends UploadedEntry {
  signature: SignResult | null;
}

/** How signing runs: where signed objects go and the caller's limits. */
export interface SigningSettings {
  templateFile: string;
  bucket: string;
  prefix: string;
  concurrency?: number;
  minSignatureValidity?: SignatureValidity;
  signingTimeoutMs?: number;
}

/** The current version of every profile the plan names; a missing or inactive one is an error naming the option. */
export async function resolvePlannedProfiles(
  session: AwsSession,
  plan: readonly PackagePlanEntry[],
): Promise<Map<string, ResolvedProfile>> {
  const choices = plan.flatMap((entry) => (entry.sign ? [entry.sign] : []));
  if (choices.length === 0) return new Map();
  try {
    return await resolveProfiles(session.signer, choices, { target: session.target });
  } catch (error) {
    if (error instanceof UserInputError)
      throw new OptionError(error, 'signingProfiles', (n) => `${n('signingProfiles')}: ${error.message}`, {
        cause: error,
      });
    throw error;
  }
}

/**
 * Signs each uploaded entry whose plan entry names a profile (reusing cached signatures),
 * each signed or reused object checked against the zip built here.
 */
export async function signUploaded(
  session: AwsSession,
  uploaded: readonly UploadedEntry[],
  profiles: ReadonlyMap<string, ResolvedProfile>,
  settings: SigningSettings,
  io: IoHost,
): Promise<{ entries: SignedEntry[]; jobsStarted: number }> {
  const toSign = uploaded.flatMap((u) =>
    u.entry.sign ? [{ id: u.entry.id, uploaded: u, profile: profileNamed(profiles, u.entry.sign.profileName) }] : [],
  );
  if (toSign.length === 0) return { entries: uploaded.map((u) => ({ ...u, signature: null })), jobsStarted: 0 };
  const cache = await SignatureCache.load(join(dirname(settings.templateFile), '.toolkit', 'signatures.json'));
  // What each signature must cover, so every signed (or reused) object is checked against the zip built here.
  const contents = new Map<string, Promise<SignedContent>>();
  const contentOf = (zip: string): Promise<SignedContent> => {
    let content = contents.get(zip);
    if (!content) contents.set(zip, (content = signedContentOfFile(zip)));
    return content;
  };
  const requests = await Promise.all(
    toSign.map(async ({ id, uploaded: { built, uploaded: source }, profile }) => ({
      id,
      sha256: built.sha256,
      signedContent: await contentOf(built.zip),
      source: { bucket: source.bucket, key: source.key, versionId: source.versionId },
      profile,
      destination: { bucket: settings.bucket, prefix: settings.prefix ? `${settings.prefix}/signed/` : 'signed/' },
    })),
  );
  const results = await signArtifacts({ s3: session.s3, signer: session.signer }, requests, {
    ...(settings.concurrency !== undefined ? { concurrency: settings.concurrency } : {}),
    cache,
    io,
    ...(settings.minSignatureValidity !== undefined ? { minSignatureValidity: settings.minSignatureValidity } : {}),
    // The local cloud's signed objects are toolkit-sig/1, checked by their envelope; AWS's format is not
    // published, so there the version each job read is checked against the built zip instead.
    signedFormat: session.target === 'local' ? 'toolkit-sig/1' : 'any',
    ...(settings.signingTimeoutMs !== undefined ? { timeoutMs: settings.signingTimeoutMs } : {}),
  });
  const signatures = new Map(
    pairInOrder('signing', toSign, results).map(([signed, result]) => [signed.uploaded, result]),
  );
  return {
    entries: uploaded.map((u) => ({ ...u, signature: signatures.get(u) ?? null })),
    jobsStarted: results.filter((r) => !r.reused).length,
  };
}

function profileNamed(profiles: ReadonlyMap<string, ResolvedProfile>, name: string): ResolvedProfile {
  const profile = profiles.get(name);
  if (!profile)
    throw new ToolkitError(messages.PackageStepMismatch, `signing profile ${name} of the plan was not resolved`);
  return profile;
}
