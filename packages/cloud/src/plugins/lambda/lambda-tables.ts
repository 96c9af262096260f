import type Database from 'better-sqlite3';

/**
 * Creates Lambda's tables. A function's versions (`$LATEST`, `1`, `2`, …) each
 * hold their whole configuration as JSON; code lives in the blob store,
 * referenced by its SHA-256.
 */
export function migrateLambdaTables(db: Database.Database): void {
  db.exec(`
    CREATE TABLE IF NOT EXISTS lambda_functions (
      name TEXT PRIMARY KEY,
      code_signing_config_id TEXT,
      tags TEXT NOT NULL DEFAULT '{}',
      last_version INTEGER NOT NULL DEFAULT 0,
      created_at TEXT NOT NULL
    );
    CREATE INDEX IF NOT EXISTS lambda_functions_csc ON lambda_functions (code_signing_config_id);
    CREATE TABLE IF NOT EXISTS lambda_function_versions (
      function_name TEXT NOT NULL REFERENCES lambda_functions (name) ON DELETE CASCADE,
      version TEXT NOT NULL,
      config TEXT NOT NULL,
      code_sha256 TEXT NOT NULL,
      PRIMARY KEY (function_name, version)
    );
    CREATE TABLE IF NOT EXISTS lambda_aliases (
      function_name TEXT NOT NULL REFERENCES lambda_functions (name) ON DELETE CASCADE,
      name TEXT NOT NULL,
      function_version TEXT NOT NULL,
      description TEXT NOT NULL DEFAULT '',
      routing_config TEXT,
      revision_id TEXT NOT NULL,
      PRIMARY KEY (function_name, name)
    );
    CREATE TABLE IF NOT EXISTS lambda_permissions (
      function_name TEXT NOT NULL REFERENCES lambda_functions (name) ON DELETE CASCADE,
      qualifier TEXT NOT NULL,
      statement_id TEXT NOT NULL,
      statement TEXT NOT NULL,
      seq INTEGER NOT NULL,
      PRIMARY KEY (function_name, qualifier, statement_id)
    );
    CREATE TABLE IF NOT EXISTS lambda_function_urls (
      function_name TEXT NOT NULL REFERENCES lambda_functions (name) ON DELETE CASCADE,
      qualifier TEXT NOT NULL,
      url_id TEXT NOT NULL UNIQUE,
      auth_type TEXT NOT NULL,
      cors TEXT,
      invoke_mode TEXT NOT NULL,
      created_at TEXT NOT NULL,
      modified_at TEXT NOT NULL,
      PRIMARY KEY (function_name, qualifier)
    );
    CREATE TABLE IF NOT EXISTS lambda_layer_names (
      name TEXT PRIMARY KEY,
      last_version INTEGER NOT NULL
    );
    CREATE TABLE IF NOT EXISTS lambda_layer_versions (
      name TEXT NOT NULL,
      version INTEGER NOT NULL,
      description TEXT NOT NULL DEFAULT '',
      compatible_runtimes TEXT,
      compatible_architectures TEXT,
      license_info TEXT,
      code_sha256 TEXT NOT NULL,
      code_size INTEGER NOT NULL,
      signing_profile_version_arn TEXT,
      signing_job_arn TEXT,
      created_date TEXT NOT NULL,
      PRIMARY KEY (name, version)
    );
    CREATE TABLE IF NOT EXISTS lambda_code_signing_configs (
      id TEXT PRIMARY KEY,
      description TEXT NOT NULL DEFAULT '',
      allowed_profile_version_arns TEXT NOT NULL,
      policy TEXT NOT NULL,
      last_modified TEXT NOT NULL,
      seq INTEGER NOT NULL
    );
    CREATE TABLE IF NOT EXISTS lambda_signature_validation_errors (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      function_name TEXT NOT NULL,
      function_arn TEXT NOT NULL,
      artifact_arn TEXT NOT NULL,
      failure TEXT NOT NULL,
      reason TEXT NOT NULL,
      recorded_at TEXT NOT NULL
    );
    CREATE INDEX IF NOT EXISTS lambda_signature_validation_errors_fn ON lambda_signature_validation_errors (function_name);
  `);
}
