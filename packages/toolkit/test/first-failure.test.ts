import { describe, expect, it } from 'vitest';
import { firstFailure, type DeployEvent } from '../src/stack-events.ts';

const event = (
  logicalResourceId: string,
  status: string,
  reason: string | null,
  resourceType = 'AWS::Lambda::Function',
): DeployEvent => ({
  timestamp: '2026-12-02T01:00:00.000Z',
  status,
  resourceType,
  logicalResourceId,
  reason,
});
const stack = (status: string, reason: string | null) => event('app', status, reason, 'AWS::CloudFormation::Stack');

describe('firstFailure', () => {
  it('picks the first resource failure, past knock-on cancellations and the stack summary', () => {
    const events = [
      stack('CREATE_IN_PROGRESS', 'User Initiated'),
      event('Other', 'CREATE_FAILED', 'Resource creation cancelled'),
      event('Fn', 'CREATE_FAILED', 'Error occurred while GetObject. S3 Error Code: NoSuchKey.'),
      stack(
        'ROLLBACK_IN_PROGRESS',
        'The following resource(s) failed to create: [Fn, Other]. Rollback requested by user.',
      ),
      event('Fn', 'DELETE_FAILED', 'later'),
    ];
    expect(firstFailure(events, 'app')).toBe(events[2]);
  });

  it("takes the stack's own reason when no resource failed", () => {
    const events = [
      stack('UPDATE_IN_PROGRESS', 'User Initiated'),
      event('Fn', 'UPDATE_COMPLETE', null),
      stack('UPDATE_ROLLBACK_IN_PROGRESS', 'Export with name Shared is already exported by stack other'),
      stack('UPDATE_ROLLBACK_COMPLETE', null),
    ];
    expect(firstFailure(events, 'app')).toBe(events[2]);
    expect(firstFailure(events.slice(0, 2), 'app')).toBeUndefined();
  });
});
