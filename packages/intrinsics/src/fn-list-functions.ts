import { invalidArgumentsError, IntrinsicError } from './intrinsic-error.ts';
import { scalarToString, type ResolveValue } from './intrinsic-shape.ts';

/** `Fn::Join: [delimiter, list]`. */
export function fnJoin(args: unknown, resolve: ResolveValue): string {
  const usage = () =>
    invalidArgumentsError(
      'every Fn::Join object requires two parameters, (1) a string delimiter and (2) a list of strings to be joined or a function that returns a list of strings (such as Fn::GetAZs) to be joined.',
    );
  if (!Array.isArray(args) || args.length !== 2) throw usage();
  const delimiter = resolve(args[0]);
  const list = resolve(args[1]);
  if (typeof delimiter !== 'string' || !Array.isArray(list)) throw usage();
  return list
    .map((item) => {
      const text = scalarToString(item);
      if (text === undefined) throw usage();
      return text;
    })
    .join(delimiter);
}

/** `Fn::Select: [index, list]`. */
export function fnSelect(args: unknown, resolve: ResolveValue): unknown {
  const usage = () =>
    invalidArgumentsError('Fn::Select requires a list argument with two elements: an integer index and a list');
  if (!Array.isArray(args) || args.length !== 2) throw usage();
  const indexValue = resolve(args[0]);
  const list = resolve(args[1]);
  const index = typeof indexValue === 'string' && /^\d+$/.test(indexValue) ? Number(indexValue) : indexValue;
  if (typeof index !== 'number' || !Number.isInteger(index) || !Array.isArray(list)) throw usage();
  if (index < 0 || index >= list.length) {
    throw new IntrinsicError(
      'INTRINSIC_INDEX_OUT_OF_RANGE',
      `Template error: Fn::Select cannot select nonexistent value at index ${index}`,
    );
  }
  return list[index];
}

/** `Fn::Split: [delimiter, source]`. */
export function fnSplit(args: unknown, resolve: ResolveValue): string[] {
  const usage = () =>
    invalidArgumentsError(
      'every Fn::Split object requires two parameters, (1) a string delimiter and (2) a string to be split or a function that returns a string to be split.',
    );
  if (!Array.isArray(args) || args.length !== 2) throw usage();
  const delimiter = resolve(args[0]);
  const source = resolve(args[1]);
  if (typeof delimiter !== 'string' || delimiter === '' || typeof source !== 'string') throw usage();
  return source.split(delimiter);
}

/** `Fn::Base64: string` (UTF-8). */
export function fnBase64(args: unknown, resolve: ResolveValue): string {
  const text = scalarToString(resolve(args));
  if (text === undefined) throw invalidArgumentsError('every Fn::Base64 object requires a string parameter.');
  return Buffer.from(text, 'utf8').toString('base64');
}

/** `Fn::ToJsonString: object | list` (AWS::LanguageExtensions). */
export function fnToJsonString(args: unknown, resolve: ResolveValue): string {
  const value = resolve(args);
  if (typeof value !== 'object' || value === null) {
    throw invalidArgumentsError('Fn::ToJsonString requires an object or a list as its parameter.');
  }
  return JSON.stringify(value);
}

/** `Fn::Length: list` (AWS::LanguageExtensions). */
export function fnLength(args: unknown, resolve: ResolveValue): number {
  const value = resolve(args);
  if (!Array.isArray(value)) throw invalidArgumentsError('Fn::Length requires a list as its parameter.');
  return value.length;
}
