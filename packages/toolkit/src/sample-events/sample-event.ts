/** One parameter of a sample event: a `--name value` flag of `toolkit local generate-event`. */
export interface SampleEventParameter {
  readonly default: string;
  readonly describe: string;
  /** Checks a given value; returns what is wrong with it, or undefined. */
  readonly check?: (value: string) => string | undefined;
}

/** A sample event as `sam local generate-event <service> <event>` prints it, built from its parameters. */
export interface SampleEvent<P extends string = string> {
  readonly service: string;
  readonly event: string;
  readonly describe: string;
  readonly parameters: Readonly<Record<P, SampleEventParameter>>;
  /** Checks the parameters together (a path against its resource); names the one at fault. */
  validate?(values: Readonly<Record<P, string>>): { parameter: P; problem: string } | undefined;
  build(values: Readonly<Record<P, string>>): unknown;
}

/** Declares a sample event whose builder sees exactly its declared parameters, typed. */
export function defineSampleEvent<const P extends string>(event: SampleEvent<P>): SampleEvent {
  return event as unknown as SampleEvent;
}

/** The account, partition and region parameters most events share, with SAM CLI's defaults. */
export const accountId = { default: '123456789012', describe: 'Account id in the ARNs', check: checkAccountId };
export const partition = { default: 'aws', describe: 'Partition in the ARNs (aws, aws-cn, aws-us-gov)' };
export const region = { default: 'us-east-1', describe: 'Region the event comes from' };

function checkAccountId(value: string): string | undefined {
  return /^\d{12}$/.test(value) ? undefined : 'an account id is 12 digits';
}

/** Checks that a value is a JSON object of string values (query strings, headers). */
export function checkStringMap(value: string): string | undefined {
  try {
    const parsed: unknown = JSON.parse(value);
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
      if (Object.values(parsed).every((v) => typeof v === 'string')) return undefined;
    }
  } catch {
    // Reported below in the same words as a non-object.
  }
  return 'expected a JSON object of strings, such as {"foo": "bar"}';
}

/** Parses a value `checkStringMap` accepted into a prototype-less map. */
export function stringMap(value: string): Record<string, string> {
  return Object.assign(Object.create(null) as Record<string, string>, JSON.parse(value) as Record<string, string>);
}

/** The time every sample event carries: fixed, so the same flags always print the same event. */
export const SAMPLE_TIME = new Date(Date.UTC(2024, 0, 1, 12, 0, 0));
