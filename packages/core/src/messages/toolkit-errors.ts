import * as make from './message-spec.ts';

/** The errors of `@toolkit/toolkit`, the library of actions (codes 4001–4099). */
export const toolkitErrors = {
  TemplateNotFound: make.error({
    code: 'TOOLKIT_E4001',
    description: 'The template file option names no file (or a folder without template.yaml).',
  }),
  InvalidTemplate: make.error({
    code: 'TOOLKIT_E4002',
    description: 'The template has errors; each is listed as a diagnostic with its file, line and column.',
  }),
  MissingRegion: make.error({ code: 'TOOLKIT_E4003', description: 'No AWS region is given or configured.' }),
  MissingBucket: make.error({
    code: 'TOOLKIT_E4004',
    description: 'Packaging for AWS needs an artifact bucket, or the option to use a managed one.',
  }),
  ProfileNotFound: make.error({
    code: 'TOOLKIT_E4005',
    description: 'The AWS profile option names a profile in neither the shared config nor the credentials file.',
  }),
  SharedConfig: make.error({
    code: 'TOOLKIT_E4006',
    description: 'The AWS shared config or credentials file cannot be read for the chosen profile.',
  }),
  AwsValidation: make.error({
    code: 'TOOLKIT_E4007',
    description: 'An AWS service refused the request as invalid (a ValidationException): the input is at fault.',
  }),
  NonAwsReply: make.error({
    code: 'TOOLKIT_E4008',
    description: 'The endpoint answered with something that is not an AWS reply (a wrong URL or a proxy page).',
  }),
  InvalidStackName: make.error({ code: 'TOOLKIT_E4009', description: 'The stack name is not a valid stack name.' }),
  InvalidCapability: make.error({
    code: 'TOOLKIT_E4010',
    description: 'A capability is not one CloudFormation knows.',
  }),
  UnknownParameter: make.error({
    code: 'TOOLKIT_E4011',
    description: 'A parameter override names a parameter the template does not declare.',
  }),
  StackNotUpdatable: make.error({
    code: 'TOOLKIT_E4012',
    description: 'The stack is in a state that cannot be updated (in progress, or failed and in need of deleting).',
  }),
  ChangeSetFailed: make.error({
    code: 'TOOLKIT_E4013',
    description: 'CloudFormation could not create the change set.',
  }),
  NoChanges: make.error({
    code: 'TOOLKIT_E4014',
    description: 'The change set is empty and an empty change set is to fail the deploy.',
  }),
  DeployFailed: make.error({
    code: 'TOOLKIT_E4015',
    description: 'The stack did not reach CREATE_COMPLETE or UPDATE_COMPLETE; the failed resources are listed.',
  }),
  StackNotFound: make.error({
    code: 'TOOLKIT_E4016',
    description: 'The stack named (to delete, invoke or read logs of) does not exist.',
  }),
  DeleteFailed: make.error({
    code: 'TOOLKIT_E4017',
    description: 'The stack did not reach DELETE_COMPLETE; its artifacts are kept.',
  }),
  UnknownSigningProfileId: make.error({
    code: 'TOOLKIT_E4018',
    description: 'The signing profiles name a function or layer the template does not have.',
  }),
  UnsignableArtifact: make.error({
    code: 'TOOLKIT_E4019',
    description: 'The signing profiles name a resource whose code cannot be signed (not a zip, or inline code).',
  }),
  InvalidValidity: make.error({
    code: 'TOOLKIT_E4020',
    description: 'A validity or age is not a whole number followed by days, months or years.',
  }),
  PackageStepMismatch: make.error({
    code: 'TOOLKIT_E4021',
    description: 'A packaging step returned results that do not match its plan (a toolkit bug).',
  }),
  InvalidProfileName: make.error({ code: 'TOOLKIT_E4022', description: 'The signing profile name is not valid.' }),
  ProfileExists: make.error({
    code: 'TOOLKIT_E4023',
    description: 'An active signing profile of that name already exists.',
  }),
  ZipNotFound: make.error({ code: 'TOOLKIT_E4024', description: 'The zip to verify does not exist.' }),
  InvalidTime: make.error({ code: 'TOOLKIT_E4025', description: 'The time to verify at is not an ISO 8601 time.' }),
  ConflictingPublishers: make.error({
    code: 'TOOLKIT_E4026',
    description: 'Verification is given trusted publishers in more than one way; give one.',
  }),
  AllowedPublishersRequired: make.error({
    code: 'TOOLKIT_E4027',
    description:
      'Verification needs the trusted publishers: profile version ARNs, a code signing config or a trust file.',
  }),
  TrustFileNotFound: make.error({ code: 'TOOLKIT_E4028', description: 'The trust file does not exist.' }),
  InvalidTrustFile: make.error({
    code: 'TOOLKIT_E4029',
    description: 'The trust file is not a trust export (`toolkit local trust export`).',
  }),
  InvalidCodeSigningConfigArn: make.error({
    code: 'TOOLKIT_E4030',
    description: 'The code signing configuration ARN is malformed.',
  }),
  CodeSigningConfigNotFound: make.error({
    code: 'TOOLKIT_E4031',
    description: 'Lambda has no code signing configuration with that ARN.',
  }),
  FunctionNotInStack: make.error({
    code: 'TOOLKIT_E4032',
    description:
      "The function path (`Fn` or `Child/Fn`) names no Lambda function of the stack; the stack's functions are listed.",
  }),
  EventNotJson: make.error({ code: 'TOOLKIT_E4033', description: 'The invoke event is not valid JSON.' }),
  InvalidIdentityName: make.error({
    code: 'TOOLKIT_E4034',
    description: 'A local identity name is not a valid IAM user name (letters, digits and +=,.@_-, up to 64).',
  }),
  PolicyFileUnreadable: make.error({ code: 'TOOLKIT_E4035', description: 'The policy file cannot be read.' }),
  InvalidPolicy: make.error({
    code: 'TOOLKIT_E4036',
    description: 'The policy file is not an IAM policy document (JSON with Version and Statement).',
  }),
  IdentityExists: make.error({ code: 'TOOLKIT_E4037', description: 'A local identity of that name already exists.' }),
  UnknownIdentity: make.error({
    code: 'TOOLKIT_E4038',
    description: 'The state folder has no local identity of that name; its identities are listed.',
  }),
  InvalidCliProfileName: make.error({
    code: 'TOOLKIT_E4039',
    description: 'An AWS CLI profile name holds characters the AWS CLI config files cannot hold.',
  }),
  UnknownSampleEvent: make.error({
    code: 'TOOLKIT_E4040',
    description: '`local generate-event` names a service or event it has no sample of; the known ones are listed.',
  }),
  SampleEventFlagNotTaken: make.error({
    code: 'TOOLKIT_E4041',
    description: 'A flag is given that the chosen sample event does not take; the ones it takes are listed.',
  }),
  InvalidSampleEventValue: make.error({
    code: 'TOOLKIT_E4042',
    description:
      'A sample event flag has a value the event cannot hold (an account id, an HTTP method, a JSON object, a path its resource does not match).',
  }),
} as const;
