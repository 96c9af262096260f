import { SIGNING_PLATFORM_ID } from '@toolkit/signing';

/** A signing platform as ListSigningPlatforms/GetSigningPlatform describe it. */
export interface SigningPlatform {
  platformId: string;
  displayName: string;
  partner: string;
  target: string;
  category: string;
  signingConfiguration: {
    encryptionAlgorithmOptions: { allowedValues: string[]; defaultValue: string };
    hashAlgorithmOptions: { allowedValues: string[]; defaultValue: string };
  };
  signingImageFormat: { supportedFormats: string[]; defaultFormat: string };
  maxSizeInMB: number;
  revocationSupported: boolean;
}

/** The platforms the local Signer can sign for: Lambda zips only (format `toolkit-sig/1`). */
export const SIGNING_PLATFORMS: readonly SigningPlatform[] = [
  {
    platformId: SIGNING_PLATFORM_ID,
    displayName: 'AWS Lambda',
    partner: 'AWSLambda',
    target: 'SHA384-ECDSA',
    category: 'AWS',
    signingConfiguration: {
      encryptionAlgorithmOptions: { allowedValues: ['ECDSA'], defaultValue: 'ECDSA' },
      hashAlgorithmOptions: { allowedValues: ['SHA384'], defaultValue: 'SHA384' },
    },
    signingImageFormat: { supportedFormats: ['JSONDetached'], defaultFormat: 'JSONDetached' },
    maxSizeInMB: 250,
    revocationSupported: true,
  },
];

/** The platform with this id, or undefined. */
export function findPlatform(platformId: string): SigningPlatform | undefined {
  return SIGNING_PLATFORMS.find((p) => p.platformId === platformId);
}
