import { isPlainObject } from '@toolkit/intrinsics';

/** How references change after the transform. */
export interface ReferenceRewrites {
  /** Old logical id → new one (layers get a hash suffix). */
  changedIds: Readonly<Record<string, string>>;
  /** `Fn.Alias` / `Fn.Version` style references → generated logical id. */
  properties: Readonly<Record<string, string>>;
}

const SUB_REFERENCE = /\$\{([A-Za-z0-9.]+|AWS::[A-Z][A-Za-z]*)\}/g;

/**
 * Rewrites Ref, Fn::GetAtt, Fn::Sub variables and DependsOn throughout the template to the
 * logical ids the transform produced (`Ref: MyLayer` → `Ref: MyLayer1a2b3c4d5e`,
 * `Ref: Fn.Alias` → `Ref: FnAliaslive`), as samtranslator does after transforming.
 */
export function rewriteReferences(
  template: Record<string, unknown>,
  rewrites: ReferenceRewrites,
): Record<string, unknown> {
  const resources = template['Resources'];
  if (isPlainObject(resources)) {
    for (const resource of Object.values(resources)) {
      if (isPlainObject(resource) && 'DependsOn' in resource)
        resource['DependsOn'] = rewriteDependsOn(resource['DependsOn'], rewrites.changedIds);
    }
  }
  return rewriteValue(template, rewrites) as Record<string, unknown>;
}

function rewriteDependsOn(value: unknown, changedIds: Readonly<Record<string, string>>): unknown {
  if (typeof value === 'string') return changedIds[value] ?? value;
  if (Array.isArray(value)) return value.map((item) => (typeof item === 'string' ? (changedIds[item] ?? item) : item));
  return value;
}

function rewriteValue(value: unknown, rewrites: ReferenceRewrites): unknown {
  if (Array.isArray(value)) return value.map((item) => rewriteValue(item, rewrites));
  if (!isPlainObject(value)) return value;
  const keys = Object.keys(value);
  if (keys.length === 1) {
    const rewritten = rewriteIntrinsic(keys[0] as string, value[keys[0] as string], rewrites);
    if (rewritten !== undefined) return rewritten;
  }
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, rewriteValue(item, rewrites)]));
}

function rewriteIntrinsic(key: string, args: unknown, rewrites: ReferenceRewrites): unknown {
  const { changedIds, properties } = rewrites;
  if (key === 'Ref' && typeof args === 'string') return { Ref: changedIds[args] ?? properties[args] ?? args };
  if (
    key === 'Fn::GetAtt' &&
    Array.isArray(args) &&
    args.length >= 2 &&
    args.every((item) => typeof item === 'string')
  ) {
    const parts = (args as string[]).join('.').split('.');
    const [id, property] = [parts[0] as string, parts[1] as string];
    if (changedIds[id] !== undefined) return { 'Fn::GetAtt': [changedIds[id], ...parts.slice(1)] };
    const target = properties[`${id}.${property}`];
    if (target !== undefined && parts.length > 2) return { 'Fn::GetAtt': [target, ...parts.slice(2)] };
    return undefined;
  }
  if (key === 'Fn::Sub') {
    if (typeof args === 'string') return { 'Fn::Sub': rewriteSubText(args, rewrites) };
    if (Array.isArray(args) && typeof args[0] === 'string') {
      return {
        'Fn::Sub': [rewriteSubText(args[0], rewrites), ...args.slice(1).map((item) => rewriteValue(item, rewrites))],
      };
    }
  }
  return undefined;
}

function rewriteSubText(text: string, { changedIds, properties }: ReferenceRewrites): string {
  return text.replace(SUB_REFERENCE, (whole, name: string) => {
    const parts = name.split('.');
    const id = parts[0] as string;
    if (changedIds[id] !== undefined) return `\${${[changedIds[id], ...parts.slice(1)].join('.')}}`;
    const target = parts.length >= 2 ? properties[`${id}.${parts[1]}`] : undefined;
    return target === undefined ? whole : `\${${[target, ...parts.slice(2)].join('.')}}`;
  });
}
