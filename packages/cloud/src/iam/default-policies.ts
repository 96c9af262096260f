/** The policy of the `admin` identity: everything. */
export const ADMIN_POLICY = {
  Version: '2012-10-17',
  Statement: [{ Sid: 'Administrator', Effect: 'Allow', Action: '*', Resource: '*' }],
} as const;

/**
 * The policy of the `developer` identity: build, upload, read its functions' logs, sign with
 * the profiles it was granted (Signer's profile permissions decide which), deploy stacks, and create or
 * update functions only under a code signing configuration; never create, change,
 * delete or detach code signing configurations, nor create, cancel or revoke signing
 * profiles. The configurations are the administrator's, so any existing one is approved.
 */
export const DEVELOPER_POLICY = {
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'BuildUploadDeploy',
      Effect: 'Allow',
      Action: ['s3:*', 'cloudformation:*', 'lambda:*', 'logs:*'],
      Resource: '*',
    },
    {
      Sid: 'SignWithGrantedProfiles',
      Effect: 'Allow',
      Action: [
        'signer:StartSigningJob',
        'signer:DescribeSigningJob',
        'signer:ListSigningJobs',
        'signer:GetSigningProfile',
        'signer:ListSigningProfiles',
        'signer:GetSigningPlatform',
        'signer:ListSigningPlatforms',
        'signer:GetRevocationStatus',
        'signer:ListTagsForResource',
        'signer:ListProfilePermissions',
      ],
      Resource: '*',
    },
    {
      Sid: 'NoCodeSigningConfigChanges',
      Effect: 'Deny',
      Action: [
        'lambda:CreateCodeSigningConfig',
        'lambda:UpdateCodeSigningConfig',
        'lambda:DeleteCodeSigningConfig',
        'lambda:DeleteFunctionCodeSigningConfig',
      ],
      Resource: '*',
    },
    {
      Sid: 'FunctionsOnlyUnderApprovedConfig',
      Effect: 'Deny',
      Action: ['lambda:CreateFunction', 'lambda:PutFunctionCodeSigningConfig'],
      Resource: '*',
      Condition: {
        ArnNotLikeIfExists: { 'lambda:CodeSigningConfigArn': 'arn:aws:lambda:*:*:code-signing-config:csc-*' },
      },
    },
    {
      Sid: 'FunctionsNeedAConfig',
      Effect: 'Deny',
      Action: 'lambda:CreateFunction',
      Resource: '*',
      Condition: { Null: { 'lambda:CodeSigningConfigArn': 'true' } },
    },
    {
      Sid: 'NoProfileChanges',
      Effect: 'Deny',
      Action: [
        'signer:PutSigningProfile',
        'signer:CancelSigningProfile',
        'signer:RevokeSigningProfile',
        'signer:RevokeSignature',
        'signer:AddProfilePermission',
        'signer:RemoveProfilePermission',
      ],
      Resource: '*',
    },
  ],
} as const;
