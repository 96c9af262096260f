import { ServiceError } from '../service-error.ts';

/** Why a request's signature was refused. */
export type AuthFailure =
  | { kind: 'unknown-key'; accessKeyId: string }
  | { kind: 'bad-signature'; detail?: string }
  | { kind: 'wrong-region'; given: string; expected: string }
  | { kind: 'wrong-service'; given: string; expected: string }
  | { kind: 'skewed'; amzDate: string; now: Date }
  | { kind: 'expired'; amzDate: string; expires: number; now: Date }
  | { kind: 'malformed'; detail: string }
  | { kind: 'anonymous' }
  | { kind: 'unsupported-scheme' };

const SIGNATURE_MISMATCH_S3 =
  'The request signature we calculated does not match the signature you provided. Check your key and signing method.';
const SIGNATURE_MISMATCH =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';
const INVALID_TOKEN = 'The security token included in the request is invalid.';

/** The error a service answers for a refused signature, in that service's own words and codes. */
export function authError(service: string, failure: AuthFailure): ServiceError {
  if (service === 's3') return s3AuthError(failure);
  const json = service !== 'sts' && service !== 'cloudformation';
  const badSignature = json ? 'InvalidSignatureException' : 'SignatureDoesNotMatch';
  switch (failure.kind) {
    case 'unknown-key':
      return new ServiceError(json ? 'UnrecognizedClientException' : 'InvalidClientTokenId', 403, INVALID_TOKEN);
    case 'bad-signature':
      return new ServiceError(badSignature, 403, failure.detail ?? SIGNATURE_MISMATCH);
    case 'wrong-region':
      return new ServiceError(badSignature, 403, `Credential should be scoped to a valid region. `);
    case 'wrong-service':
      return new ServiceError(
        badSignature,
        403,
        `Credential should be scoped to correct service: '${failure.expected}'. `,
      );
    case 'skewed':
    case 'expired':
      return new ServiceError(
        badSignature,
        403,
        `Signature expired: ${failure.amzDate} is now earlier than ${stamp(new Date(failure.now.getTime() - 15 * 60_000))} (${stamp(failure.now)} - 15 min.)`,
      );
    case 'anonymous':
      return new ServiceError(
        json ? 'MissingAuthenticationTokenException' : 'MissingAuthenticationToken',
        403,
        'Missing Authentication Token',
      );
    case 'unsupported-scheme':
    case 'malformed':
      return new ServiceError(
        json ? 'IncompleteSignatureException' : 'IncompleteSignature',
        400,
        failure.kind === 'malformed' ? failure.detail : 'Only AWS4-HMAC-SHA256 signatures are accepted.',
      );
  }
}

function s3AuthError(failure: AuthFailure): ServiceError {
  switch (failure.kind) {
    case 'unknown-key':
      return new ServiceError(
        'InvalidAccessKeyId',
        403,
        'The AWS Access Key Id you provided does not exist in our records.',
        {
          AWSAccessKeyId: failure.accessKeyId,
        },
      );
    case 'bad-signature':
      return new ServiceError('SignatureDoesNotMatch', 403, failure.detail ?? SIGNATURE_MISMATCH_S3);
    case 'wrong-region':
      return new ServiceError(
        'AuthorizationHeaderMalformed',
        400,
        `The authorization header is malformed; the region '${failure.given}' is wrong; expecting '${failure.expected}'`,
        { Region: failure.expected },
      );
    case 'wrong-service':
      return new ServiceError(
        'AuthorizationHeaderMalformed',
        400,
        `The authorization header is malformed; incorrect service "${failure.given}". This endpoint belongs to "${failure.expected}".`,
      );
    case 'skewed':
      return new ServiceError(
        'RequestTimeTooSkewed',
        403,
        'The difference between the request time and the current time is too large.',
        {
          RequestTime: failure.amzDate,
          ServerTime: failure.now.toISOString(),
          MaxAllowedSkewMilliseconds: '900000',
        },
      );
    case 'expired':
      return new ServiceError('AccessDenied', 403, 'Request has expired', {
        'X-Amz-Expires': String(failure.expires),
        Expires: new Date(parseAmzDate(failure.amzDate) + failure.expires * 1000).toISOString(),
        ServerTime: failure.now.toISOString(),
      });
    case 'anonymous':
      return new ServiceError('AccessDenied', 403, 'Access Denied');
    case 'unsupported-scheme':
      return new ServiceError(
        'InvalidRequest',
        400,
        'The authorization mechanism you have provided is not supported. Please use AWS4-HMAC-SHA256.',
      );
    case 'malformed':
      return new ServiceError(
        'AuthorizationHeaderMalformed',
        400,
        `The authorization header is malformed; ${failure.detail}`,
      );
  }
}

/** Epoch milliseconds of a SigV4 `YYYYMMDDTHHMMSSZ` time; NaN when it is not one. */
export function parseAmzDate(text: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text);
  if (!m) return Number.NaN;
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
}

function stamp(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}
