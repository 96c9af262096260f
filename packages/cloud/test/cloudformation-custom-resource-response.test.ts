import { describe, expect, it } from 'vitest';
import { parseResponse } from '../src/plugins/cloudformation/providers/custom-resource-exchange.ts';
import { ResourceHandlerError } from '../src/plugins/cloudformation/providers/handler-error.ts';

const body = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value));
const failure = (value: unknown): ResourceHandlerError => {
  try {
    parseResponse(body(value), 'req-1');
  } catch (error) {
    if (error instanceof ResourceHandlerError) return error;
    throw error;
  }
  throw new Error('parseResponse accepted the response');
};

describe("a custom resource handler's response, checked as CloudFormation checks it", () => {
  it('reads SUCCESS with its physical id, Data and NoEcho', () => {
    expect(
      parseResponse(body({ Status: 'SUCCESS', PhysicalResourceId: 'p-1', Data: { A: '1' }, NoEcho: 'true' }), 'r'),
    ).toEqual({ physicalId: 'p-1', data: { A: '1' }, noEcho: true });
    expect(parseResponse(body({ Status: 'SUCCESS', PhysicalResourceId: 'p-1' }), 'r')).toEqual({
      physicalId: 'p-1',
      data: {},
      noEcho: false,
    });
  });

  it('turns FAILED into CloudFormation reason, carrying the physical id the handler named', () => {
    const error = failure({ Status: 'FAILED', PhysicalResourceId: 'p-2', Reason: 'no quota' });
    expect(error.message).toBe(
      'Received response status [FAILED] from custom resource. Message returned: no quota (RequestId: req-1)',
    );
    expect(error.physicalId).toBe('p-2');
  });

  it('refuses answers CloudFormation refuses', () => {
    expect(failure({ Status: 'SUCCESS' }).message).toBe('Invalid PhysicalResourceId');
    expect(failure({ Status: 'FAILED', PhysicalResourceId: '', Reason: 'x' }).message).toBe(
      'Invalid PhysicalResourceId',
    );
    expect(failure({ Status: 'SUCCESS', PhysicalResourceId: 'x'.repeat(1025) }).message).toBe(
      'Invalid PhysicalResourceId',
    );
    expect(failure({ Status: 'SUCCESS', PhysicalResourceId: 'p', Data: { A: 'x'.repeat(4096) } }).message).toBe(
      'Response object is too long.',
    );
    expect(failure('not json').message).toBe('Invalid response object: the body is not JSON');
    expect(failure([1]).message).toBe('Invalid response object: the body is not a JSON object');
    expect(failure({ Status: 'DONE', PhysicalResourceId: 'p' }).message).toBe(
      'Invalid response object: Status must be SUCCESS or FAILED, got "DONE"',
    );
    expect(failure({ Status: 'SUCCESS', PhysicalResourceId: 'p', Data: ['a'] }).message).toBe(
      'Invalid response object: Data must be a JSON object',
    );
  });
});
