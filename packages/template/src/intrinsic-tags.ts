import type { CollectionTag, ScalarTag } from 'yaml';

/** CloudFormation intrinsic functions that have a YAML short form (`!Name`). */
export const INTRINSIC_FUNCTION_NAMES = [
  'Ref',
  'GetAtt',
  'Sub',
  'Join',
  'Select',
  'Split',
  'If',
  'Equals',
  'And',
  'Or',
  'Not',
  'FindInMap',
  'Base64',
  'Cidr',
  'ImportValue',
  'GetAZs',
  'Condition',
  'Transform',
] as const;

/** One intrinsic function name, without `!` or `Fn::`. */
export type IntrinsicFunctionName = (typeof INTRINSIC_FUNCTION_NAMES)[number];

/** The long-form key of an intrinsic: `Ref`, `Condition`, or `Fn::<Name>`. */
export function longFormKey(name: IntrinsicFunctionName): string {
  return name === 'Ref' || name === 'Condition' ? name : `Fn::${name}`;
}

/** The intrinsic name behind a short tag such as `!GetAtt`, or undefined for any other tag. */
export function intrinsicNameOfTag(tag: string | undefined): IntrinsicFunctionName | undefined {
  if (tag === undefined || !tag.startsWith('!')) return undefined;
  const name = tag.slice(1);
  return (INTRINSIC_FUNCTION_NAMES as readonly string[]).includes(name) ? (name as IntrinsicFunctionName) : undefined;
}

/**
 * yaml custom tags for every short form, in scalar, sequence and mapping shape.
 * Each keeps the node as parsed (the tag stays on the node), so writing the
 * document back prints the same short tag; `toPlainTemplate` turns them into long forms.
 */
export function intrinsicTags(): Array<ScalarTag | CollectionTag> {
  return INTRINSIC_FUNCTION_NAMES.flatMap((name): Array<ScalarTag | CollectionTag> => {
    const tag = `!${name}`;
    return [
      { tag, resolve: (value: string) => value },
      { tag, collection: 'seq', resolve: (seq) => seq },
      { tag, collection: 'map', resolve: (map) => map },
    ];
  });
}
