import { randomBytes, randomUUID } from 'node:crypto';

const UPPER_ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const LOWER_ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** `length` random characters drawn from `alphabet`. */
export function randomChars(length: number, alphabet: string = UPPER_ALNUM): string {
  const bytes = randomBytes(length);
  let out = '';
  for (const byte of bytes) out += alphabet[byte % alphabet.length];
  return out;
}

/** A stack id as CloudFormation makes it: `arn:aws:cloudformation:R:A:stack/NAME/uuid`. */
export function newStackId(region: string, accountId: string, stackName: string): string {
  return `arn:aws:cloudformation:${region}:${accountId}:stack/${stackName}/${randomUUID()}`;
}

/** A change set id: `arn:aws:cloudformation:R:A:changeSet/NAME/uuid`. */
export function newChangeSetId(region: string, accountId: string, changeSetName: string): string {
  return `arn:aws:cloudformation:${region}:${accountId}:changeSet/${changeSetName}/${randomUUID()}`;
}

/** True when `value` is a stack ARN rather than a stack name. */
export function isStackArn(value: string): boolean {
  return value.startsWith('arn:') && value.includes(':stack/');
}

/** True when `value` is a change set ARN rather than a change set name. */
export function isChangeSetArn(value: string): boolean {
  return value.startsWith('arn:') && value.includes(':changeSet/');
}

/** Options for a generated physical name. */
export interface PhysicalNameOptions {
  /** The type's name length limit. */
  maxLength: number;
  /** Lowercase the whole name (S3 buckets). */
  lowercase?: boolean;
  /** Length of the random suffix (CloudFormation uses 12 for most types). */
  suffixLength?: number;
  /** Separator between parts; types whose names forbid '-' use '_'. */
  separator?: string;
}

/**
 * A physical name as CloudFormation generates one when the template names none:
 * `stack-LogicalId-RANDOM`, with stack name and logical id shortened so the whole
 * fits the type's limit, and the random part always kept whole.
 */
export function generatePhysicalName(stackName: string, logicalId: string, options: PhysicalNameOptions): string {
  const separator = options.separator ?? '-';
  const suffixLength = options.suffixLength ?? 12;
  const suffix = options.lowercase ? randomChars(suffixLength, LOWER_ALNUM) : randomChars(suffixLength);
  const budget = options.maxLength - suffixLength - 2 * separator.length;
  let stackPart = stackName;
  let logicalPart = logicalId;
  if (stackPart.length + logicalPart.length > budget) {
    // Trim the longer part first, as CloudFormation keeps both recognisable.
    const half = Math.floor(budget / 2);
    if (stackPart.length > half && logicalPart.length > budget - half) {
      stackPart = stackPart.slice(0, half);
      logicalPart = logicalPart.slice(0, budget - half);
    } else if (stackPart.length > logicalPart.length) {
      stackPart = stackPart.slice(0, budget - logicalPart.length);
    } else {
      logicalPart = logicalPart.slice(0, budget - stackPart.length);
    }
  }
  const name = [stackPart, logicalPart, suffix].join(separator);
  return options.lowercase ? name.toLowerCase() : name;
}

/** The request token CloudFormation quotes in handler error reasons. */
export function newRequestToken(): string {
  return randomUUID();
}
