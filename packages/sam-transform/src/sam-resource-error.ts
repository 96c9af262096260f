/**
 * A problem with one SAM resource, collected into `transformSam`'s `errors` as samtranslator
 * words it: `Resource with id [X] is invalid. <reason>`.
 */
export class SamResourceError extends Error {
  readonly logicalId: string | undefined;
  readonly reason: string;

  constructor(logicalId: string | undefined, reason: string) {
    super(logicalId === undefined ? reason : `Resource with id [${logicalId}] is invalid. ${reason}`);
    this.name = 'SamResourceError';
    this.logicalId = logicalId;
    this.reason = reason;
  }
}
