import { readFileSync } from 'node:fs';
import type Database from 'better-sqlite3';
import type { CloudContext } from '../../plugin.ts';
import { codeSigningConfigArn, codeSigningConfigIdOf, type ArnScope } from './lambda-arns.ts';
import { codeSigningConfigNotFound } from './lambda-errors.ts';
import { findCodeSigningConfig } from './code-signing-config-store.ts';
import {
  verifyDeployment,
  type AcceptedSignature,
  type DeployArtifact,
  type SignatureWarning,
} from './code-verification.ts';
import type { LayerVersionRow } from './layer-store.ts';

/** A layer a deployment puts in place, with its stored row. */
export interface DeployedLayer {
  arn: string;
  row: LayerVersionRow;
}

/** What a deployment puts in place: new code (when it changes) and layers (when they are set). */
export interface DeploymentParts {
  code?: Buffer;
  layers?: readonly DeployedLayer[];
}

/** The outcome of a deployment's code signing check. */
export interface DeploymentCheck {
  /** The accepted signature of the new code; null when it has none that passed (or there is no CSC). */
  codeSignature: AcceptedSignature | null;
  warnings: SignatureWarning[];
}

/** Layer packages read ahead of the commit, by blob name. */
export type PreloadedBlobs = ReadonlyMap<string, Buffer>;

/**
 * Reads the layers' packages before the commit transaction, when the function
 * has a CSC now; the check inside the transaction reads any it still lacks.
 */
export async function preloadLayers(
  ctx: CloudContext,
  cscId: string | null,
  layers: readonly DeployedLayer[],
): Promise<PreloadedBlobs> {
  const blobs = new Map<string, Buffer>();
  if (cscId === null) return blobs;
  for (const { row } of layers) blobs.set(row.codeBlob, await ctx.blobs.readAll(row.codeBlob));
  return blobs;
}

/**
 * Runs the code signing check of a function's CSC over the parts a deployment
 * puts in place. Without a CSC everything is accepted unchecked, as in AWS.
 * Synchronous on purpose: call it inside the transaction that stores the code,
 * with the CSC id read in that transaction, so that the decision is made against
 * the configuration in force when the code is committed — a CSC attached or
 * switched to Enforce while the code was being received is never bypassed.
 */
export function checkDeployment(
  ctx: CloudContext,
  functionArn: string,
  cscId: string | null,
  parts: DeploymentParts,
  preloaded: PreloadedBlobs = new Map(),
): DeploymentCheck {
  if (cscId === null) return { codeSignature: null, warnings: [] };
  const csc = findCodeSigningConfig(ctx.db, cscId);
  if (!csc) throw codeSigningConfigNotFound(codeSigningConfigArn(ctx, cscId));
  const artifacts: DeployArtifact[] = [];
  if (parts.code) artifacts.push({ arn: functionArn, bytes: parts.code });
  for (const { arn, row } of parts.layers ?? []) {
    // Only a layer the CSC did not cover when the request began is read here, inside the transaction.
    artifacts.push({ arn, bytes: preloaded.get(row.codeBlob) ?? readFileSync(ctx.blobs.pathOf(row.codeBlob)) });
  }
  const verdict = verifyDeployment(ctx, csc, functionArn, artifacts);
  return { codeSignature: verdict.signatures.get(functionArn) ?? null, warnings: verdict.warnings };
}

/** The id of an existing CSC of this cloud named by ARN; CodeSigningConfigNotFoundException otherwise. */
export function existingCodeSigningConfigId(db: Database.Database, scope: ArnScope, arn: string): string {
  const id = codeSigningConfigIdOf(arn);
  if (id === undefined || arn !== codeSigningConfigArn(scope, id) || !findCodeSigningConfig(db, id))
    throw codeSigningConfigNotFound(arn);
  return id;
}
