import type { SourcePosition } from '../errors.ts';
import * as make from './message-spec.ts';

/** The artifacts a run will work on, so progress can show a row for each. */
export interface ArtifactPlanPayload {
  artifacts: { id: string; steps: string[] }[];
}

/** One row of a change set (+ Add / * Modify / - Remove). */
export interface ChangePayload {
  action: 'Add' | 'Modify' | 'Remove' | 'Import' | 'Dynamic';
  logicalResourceId: string;
  resourceType: string;
  replacement: string | null;
}

/** A stack event, as deploy and delete report it. */
export interface StackEventPayload {
  timestamp: string;
  status: string;
  resourceType: string;
  logicalResourceId: string;
  reason: string | null;
}

/** A warning the template package found in the template. */
export interface TemplateWarningPayload {
  diagnostic: string;
  position: SourcePosition | null;
}

/** The publishers a verification trusts, when they were not named one by one. */
export interface TrustedPublishersPayload {
  from: 'code-signing-config' | 'trust';
  /** The code signing configuration ARN or the trust file the publishers come from. */
  source: string;
  profileVersionArns: readonly string[];
  /** The option that would have named them, when it was not given. */
  option: string | null;
}

/** A trust file older than the maximum trust age. */
export interface TrustFileOldPayload {
  source: string;
  exportedAt: string;
  days: number;
  maxTrustAge: string;
  option: string;
}

const stackEvent = {
  timestamp: 'when it happened (ISO 8601)',
  status: 'the resource status (CREATE_COMPLETE, …)',
  resourceType: 'the resource type',
  logicalResourceId: 'the resource’s logical id',
  reason: 'the status reason, or null',
};

/** The notices of `@toolkit/toolkit`, the library of actions (codes 4101–4199). */
export const toolkitNotices = {
  ArtifactPlan: make.debug<ArtifactPlanPayload>({
    code: 'TOOLKIT_D4101',
    description: 'The artifacts a build or package run will work on, each with its steps.',
    fields: { artifacts: 'each artifact’s id and the steps it goes through (build, upload, sign)' },
  }),
  TemplateWarning: make.warn<TemplateWarningPayload>({
    code: 'TOOLKIT_W4102',
    description: 'The template has something worth fixing that does not stop the run.',
    fields: { diagnostic: 'the template diagnostic’s own code', position: 'its file, line and column, or null' },
  }),
  UnsignedWithCodeSigningConfig: make.warn({
    code: 'TOOLKIT_W4103',
    description: 'A function has a CodeSigningConfigArn but no signing profile: its code is deployed unsigned.',
  }),
  Change: make.info<ChangePayload>({
    code: 'TOOLKIT_I4104',
    description: 'One change of the change set about to be executed.',
    fields: {
      action: 'Add, Modify, Remove, Import or Dynamic',
      logicalResourceId: 'the resource’s logical id',
      resourceType: 'the resource type',
      replacement: 'True, False or Conditional for a Modify; null otherwise',
    },
  }),
  StackEvent: make.info<StackEventPayload>({
    code: 'TOOLKIT_I4105',
    description: 'A new event of the stack being deployed or deleted.',
    fields: stackEvent,
  }),
  StackEventFailed: make.error<StackEventPayload>({
    code: 'TOOLKIT_E4106',
    description: 'A new event of the stack reporting a failed resource: an error of the run, shown even with `--json`.',
    fields: stackEvent,
  }),
  SignatureValidation: make.warn({
    code: 'TOOLKIT_W4107',
    description: 'Lambda accepted code under a Warn policy although its signature did not validate.',
  }),
  ArtifactDeleted: make.info({
    code: 'TOOLKIT_I4108',
    description: 'An artifact object of the deleted stack was deleted from S3.',
  }),
  ProfileCreated: make.info({ code: 'TOOLKIT_I4109', description: 'A signing profile was created.' }),
  TrustedPublishers: make.info<TrustedPublishersPayload>({
    code: 'TOOLKIT_I4110',
    description: 'The publishers a verification trusts, when they come from a code signing config or a trust file.',
    fields: {
      from: 'code-signing-config or trust',
      source: 'the code signing configuration ARN or the trust file',
      profileVersionArns: 'the trusted profile version ARNs',
      option: 'the option that names publishers one by one, when it was not given; else null',
    },
  }),
  TrustAgeUnknown: make.warn({
    code: 'TOOLKIT_W4111',
    description: 'The trust file records no export time: revocations since are not checked.',
  }),
  TrustFileOld: make.warn<TrustFileOldPayload>({
    code: 'TOOLKIT_W4112',
    description: 'The trust file is older than the maximum trust age: revocations since are not checked.',
    fields: {
      source: 'the trust file',
      exportedAt: 'when it was exported (ISO 8601)',
      days: 'its age in whole days',
      maxTrustAge: 'the maximum trust age (`30 days`)',
      option: 'the option that sets the maximum trust age',
    },
  }),
  FunctionLog: make.info({
    code: 'TOOLKIT_I4113',
    description: 'One line of the log an invoked function wrote (the last 4 KB Lambda returns).',
  }),
  IdentityCreated: make.info({
    code: 'TOOLKIT_I4114',
    description: 'A local identity was created in the state folder.',
  }),
  ProfileWritten: make.info({
    code: 'TOOLKIT_I4115',
    description: "An identity's credentials were written as an AWS CLI profile.",
  }),
} as const;
