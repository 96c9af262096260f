import { isPlainObject } from '@toolkit/intrinsics';

/** The key of samtranslator's `is_intrinsic`: `Ref`, `Condition` or any `Fn::…`. */
export function isIntrinsicKey(key: string): boolean {
  return key === 'Ref' || key === 'Condition' || key.startsWith('Fn::');
}

/** samtranslator's `is_intrinsic` on a plain template value: a one-key object with an intrinsic key. */
export function isIntrinsic(value: unknown): boolean {
  if (!isPlainObject(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && isIntrinsicKey(keys[0]!);
}
