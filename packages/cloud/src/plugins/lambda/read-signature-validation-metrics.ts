import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import { stateLayout } from '../../state/state-dir.ts';
import { readSignatureValidationMetricsFrom, type SignatureValidationMetrics } from './signature-metrics.ts';

/**
 * The SignatureValidationErrors metric of the local cloud whose state is in
 * `stateDir`, read-only (works while that cloud runs). Empty when the cloud never
 * started there or never ran Lambda.
 */
export function readSignatureValidationMetrics(stateDir: string): SignatureValidationMetrics {
  const path = stateLayout(stateDir).db;
  if (!existsSync(path)) return { functions: [], records: [] };
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const table = db
      .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'lambda_signature_validation_errors'")
      .get();
    if (table === undefined) return { functions: [], records: [] };
    return readSignatureValidationMetricsFrom(db);
  } finally {
    db.close();
  }
}
