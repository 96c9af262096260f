import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { GetCodeSigningConfigCommand } from '@aws-sdk/client-lambda';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { openAwsSession, verifyPackage, type PackagedArtifact, type TargetOptions } from '@toolkit/toolkit';

/** One signed artifact as the release report records it. */
export interface ArtifactReport {
  id: string;
  resourceType: string;
  /** SHA-256 of the unsigned zip the toolkit built. */
  sha256: string;
  /** SHA-256 of the signed zip as downloaded from S3. */
  signedSha256: string;
  s3: { bucket: string; key: string };
  profileName: string;
  profileVersionArn: string;
  jobId: string;
  expiresAt: string;
  signatureReused: boolean;
  verdict: 'accept' | 'warn' | 'reject';
  failure: string | null;
  reasons: string[];
}

/** The code signing configuration the functions use: who it trusts and how strictly. */
export interface CodeSigningConfigFacts {
  arn: string;
  allowedProfileVersionArns: string[];
  policy: 'Warn' | 'Enforce';
}

/**
 * Downloads every signed zip the deploy used and checks it offline as Lambda would
 * (integrity, signature, publisher, expiry, revocation) against the functions' CSC.
 */
export async function verifySignedArtifacts(
  artifacts: readonly PackagedArtifact[],
  cscArn: string,
  target: TargetOptions & { stateDir: string },
  downloadDir: string,
): Promise<{ csc: CodeSigningConfigFacts; artifacts: ArtifactReport[] }> {
  const session = await openAwsSession(target);
  const downloads: { artifact: PackagedArtifact; file: string; sha256: string }[] = [];
  let csc: CodeSigningConfigFacts;
  try {
    const { lambda } = await session.deployClients();
    const config = await lambda.send(new GetCodeSigningConfigCommand({ CodeSigningConfigArn: cscArn }));
    csc = {
      arn: cscArn,
      allowedProfileVersionArns: config.CodeSigningConfig?.AllowedPublishers?.SigningProfileVersionArns ?? [],
      policy:
        config.CodeSigningConfig?.CodeSigningPolicies?.UntrustedArtifactOnDeployment === 'Warn' ? 'Warn' : 'Enforce',
    };
    for (const artifact of artifacts) {
      if (!artifact.signing) continue;
      const object = await session.s3.send(
        new GetObjectCommand({ Bucket: artifact.s3.bucket, Key: artifact.signing.signedKey }),
      );
      const bytes = Buffer.from(await object.Body!.transformToByteArray());
      const file = join(downloadDir, `${artifact.id.replace(/\//g, '-')}.zip`);
      await writeFile(file, bytes);
      downloads.push({ artifact, file, sha256: createHash('sha256').update(bytes).digest('hex') });
    }
  } finally {
    await session.close();
  }
  const reports: ArtifactReport[] = [];
  for (const { artifact, file, sha256 } of downloads) {
    const signing = artifact.signing!;
    const verdict = await verifyPackage({
      zipFile: file,
      stateDir: target.stateDir,
      allowedProfileVersionArns: csc.allowedProfileVersionArns,
      policy: csc.policy === 'Warn' ? 'warn' : 'enforce',
    });
    reports.push({
      id: artifact.id,
      resourceType: artifact.resourceType,
      sha256: artifact.sha256,
      signedSha256: sha256,
      s3: { bucket: artifact.s3.bucket, key: signing.signedKey },
      profileName: signing.profileName,
      profileVersionArn: signing.profileVersionArn,
      jobId: signing.jobId,
      expiresAt: signing.expiresAt,
      signatureReused: signing.reused,
      verdict: verdict.verdict,
      failure: verdict.failure,
      reasons: verdict.reasons,
    });
  }
  return { csc, artifacts: reports };
}
