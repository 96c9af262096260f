import { randomBytes } from 'node:crypto';

/** The cloud's identity, as Lambda ARNs need it. */
export interface ArnScope {
  region: string;
  accountId: string;
}

/** A FunctionName parameter, resolved: the bare name and the qualifier it carried, if any. */
export interface FunctionRef {
  name: string;
  qualifier: string | undefined;
}

// Lambda's NamespacedFunctionName pattern: a name, a partial ARN or a full ARN, each with an optional qualifier.
const FUNCTION_REF =
  /^(?:arn:aws[a-zA-Z-]*:lambda:)?(?:[a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\d:)?(?:\d{12}:)?(?:function:)?([a-zA-Z0-9_.-]+)(?::(\$LATEST|[a-zA-Z0-9_-]+))?$/;
const LAYER_VERSION_ARN = /^arn:aws[a-zA-Z-]*:lambda:([a-z0-9-]+):(\d{12}):layer:([a-zA-Z0-9_-]+):(\d+)$/;
const LAYER_NAME_OR_ARN = /^(?:arn:aws[a-zA-Z-]*:lambda:[a-z0-9-]+:\d{12}:layer:)?([a-zA-Z0-9_-]+)$/;

/** `arn:aws:lambda:R:A:function:NAME[:QUALIFIER]`. */
export function functionArn(scope: ArnScope, name: string, qualifier?: string): string {
  const base = `arn:aws:lambda:${scope.region}:${scope.accountId}:function:${name}`;
  return qualifier === undefined ? base : `${base}:${qualifier}`;
}

/** `arn:aws:lambda:R:A:layer:NAME`. */
export function layerArn(scope: ArnScope, name: string): string {
  return `arn:aws:lambda:${scope.region}:${scope.accountId}:layer:${name}`;
}

/** `arn:aws:lambda:R:A:layer:NAME:VERSION`. */
export function layerVersionArn(scope: ArnScope, name: string, version: number): string {
  return `${layerArn(scope, name)}:${version}`;
}

/** `arn:aws:lambda:R:A:code-signing-config:ID`. */
export function codeSigningConfigArn(scope: ArnScope, id: string): string {
  return `arn:aws:lambda:${scope.region}:${scope.accountId}:code-signing-config:${id}`;
}

/** A fresh CSC id: `csc-` and 17 characters of [a-z0-9], as Lambda makes them. */
export function newCodeSigningConfigId(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  const bytes = randomBytes(17);
  let id = 'csc-';
  // 252 = 7 * 36: bytes at or above it are re-drawn so every character is equally likely.
  for (let i = 0; i < 17; i++) {
    let byte = bytes[i] ?? 0;
    while (byte >= 252) byte = randomBytes(1)[0] ?? 0;
    id += alphabet[byte % 36];
  }
  return id;
}

/** The CSC id at the end of a CSC ARN, or undefined when the text is not one. */
export function codeSigningConfigIdOf(arn: string): string | undefined {
  return /^arn:aws[a-zA-Z-]*:lambda:[a-z0-9-]+:\d{12}:code-signing-config:(csc-[a-z0-9]{17})$/.exec(arn)?.[1];
}

/** Splits a FunctionName parameter (name, partial ARN or ARN) into name and qualifier; undefined when it matches none. */
export function parseFunctionRef(text: string): FunctionRef | undefined {
  const match = FUNCTION_REF.exec(text);
  if (!match?.[1]) return undefined;
  return { name: match[1], qualifier: match[2] };
}

/** The parts of a layer version ARN, or undefined when the text is not one. */
export function parseLayerVersionArn(
  arn: string,
): { region: string; accountId: string; name: string; version: number } | undefined {
  const match = LAYER_VERSION_ARN.exec(arn);
  if (!match) return undefined;
  const [, region = '', accountId = '', name = '', version = ''] = match;
  return { region, accountId, name, version: Number(version) };
}

/** The layer name of a LayerName parameter, which may also be a layer ARN. */
export function parseLayerName(text: string): string | undefined {
  return LAYER_NAME_OR_ARN.exec(text)?.[1];
}
