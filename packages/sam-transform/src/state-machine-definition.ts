import { isPlainObject } from '@toolkit/intrinsics';
import { isIntrinsic } from './sam-intrinsic.ts';
import { SamResourceError } from './sam-resource-error.ts';
import { parseS3Uri } from './sam-code-uri.ts';

const DYNAMIC_REFERENCE = /^{{resolve:([a-z-]+):(.+)}}$/;

/**
 * An inline `Definition` as samtranslator writes it: each intrinsic or dynamic reference replaced
 * by `${definition_substitution_N}` (in sorted-key order) and the JSON text, indented by 4 as
 * Python's json.dumps does, split into lines for `Fn::Join`.
 */
export function definitionString(definition: Record<string, unknown>): {
  definitionString: Record<string, unknown>;
  substitutions: Record<string, unknown>;
} {
  const copy = structuredClone(definition);
  const substitutions: Record<string, unknown> = {};
  let counter = 1;
  const visit = (container: Record<string, unknown> | unknown[]) => {
    const entries: Array<[string | number, unknown]> = Array.isArray(container)
      ? container.map((value, index) => [index, value])
      : Object.entries(container).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    for (const [key, value] of entries) {
      if (isIntrinsic(value) || (typeof value === 'string' && DYNAMIC_REFERENCE.test(value))) {
        substitutions[`definition_substitution_${counter}`] = value;
        (container as Record<string | number, unknown>)[key] = `\${definition_substitution_${counter}}`;
        counter += 1;
      } else if (isPlainObject(value) || Array.isArray(value)) {
        visit(value);
      }
    }
  };
  visit(copy);
  return { definitionString: { 'Fn::Join': ['\n', pythonIndentedJson(copy).split('\n')] }, substitutions };
}

/** `DefinitionUri` → `DefinitionS3Location` (Bucket, Key, Version). */
export function definitionS3Location(logicalId: string, uri: unknown): Record<string, unknown> {
  let pointer: Record<string, unknown> | undefined;
  if (isPlainObject(uri)) {
    if (!uri['Bucket'] || !uri['Key'])
      throw new SamResourceError(logicalId, "'DefinitionUri' requires Bucket and Key properties to be specified.");
    pointer = uri;
  } else {
    pointer = typeof uri === 'string' ? parseS3Uri(uri) : undefined;
    if (pointer === undefined)
      throw new SamResourceError(
        logicalId,
        "'DefinitionUri' is not a valid S3 Uri of the form 's3://bucket/key' with optional versionId query parameter.",
      );
  }
  const location: Record<string, unknown> = { Bucket: pointer['Bucket'], Key: pointer['Key'] };
  if ('Version' in pointer) location['Version'] = pointer['Version'];
  return location;
}

/** Python's `json.dumps(value, sort_keys=True, indent=4, separators=(",", ": "))` (ASCII-escaped). */
function pythonIndentedJson(value: unknown, depth = 0): string {
  const pad = (level: number) => '    '.repeat(level);
  const text = (s: string) =>
    JSON.stringify(s).replace(/[\u007f-\uffff]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return text(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[\n${value.map((item) => pad(depth + 1) + pythonIndentedJson(item, depth + 1)).join(',\n')}\n${pad(depth)}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (entries.length === 0) return '{}';
  return `{\n${entries.map(([key, item]) => `${pad(depth + 1)}${text(key)}: ${pythonIndentedJson(item, depth + 1)}`).join(',\n')}\n${pad(depth)}}`;
}
