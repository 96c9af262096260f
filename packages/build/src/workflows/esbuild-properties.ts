import { formatPosition, UserInputError, messages } from '@toolkit/core';
import type { WorkflowInput } from './workflow-types.ts';

/** esbuild options from SAM's `Metadata.BuildProperties` for `BuildMethod: esbuild`. */
export interface EsbuildSettings {
  entryPoints: string[];
  options: Record<string, unknown>;
}

const KNOWN = new Set([
  'EntryPoints',
  'Minify',
  'Target',
  'Sourcemap',
  'External',
  'Format',
  'Loader',
  'Banner',
  'Footer',
  'MainFields',
  'OutExtension',
  'UseNpmCi',
]);

/**
 * Reads SAM's esbuild BuildProperties (EntryPoints, Minify, Target, Sourcemap, External,
 * Format, Loader, Banner, Footer, MainFields, OutExtension) into esbuild options; a missing
 * EntryPoints, an unknown property or a value of the wrong type is a `UserInputError`
 * naming the function, the property and the Metadata's position.
 */
export function esbuildSettings(input: WorkflowInput): EsbuildSettings {
  const props = input.buildProperties ?? Object.create(null);
  const fail = (message: string): never => {
    const where = input.position ? `${formatPosition(input.position)}: ` : '';
    throw new UserInputError(
      messages.BuildBadProperty,
      `${where}${input.logicalId}: Metadata.BuildProperties ${message}`,
      input.position ? { position: input.position } : {},
    );
  };
  for (const name of Object.keys(props))
    if (!KNOWN.has(name)) fail(`has unknown property ${name} (esbuild takes ${[...KNOWN].join(', ')})`);
  const list = (name: string): string[] | undefined => {
    const value = props[name];
    if (value === undefined) return undefined;
    if (typeof value === 'string') return value.split(',').map((s) => s.trim());
    if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value as string[];
    return fail(`${name} must be a list of strings`);
  };
  const flag = (name: string): boolean | undefined => {
    const value = props[name];
    if (value === undefined || typeof value === 'boolean') return value;
    if (value === 'true' || value === 'false') return value === 'true';
    return fail(`${name} must be true or false`);
  };
  const text = (name: string): string | undefined => {
    const value = props[name];
    if (value === undefined || typeof value === 'string') return value;
    return fail(`${name} must be a string`);
  };
  const pairs = (name: string): Record<string, string> | undefined => {
    const items = list(name);
    if (!items) return undefined;
    const map: Record<string, string> = Object.create(null);
    for (const item of items) {
      const eq = item.indexOf('=');
      if (eq <= 0) fail(`${name} entry '${item}' must be written key=value`);
      map[item.slice(0, eq)] = item.slice(eq + 1);
    }
    return map;
  };
  const entryPoints = list('EntryPoints');
  if (!entryPoints || entryPoints.length === 0) fail('must list EntryPoints for BuildMethod esbuild');
  const format = text('Format');
  if (format !== undefined && format !== 'cjs' && format !== 'esm') fail(`Format must be cjs or esm, not '${format}'`);
  const banner = text('Banner');
  const footer = text('Footer');
  const options: Record<string, unknown> = {
    minify: flag('Minify') ?? false,
    target: text('Target') ?? 'es2020',
    sourcemap: flag('Sourcemap') ?? false,
    external: list('External') ?? [],
    ...(format === undefined ? {} : { format }),
    ...(props.Loader === undefined ? {} : { loader: pairs('Loader') }),
    ...(banner === undefined ? {} : { banner: pairs('Banner') ?? { js: banner } }),
    ...(footer === undefined ? {} : { footer: pairs('Footer') ?? { js: footer } }),
    ...(props.MainFields === undefined ? {} : { mainFields: list('MainFields') }),
    ...(props.OutExtension === undefined ? {} : { outExtension: pairs('OutExtension') }),
  };
  return { entryPoints: entryPoints as string[], options };
}
