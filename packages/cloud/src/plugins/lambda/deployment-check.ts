import type Database from 'better-sqlite3';
import type { CloudContext } from '../../plugin.ts';
import { codeSigningConfigArn, codeSigningConfigIdOf, type ArnScope } from './lambda-arns.ts';
import { codeSigningConfigNotFound } from './lambda-errors.ts';
import { findCodeSigningConfig } from './code-signing-config-store.ts';
import { verifyDeployment, type AcceptedSignature, type DeployArtifact, type SignatureWarning } from './code-verification.ts';
import type { LayerVersionRow } from './layer-store.ts';

/** What a deployment puts in place: new code (when it changes) and layers (when they are set). */
export interface DeploymentParts {
  code?: Buffer;
  layers?: readonly { arn: string; row: LayerVersionRow }[];
}

/** The outcome of a deployment's code signing check. */
export interface DeploymentCheck {
  /** The accepted signature of the new code; null when it has none that passed (or there is no CSC). */
  codeSignature: AcceptedSignature | null;
  warnings: SignatureWarning[];
}

/**
 * Runs the code signing check of a function's CSC over the parts a deployment
 * puts in place. Without a CSC everything is accepted unchecked, as in AWS.
 */
export async function checkDeployment(ctx: CloudContext, functionArn: string, cscId: string | null, parts: DeploymentParts): Promise<DeploymentCheck> {
  if (cscId === null) return { codeSignature: null, warnings: [] };
  const csc = findCodeSigningConfig(ctx.db, cscId);
  if (!csc) throw codeSigningConfigNotFound(codeSigningConfigArn(ctx, cscId));
  const artifacts: DeployArtifact[] = [];
  if (parts.code) artifacts.push({ arn: functionArn, bytes: parts.code });
  for (const layer of parts.layers ?? []) artifacts.push({ arn: layer.arn, bytes: await ctx.blobs.readAll(layer.row.codeBlob) });
  const verdict = verifyDeployment(ctx, csc, functionArn, artifacts);
  return { codeSignature: verdict.signatures.get(functionArn) ?? null, warnings: verdict.warnings };
}

/** The id of an existing CSC of this cloud named by ARN; CodeSigningConfigNotFoundException otherwise. */
export function existingCodeSigningConfigId(db: Database.Database, scope: ArnScope, arn: string): string {
  const id = codeSigningConfigIdOf(arn);
  if (id === undefined || arn !== codeSigningConfigArn(scope, id) || !findCodeSigningConfig(db, id)) throw codeSigningConfigNotFound(arn);
  return id;
}
