// The signing limits and defaults a command line declares, without the signing code: importing
// them loads no AWS client, so a CLI's start-up does not pay for S3 and Signer.
export { MAX_SIGNATURE_VALIDITY } from './orchestrator/signature-validity.ts';
export { DEFAULT_SIGNING_CONCURRENCY } from './orchestrator/types.ts';
