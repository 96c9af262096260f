import { didYouMean } from '@toolkit/core';
import { INTRINSIC_FUNCTION_NAMES } from './intrinsic-tags.ts';

/** `" (did you mean !Ref?)"` for a tag close to a known short form, else an empty string. */
export function suggestTag(tag: string): string {
  return didYouMean(tag.replace(/^!/, ''), INTRINSIC_FUNCTION_NAMES, '!');
}
