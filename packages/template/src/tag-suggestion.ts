import { closestMatch } from '@toolkit/core';
import { INTRINSIC_FUNCTION_NAMES } from './intrinsic-tags.ts';

/** `" (did you mean !Ref?)"` for a tag close to a known short form, else an empty string. */
export function suggestTag(tag: string): string {
  const best = closestMatch(tag.replace(/^!/, ''), INTRINSIC_FUNCTION_NAMES);
  return best === undefined ? '' : ` (did you mean !${best}?)`;
}
