import type Database from 'better-sqlite3';
import type { SignatureWarning } from './code-verification.ts';
import { statement } from '../../state/statements.ts';

/** One package that a `Warn` code signing policy let through. */
export interface SignatureValidationRecord {
  functionName: string;
  functionArn: string;
  /** The function ARN when its code was at fault, else the layer version ARN. */
  artifactArn: string;
  failure: 'mismatch' | 'expired' | 'revoked' | 'unsigned';
  reason: string;
  recordedAt: string;
}

/** Lambda's SignatureValidationErrors metric, per function, with the records behind it (oldest first). */
export interface SignatureValidationMetrics {
  functions: { functionName: string; functionArn: string; signatureValidationErrors: number }[];
  records: SignatureValidationRecord[];
}

interface RawRecord {
  function_name: string;
  function_arn: string;
  artifact_arn: string;
  failure: SignatureValidationRecord['failure'];
  reason: string;
  recorded_at: string;
}

/** Adds one record per warning; call inside the deployment's transaction. */
export function recordSignatureWarnings(
  db: Database.Database,
  functionName: string,
  functionArn: string,
  warnings: SignatureWarning[],
  at: Date,
): void {
  const insert = statement(
    db,
    'INSERT INTO lambda_signature_validation_errors (function_name, function_arn, artifact_arn, failure, reason, recorded_at) VALUES (?, ?, ?, ?, ?, ?)',
  );
  for (const warning of warnings)
    insert.run(functionName, functionArn, warning.artifactArn, warning.failure, warning.reason, at.toISOString());
}

/** Every recorded validation error and the count per function (functions by name). */
export function readSignatureValidationMetricsFrom(db: Database.Database): SignatureValidationMetrics {
  const rows = statement(db, 'SELECT * FROM lambda_signature_validation_errors ORDER BY id').all() as RawRecord[];
  const records = rows.map((row) => ({
    functionName: row.function_name,
    functionArn: row.function_arn,
    artifactArn: row.artifact_arn,
    failure: row.failure,
    reason: row.reason,
    recordedAt: row.recorded_at,
  }));
  const counts = new Map<string, { functionName: string; functionArn: string; signatureValidationErrors: number }>();
  for (const record of records) {
    const entry = counts.get(record.functionName) ?? {
      functionName: record.functionName,
      functionArn: record.functionArn,
      signatureValidationErrors: 0,
    };
    entry.signatureValidationErrors += 1;
    counts.set(record.functionName, entry);
  }
  const functions = [...counts.values()].sort((a, b) => a.functionName.localeCompare(b.functionName));
  return { functions, records };
}
