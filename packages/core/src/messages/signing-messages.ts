import * as make from './message-spec.ts';

/** A signing job started again instead of reusing the cached signature. */
export interface SignatureNotReusedPayload {
  id: string;
  jobId: string;
}

/** A signature that expires sooner than the minimum validity. */
export interface SignatureValidityShortPayload {
  id: string;
  jobId: string;
  expiresAt: string;
}

/** A throttled Signer call, about to be retried. */
export interface SignerThrottledPayload {
  attempt: number;
  delayMs: number;
}

/** The messages of `@toolkit/signing` (codes 3xxx). */
export const signingMessages = {
  ZipEmpty: make.error({
    code: 'TOOLKIT_E3001',
    description: 'The zip to sign or read is empty (0 bytes, or no entries).',
  }),
  ZipNoEocd: make.error({
    code: 'TOOLKIT_E3002',
    description: 'The data is not a zip: no end-of-central-directory record ends at the end of the file.',
  }),
  ZipTrailingData: make.error({
    code: 'TOOLKIT_E3003',
    description: 'The zip has bytes after its end-of-central-directory record.',
  }),
  ZipMultiDisk: make.error({ code: 'TOOLKIT_E3004', description: 'The zip is a multi-disk (split) archive.' }),
  Zip64Unsupported: make.error({
    code: 'TOOLKIT_E3005',
    description: 'The zip uses ZIP64 records, which `toolkit-sig/1` does not support.',
  }),
  ZipBadCentralDirectory: make.error({
    code: 'TOOLKIT_E3006',
    description: 'The zip’s central directory is inconsistent with its entries or its end record.',
  }),
  ZipBadEntryName: make.error({
    code: 'TOOLKIT_E3007',
    description: 'A zip entry name is unsafe or not valid UTF-8.',
  }),
  ZipAlreadySigned: make.error({
    code: 'TOOLKIT_E3008',
    description: 'The zip to sign already holds a `toolkit-sig/1` envelope in its comment.',
  }),
  SignatureBadEnvelope: make.error({
    code: 'TOOLKIT_E3009',
    description: 'The zip comment holds a damaged or malformed `toolkit-sig/1` envelope.',
  }),
  SignatureBadOptions: make.error({
    code: 'TOOLKIT_E3010',
    description: 'A signing call lacks a profile version or job ARN, or has invalid signing and expiry times.',
  }),
  SigningProfilesDuplicateId: make.error({
    code: 'TOOLKIT_E3011',
    description: 'The signing profiles name one function or layer twice.',
  }),
  SigningProfilesMalformed: make.error({
    code: 'TOOLKIT_E3012',
    description: 'A signing-profiles entry is not `Id=Profile` or `Id=Profile:Owner` (or has an unterminated quote).',
  }),
  SigningProfilesBadId: make.error({
    code: 'TOOLKIT_E3013',
    description: 'A signing-profiles entry names an invalid function or layer id.',
  }),
  SigningProfilesBadProfile: make.error({
    code: 'TOOLKIT_E3014',
    description: 'A signing-profiles entry names an invalid signing profile.',
  }),
  SigningProfilesBadOwner: make.error({
    code: 'TOOLKIT_E3015',
    description: 'A signing-profiles entry names a profile owner that is not a 12-digit account id.',
  }),
  SigningProfileOwnerConflict: make.error({
    code: 'TOOLKIT_E3016',
    description: 'One signing profile is named with two different owners.',
  }),
  SigningProfileNotFound: make.error({ code: 'TOOLKIT_E3017', description: 'A signing profile does not exist.' }),
  SigningProfileAccessDenied: make.error({
    code: 'TOOLKIT_E3018',
    description: 'The caller may not use a signing profile.',
  }),
  SigningProfileInactive: make.error({
    code: 'TOOLKIT_E3019',
    description: 'A signing profile is canceled or revoked and can no longer sign.',
  }),
  SigningProfileInvalid: make.error({
    code: 'TOOLKIT_E3020',
    description: 'Signer described a signing profile without a version.',
  }),
  BucketNotVersioned: make.error({
    code: 'TOOLKIT_E3021',
    description: 'The artifact bucket does not have versioning enabled; Signer signs only versioned objects.',
  }),
  BucketNameTaken: make.error({
    code: 'TOOLKIT_E3022',
    description: 'The artifact bucket name belongs to another account.',
  }),
  UploadFileChanged: make.error({
    code: 'TOOLKIT_E3023',
    description: 'A built zip changed size between build and upload.',
  }),
  SigningFailed: make.error({
    code: 'TOOLKIT_E3024',
    description: 'One or more signing jobs failed; every failure is listed.',
  }),
  SigningTimeout: make.error({
    code: 'TOOLKIT_E3025',
    description: 'Signing did not finish before its deadline.',
  }),
  SigningCancelled: make.error({ code: 'TOOLKIT_E3026', description: 'Signing was cancelled by the caller.' }),
  SignatureCacheUnreadable: make.warn({
    code: 'TOOLKIT_W3027',
    description:
      'The signature cache (`.toolkit/signatures.json`) is corrupt or unreadable: every artifact is signed again.',
  }),
  SignatureValidityShort: make.warn<SignatureValidityShortPayload>({
    code: 'TOOLKIT_W3028',
    description: 'A new signature expires sooner than the minimum validity; it will be signed again next run.',
    fields: {
      id: 'the artifact’s id',
      jobId: 'the signing job',
      expiresAt: 'when the signature expires (ISO 8601)',
    },
  }),
  SignatureNotReused: make.debug<SignatureNotReusedPayload>({
    code: 'TOOLKIT_D3029',
    description:
      'A cached signature cannot be reused (changed zip, expired, revoked, …): the artifact is signed again.',
    fields: { id: 'the artifact’s id', jobId: 'the cached signature’s signing job' },
  }),
  SignerThrottled: make.debug<SignerThrottledPayload>({
    code: 'TOOLKIT_D3030',
    description: 'Signer throttled a call; it is retried after a delay.',
    fields: { attempt: 'the attempt that was throttled (0 for the first)', delayMs: 'the wait before the retry' },
  }),
} as const;
