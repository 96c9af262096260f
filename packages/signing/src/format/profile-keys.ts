import { generateKeyPairSync } from 'node:crypto';

/** A profile version's key pair, both halves PEM-encoded (PKCS#8 private, SPKI public). */
export interface ProfileKeyPair {
  privateKeyPem: string;
  publicKeyPem: string;
}

/** Makes a new ECDSA P-384 key pair for one signing profile version. */
export function generateProfileKeyPair(): ProfileKeyPair {
  const { privateKey, publicKey } = generateKeyPairSync('ec', {
    namedCurve: 'P-384',
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  return { privateKeyPem: privateKey, publicKeyPem: publicKey };
}
