/** A copy of `buffer` with one byte XOR-ed. */
export function flipByte(buffer: Buffer, index: number, mask = 0x01): Buffer {
  const copy = Buffer.from(buffer);
  copy[index] = (copy[index] as number) ^ mask;
  return copy;
}

/** Realistic ARNs for tests. */
export const PROFILE_VERSION_ARN = 'arn:aws:signer:us-east-1:123456789012:/signing-profiles/MyProfile/AbCdE12345';
export const OTHER_PROFILE_VERSION_ARN = 'arn:aws:signer:us-east-1:123456789012:/signing-profiles/Other/ZyXwV98765';
export const JOB_ARN = 'arn:aws:signer:us-east-1:123456789012:/signing-jobs/2f4c1f4e-8d1b-4c38-9f0e-2a7b6f3c1d22';
