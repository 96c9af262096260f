import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import { readSignatureValidationMetricsFrom, type SignatureValidationRecord } from '../lambda/signature-metrics.ts';
import { statement } from '../../state/statements.ts';

/** One CloudTrail management event, as LookupEvents answers it (before the wire's timestamps). */
export interface TrailEvent {
  EventId: string;
  EventName: string;
  ReadOnly: 'false';
  EventTime: Date;
  EventSource: 'lambda.amazonaws.com';
  Resources: { ResourceType: string; ResourceName: string }[];
  /** The whole record as CloudTrail writes it, a JSON string. */
  CloudTrailEvent: string;
}

/**
 * Lambda's deployments that a `Warn` code signing policy let through, as CloudTrail events,
 * newest first: AWS "stores the warning in the CloudTrail log" of the deploying call. One event
 * per deployment (a function's records with one time), its validation results in
 * `additionalEventData.signatureValidationErrors`.
 */
export function lambdaSignatureEvents(db: Database.Database, region: string, accountId: string): TrailEvent[] {
  const created = new Map(
    (
      statement(db, 'SELECT name, created_at FROM lambda_functions').all() as { name: string; created_at: string }[]
    ).map((row) => [row.name, row.created_at]),
  );
  const deployments = new Map<string, SignatureValidationRecord[]>();
  for (const record of readSignatureValidationMetricsFrom(db).records) {
    const key = `${record.functionName}\n${record.recordedAt}`;
    deployments.set(key, [...(deployments.get(key) ?? []), record]);
  }
  const events = [...deployments.entries()].map(([key, records]) => {
    const first = records[0]!;
    const eventName = eventNameOf(first, records, created.get(first.functionName));
    const eventId = uuidOf(key);
    const detail = {
      eventVersion: '1.09',
      userIdentity: { type: 'AWSAccount', accountId },
      eventTime: first.recordedAt.replace(/\.\d{3}Z$/, 'Z'),
      eventSource: 'lambda.amazonaws.com',
      eventName,
      awsRegion: region,
      requestParameters: { functionName: first.functionName },
      responseElements: null,
      additionalEventData: {
        codeSigningPolicy: 'Warn',
        signatureValidationErrors: records.map((r) => ({
          artifactArn: r.artifactArn,
          failure: r.failure,
          reason: r.reason,
        })),
      },
      eventID: eventId,
      readOnly: false,
      eventType: 'AwsApiCall',
      managementEvent: true,
      recipientAccountId: accountId,
      eventCategory: 'Management',
    };
    return {
      EventId: eventId,
      EventName: eventName,
      ReadOnly: 'false' as const,
      EventTime: new Date(first.recordedAt),
      EventSource: 'lambda.amazonaws.com' as const,
      Resources: [
        { ResourceType: 'AWS::Lambda::Function', ResourceName: first.functionName },
        ...records
          .filter((r) => r.artifactArn !== r.functionArn)
          .map((r) => ({ ResourceType: 'AWS::Lambda::LayerVersion', ResourceName: r.artifactArn })),
      ],
      CloudTrailEvent: JSON.stringify(detail),
    };
  });
  return events.sort((a, b) => b.EventTime.getTime() - a.EventTime.getTime() || a.EventId.localeCompare(b.EventId));
}

/**
 * The deploying call, as CloudTrail names Lambda's events: the function's creation when the
 * warning dates from it, a configuration update when only layers were at fault, else new code.
 */
function eventNameOf(
  first: SignatureValidationRecord,
  records: SignatureValidationRecord[],
  createdAt?: string,
): string {
  if (createdAt === first.recordedAt) return 'CreateFunction20150331';
  if (records.every((r) => r.artifactArn !== r.functionArn)) return 'UpdateFunctionConfiguration20150331v2';
  return 'UpdateFunctionCode20150331v2';
}

/** A stable event id in CloudTrail's UUID form. */
function uuidOf(key: string): string {
  const hex = createHash('sha256').update(key).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
