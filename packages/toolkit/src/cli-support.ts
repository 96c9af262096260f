// What a command line needs before it runs an action (option errors, validity periods, the
// wording of notices), without the actions: importing it loads no AWS client or local cloud,
// so `toolkit --version` and `--help` start without them and each command loads its action.
export { OptionError, type OptionNamer } from './option-error.ts';
export { parseValidityPeriod, type ValidityPeriod } from './signature-validity.ts';
export { trustedPublishersText, trustFileOldText } from './trust-notices.ts';
