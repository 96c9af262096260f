// samtranslator's policy templates, one row each: the template's space-separated parameters, then
// one string per `Allow` statement: `<actions> -> <resources>[ if <Operator> <key> = <pattern>]`.
// `[svc:A B]` is the list [svc:A, svc:B] and a bare `svc:A` the single string, as samtranslator
// writes each; resources likewise (`[x, y]` or `x`). A resource is `*` or an ARN pattern for
// Fn::Sub where `@svc:rest` stands for `arn:${AWS::Partition}:svc:${AWS::Region}:${AWS::AccountId}:rest`
// and each `${variable}` not of `AWS::` is bound to the parameter of that name in any case.
// `policy-template-statements.ts` reads the rows.

/** Every SAM policy template by name: parameters, then statements. */
export const POLICY_TEMPLATE_ROWS: ReadonlyMap<string, readonly string[]> = new Map(
  Object.entries({
    AMIDescribePolicy: ['', '[ec2:DescribeImages] -> *'],
    AWSSecretsManagerGetSecretValuePolicy: ['SecretArn', '[secretsmanager:GetSecretValue] -> ${secretArn}'],
    AWSSecretsManagerRotationPolicy: [
      'FunctionName',
      '[secretsmanager:DescribeSecret GetSecretValue PutSecretValue UpdateSecretVersionStage] -> @secretsmanager:secret:* if StringEquals secretsmanager:resource/AllowRotationLambdaArn = @lambda:function:${functionName}',
      '[secretsmanager:GetRandomPassword] -> *',
    ],
    AcmGetCertificatePolicy: ['CertificateArn', '[acm:GetCertificate] -> ${certificateArn}'],
    AthenaQueryPolicy: [
      'WorkGroupName',
      '[athena:ListWorkGroups GetExecutionEngine GetExecutionEngines GetNamespace GetCatalogs GetNamespaces GetTables GetTable] -> *',
      '[athena:StartQueryExecution GetQueryResults DeleteNamedQuery GetNamedQuery ListQueryExecutions StopQueryExecution GetQueryResultsStream ListNamedQueries CreateNamedQuery GetQueryExecution BatchGetNamedQuery BatchGetQueryExecution GetWorkGroup] -> @athena:workgroup/${workgroupName}',
    ],
    CloudFormationDescribeStacksPolicy: ['', '[cloudformation:DescribeStacks] -> @cloudformation:stack/*'],
    CloudWatchDashboardPolicy: ['', '[cloudwatch:GetDashboard ListDashboards PutDashboard ListMetrics] -> *'],
    CloudWatchDescribeAlarmHistoryPolicy: ['', '[cloudwatch:DescribeAlarmHistory] -> *'],
    CloudWatchPutMetricPolicy: ['', '[cloudwatch:PutMetricData] -> *'],
    CodeCommitCrudPolicy: [
      'RepositoryName',
      '[codecommit:GitPull GitPush CreateBranch DeleteBranch GetBranch ListBranches MergeBranchesByFastForward MergeBranchesBySquash MergeBranchesByThreeWay UpdateDefaultBranch BatchDescribeMergeConflicts CreateUnreferencedMergeCommit DescribeMergeConflicts GetMergeCommit GetMergeOptions BatchGetPullRequests CreatePullRequest DescribePullRequestEvents GetCommentsForPullRequest GetCommitsFromMergeBase GetMergeConflicts GetPullRequest ListPullRequests MergePullRequestByFastForward MergePullRequestBySquash MergePullRequestByThreeWay PostCommentForPullRequest UpdatePullRequestDescription UpdatePullRequestStatus UpdatePullRequestTitle DeleteFile GetBlob GetFile GetFolder PutFile DeleteCommentContent GetComment GetCommentsForComparedCommit PostCommentForComparedCommit PostCommentReply UpdateComment BatchGetCommits CreateCommit GetCommit GetCommitHistory GetDifferences GetObjectIdentifier GetReferences GetTree GetRepository UpdateRepositoryDescription ListTagsForResource TagResource UntagResource GetRepositoryTriggers PutRepositoryTriggers TestRepositoryTriggers GetBranch GetCommit UploadArchive GetUploadArchiveStatus CancelUploadArchive] -> @codecommit:${repositoryName}',
    ],
    CodeCommitReadPolicy: [
      'RepositoryName',
      '[codecommit:GitPull GetBranch ListBranches BatchDescribeMergeConflicts DescribeMergeConflicts GetMergeCommit GetMergeOptions BatchGetPullRequests DescribePullRequestEvents GetCommentsForPullRequest GetCommitsFromMergeBase GetMergeConflicts GetPullRequest ListPullRequests GetBlob GetFile GetFolder GetComment GetCommentsForComparedCommit BatchGetCommits GetCommit GetCommitHistory GetDifferences GetObjectIdentifier GetReferences GetTree GetRepository ListTagsForResource GetRepositoryTriggers TestRepositoryTriggers GetBranch GetCommit GetUploadArchiveStatus] -> @codecommit:${repositoryName}',
    ],
    CodePipelineLambdaExecutionPolicy: ['', '[codepipeline:PutJobSuccessResult PutJobFailureResult] -> *'],
    CodePipelineReadOnlyPolicy: [
      'PipelineName',
      '[codepipeline:ListPipelineExecutions] -> @codepipeline:${pipelinename}',
    ],
    ComprehendBasicAccessPolicy: [
      '',
      '[comprehend:BatchDetectKeyPhrases DetectDominantLanguage DetectEntities BatchDetectEntities DetectKeyPhrases DetectSentiment BatchDetectDominantLanguage BatchDetectSentiment] -> *',
    ],
    CostExplorerReadOnlyPolicy: [
      '',
      '[ce:GetCostAndUsage GetDimensionValues GetReservationCoverage GetReservationPurchaseRecommendation GetReservationUtilization GetTags] -> *',
    ],
    DynamoDBBackupFullAccessPolicy: [
      'TableName',
      '[dynamodb:CreateBackup DescribeContinuousBackups] -> @dynamodb:table/${tableName}',
      '[dynamodb:DeleteBackup DescribeBackup ListBackups] -> @dynamodb:table/${tableName}/backup/*',
    ],
    DynamoDBCrudPolicy: [
      'TableName',
      '[dynamodb:GetItem DeleteItem PutItem Scan Query UpdateItem BatchWriteItem BatchGetItem DescribeTable ConditionCheckItem] -> [@dynamodb:table/${tableName}, @dynamodb:table/${tableName}/index/*]',
    ],
    DynamoDBReadPolicy: [
      'TableName',
      '[dynamodb:GetItem Scan Query BatchGetItem DescribeTable] -> [@dynamodb:table/${tableName}, @dynamodb:table/${tableName}/index/*]',
    ],
    DynamoDBReconfigurePolicy: ['TableName', '[dynamodb:UpdateTable] -> @dynamodb:table/${tableName}'],
    DynamoDBRestoreFromBackupPolicy: [
      'TableName',
      '[dynamodb:RestoreTableFromBackup] -> @dynamodb:table/${tableName}/backup/*',
      '[dynamodb:PutItem UpdateItem DeleteItem GetItem Query Scan BatchWriteItem] -> @dynamodb:table/${tableName}',
    ],
    DynamoDBStreamReadPolicy: [
      'StreamName TableName',
      '[dynamodb:DescribeStream GetRecords GetShardIterator] -> @dynamodb:table/${tableName}/stream/${streamName}',
      '[dynamodb:ListStreams] -> @dynamodb:table/${tableName}/stream/*',
    ],
    DynamoDBWritePolicy: [
      'TableName',
      '[dynamodb:PutItem UpdateItem BatchWriteItem] -> [@dynamodb:table/${tableName}, @dynamodb:table/${tableName}/index/*]',
    ],
    EC2CopyImagePolicy: ['ImageId', '[ec2:CopyImage] -> @ec2:image/${imageId}'],
    EC2DescribePolicy: ['', '[ec2:DescribeRegions DescribeInstances] -> *'],
    EFSWriteAccessPolicy: [
      'AccessPoint FileSystem',
      '[elasticfilesystem:ClientMount ClientWrite] -> @elasticfilesystem:file-system/${FileSystem} if StringEquals elasticfilesystem:AccessPointArn = @elasticfilesystem:access-point/${AccessPoint}',
    ],
    EKSDescribePolicy: ['', '[eks:DescribeCluster ListClusters] -> *'],
    EcsRunTaskPolicy: ['TaskDefinition', '[ecs:RunTask] -> @ecs:task-definition/${taskDefinition}'],
    ElasticMapReduceAddJobFlowStepsPolicy: [
      'ClusterId',
      'elasticmapreduce:AddJobFlowSteps -> @elasticmapreduce:cluster/${clusterId}',
    ],
    ElasticMapReduceCancelStepsPolicy: [
      'ClusterId',
      'elasticmapreduce:CancelSteps -> @elasticmapreduce:cluster/${clusterId}',
    ],
    ElasticMapReduceModifyInstanceFleetPolicy: [
      'ClusterId',
      '[elasticmapreduce:ModifyInstanceFleet ListInstanceFleets] -> @elasticmapreduce:cluster/${clusterId}',
    ],
    ElasticMapReduceModifyInstanceGroupsPolicy: [
      'ClusterId',
      '[elasticmapreduce:ModifyInstanceGroups ListInstanceGroups] -> @elasticmapreduce:cluster/${clusterId}',
    ],
    ElasticMapReduceSetTerminationProtectionPolicy: [
      'ClusterId',
      'elasticmapreduce:SetTerminationProtection -> @elasticmapreduce:cluster/${clusterId}',
    ],
    ElasticMapReduceTerminateJobFlowsPolicy: [
      'ClusterId',
      'elasticmapreduce:TerminateJobFlows -> @elasticmapreduce:cluster/${clusterId}',
    ],
    ElasticsearchHttpPostPolicy: ['DomainName', '[es:ESHttpPost ESHttpPut] -> @es:domain/${domainName}/*'],
    EventBridgePutEventsPolicy: ['EventBusName', 'events:PutEvents -> @events:event-bus/${eventBusName}'],
    FilterLogEventsPolicy: ['LogGroupName', '[logs:FilterLogEvents] -> @logs:log-group:${logGroupName}:log-stream:*'],
    FirehoseCrudPolicy: [
      'DeliveryStreamName',
      '[firehose:CreateDeliveryStream DeleteDeliveryStream DescribeDeliveryStream PutRecord PutRecordBatch UpdateDestination] -> @firehose:deliverystream/${deliveryStreamName}',
    ],
    FirehoseWritePolicy: [
      'DeliveryStreamName',
      '[firehose:PutRecord PutRecordBatch] -> @firehose:deliverystream/${deliveryStreamName}',
    ],
    KMSDecryptPolicy: ['KeyId', 'kms:Decrypt -> @kms:key/${keyId}'],
    KMSEncryptPolicy: ['KeyId', 'kms:Encrypt -> @kms:key/${keyId}'],
    KMSEncryptPolicy_v2: [
      'KeyId',
      '[kms:Encrypt GenerateDataKey GenerateDataKeyWithoutPlaintext GenerateDataKeyPair GenerateDataKeyPairWithoutPlaintext] -> @kms:key/${keyId}',
    ],
    KinesisCrudPolicy: [
      'StreamName',
      '[kinesis:AddTagsToStream CreateStream DecreaseStreamRetentionPeriod DeleteStream DescribeStream DescribeStreamSummary GetShardIterator IncreaseStreamRetentionPeriod ListTagsForStream MergeShards PutRecord PutRecords SplitShard RemoveTagsFromStream] -> @kinesis:stream/${streamName}',
    ],
    KinesisStreamReadPolicy: [
      'StreamName',
      '[kinesis:ListStreams DescribeLimits] -> @kinesis:stream/*',
      '[kinesis:DescribeStream DescribeStreamSummary GetRecords GetShardIterator] -> @kinesis:stream/${streamName}',
    ],
    LambdaInvokePolicy: ['FunctionName', '[lambda:InvokeFunction] -> @lambda:function:${functionName}*'],
    MobileAnalyticsWriteOnlyAccessPolicy: ['', '[mobileanalytics:PutEvents] -> *'],
    OrganizationsListAccountsPolicy: ['', '[organizations:ListAccounts] -> *'],
    PinpointEndpointAccessPolicy: [
      'PinpointApplicationId',
      '[mobiletargeting:GetEndpoint UpdateEndpoint UpdateEndpointsBatch] -> @mobiletargeting:apps/${pinpointApplicationId}/endpoints/*',
    ],
    PollyFullAccessPolicy: [
      'LexiconName',
      '[polly:GetLexicon DeleteLexicon] -> [@polly:lexicon/${lexiconName}]',
      '[polly:DescribeVoices ListLexicons PutLexicon SynthesizeSpeech] -> [@polly:lexicon/*]',
    ],
    RekognitionDetectOnlyPolicy: ['', '[rekognition:DetectFaces DetectLabels DetectModerationLabels DetectText] -> *'],
    RekognitionFacesManagementPolicy: [
      'CollectionId',
      '[rekognition:IndexFaces DeleteFaces SearchFaces SearchFacesByImage ListFaces] -> @rekognition:collection/${collectionId}',
    ],
    RekognitionFacesPolicy: ['', '[rekognition:CompareFaces DetectFaces] -> *'],
    RekognitionLabelsPolicy: ['', '[rekognition:DetectLabels DetectModerationLabels] -> *'],
    RekognitionNoDataAccessPolicy: [
      'CollectionId',
      '[rekognition:CompareFaces DetectFaces DetectLabels DetectModerationLabels] -> @rekognition:collection/${collectionId}',
    ],
    RekognitionReadPolicy: [
      'CollectionId',
      '[rekognition:ListCollections ListFaces SearchFaces SearchFacesByImage] -> @rekognition:collection/${collectionId}',
    ],
    RekognitionWriteOnlyAccessPolicy: [
      'CollectionId',
      '[rekognition:CreateCollection IndexFaces] -> @rekognition:collection/${collectionId}',
    ],
    Route53ChangeResourceRecordSetsPolicy: [
      'HostedZoneId',
      '[route53:ChangeResourceRecordSets] -> arn:${AWS::Partition}:route53:::hostedzone/${HostedZoneId}',
    ],
    S3CrudPolicy: [
      'BucketName',
      '[s3:GetObject ListBucket GetBucketLocation GetObjectVersion PutObject PutObjectAcl GetLifecycleConfiguration PutLifecycleConfiguration DeleteObject] -> [arn:${AWS::Partition}:s3:::${bucketName}, arn:${AWS::Partition}:s3:::${bucketName}/*]',
    ],
    S3FullAccessPolicy: [
      'BucketName',
      '[s3:GetObject GetObjectAcl GetObjectVersion PutObject PutObjectAcl DeleteObject DeleteObjectTagging DeleteObjectVersionTagging GetObjectTagging GetObjectVersionTagging PutObjectTagging PutObjectVersionTagging] -> [arn:${AWS::Partition}:s3:::${bucketName}/*]',
      '[s3:ListBucket GetBucketLocation GetLifecycleConfiguration PutLifecycleConfiguration] -> [arn:${AWS::Partition}:s3:::${bucketName}]',
    ],
    S3ReadPolicy: [
      'BucketName',
      '[s3:GetObject ListBucket GetBucketLocation GetObjectVersion GetLifecycleConfiguration] -> [arn:${AWS::Partition}:s3:::${bucketName}, arn:${AWS::Partition}:s3:::${bucketName}/*]',
    ],
    S3WritePolicy: [
      'BucketName',
      '[s3:PutObject PutObjectAcl PutLifecycleConfiguration] -> [arn:${AWS::Partition}:s3:::${bucketName}, arn:${AWS::Partition}:s3:::${bucketName}/*]',
    ],
    SESBulkTemplatedCrudPolicy: [
      'IdentityName',
      '[ses:GetIdentityVerificationAttributes SendEmail SendRawEmail SendTemplatedEmail SendBulkTemplatedEmail VerifyEmailIdentity] -> @ses:identity/${identityName}',
    ],
    SESBulkTemplatedCrudPolicy_v2: [
      'IdentityName TemplateName',
      '[ses:SendEmail SendRawEmail SendTemplatedEmail SendBulkTemplatedEmail] -> [@ses:identity/${identityName}, @ses:template/${templateName}]',
      '[ses:GetIdentityVerificationAttributes VerifyEmailIdentity] -> *',
    ],
    SESCrudPolicy: [
      'IdentityName',
      '[ses:GetIdentityVerificationAttributes SendEmail SendRawEmail VerifyEmailIdentity] -> @ses:identity/${identityName}',
    ],
    SESEmailTemplateCrudPolicy: [
      '',
      '[ses:CreateTemplate GetTemplate ListTemplates UpdateTemplate DeleteTemplate TestRenderTemplate] -> *',
    ],
    SESSendBouncePolicy: ['IdentityName', '[ses:SendBounce] -> @ses:identity/${identityName}'],
    SNSCrudPolicy: [
      'TopicName',
      '[sns:ListSubscriptionsByTopic CreateTopic SetTopicAttributes Subscribe Publish] -> @sns:${topicName}*',
    ],
    SNSPublishMessagePolicy: ['TopicName', '[sns:Publish] -> @sns:${topicName}'],
    SQSPollerPolicy: [
      'QueueName',
      '[sqs:ChangeMessageVisibility ChangeMessageVisibilityBatch DeleteMessage DeleteMessageBatch GetQueueAttributes ReceiveMessage] -> @sqs:${queueName}',
    ],
    SQSSendMessagePolicy: ['QueueName', '[sqs:SendMessage*] -> @sqs:${queueName}'],
    SSMParameterReadPolicy: [
      'ParameterName',
      '[ssm:DescribeParameters] -> *',
      '[ssm:GetParameters GetParameter GetParametersByPath] -> @ssm:parameter/${parameterName}',
    ],
    SSMParameterWithSlashPrefixReadPolicy: [
      'ParameterName',
      '[ssm:DescribeParameters] -> *',
      '[ssm:GetParameters GetParameter GetParametersByPath] -> @ssm:parameter${parameterName}',
    ],
    SageMakerCreateEndpointConfigPolicy: [
      'EndpointConfigName',
      '[sagemaker:CreateEndpointConfig] -> @sagemaker:endpoint-config/${endpointConfigName}',
    ],
    SageMakerCreateEndpointPolicy: [
      'EndpointName',
      '[sagemaker:CreateEndpoint] -> @sagemaker:endpoint/${endpointName}',
    ],
    ServerlessRepoReadWriteAccessPolicy: [
      '',
      '[serverlessrepo:CreateApplication CreateApplicationVersion UpdateApplication GetApplication ListApplications ListApplicationVersions ListApplicationDependencies] -> [@serverlessrepo:applications/*]',
    ],
    StepFunctionsCallbackPolicy: [
      'StateMachineName',
      '[states:SendTaskFailure SendTaskHeartbeat SendTaskSuccess] -> @states:stateMachine:${stateMachineName}',
    ],
    StepFunctionsExecutionPolicy: [
      'StateMachineName',
      '[states:StartExecution] -> @states:stateMachine:${stateMachineName}',
    ],
    StepFunctionsExecutionPolicy_v2: [
      'StateMachineName',
      '[states:StartExecution StartSyncExecution] -> @states:stateMachine:${stateMachineName}',
    ],
    TextractDetectAnalyzePolicy: [
      '',
      '[textract:DetectDocumentText StartDocumentTextDetection StartDocumentAnalysis AnalyzeDocument] -> *',
    ],
    TextractGetResultPolicy: ['', '[textract:GetDocumentTextDetection GetDocumentAnalysis] -> *'],
    TextractPolicy: ['', '[textract:*] -> *'],
    VPCAccessPolicy: [
      '',
      '[ec2:CreateNetworkInterface DeleteNetworkInterface DescribeNetworkInterfaces DetachNetworkInterface] -> *',
    ],
  }),
);
