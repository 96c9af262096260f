import { describe, expect, it } from 'vitest';
import { invalidDocumentMessage, transformSam } from '../src/index.ts';

describe('invalidDocumentMessage', () => {
  it('counts each message once and orders them by logical id, other messages by their text', () => {
    expect(
      invalidDocumentMessage([
        'Resource with id [Zed] is invalid. b',
        'Structure of the SAM template is invalid. x',
        'Resource with id [Alpha] is invalid. a',
        'Resource with id [Zed] is invalid. b',
        'Event with id [Mid] is invalid. c',
      ]),
    ).toBe(
      'Invalid Serverless Application Specification document. Number of errors found: 4. Resource with id [Alpha] is invalid. a Event with id [Mid] is invalid. c Structure of the SAM template is invalid. x Resource with id [Zed] is invalid. b',
    );
  });

  it('is how transformSam orders the errors of several resources', () => {
    const bad = { Type: 'AWS::Serverless::Function', Properties: { Events: 5 } };
    const { errors } = transformSam({ Resources: { B: bad, A: bad } }, { region: 'us-east-1', accountId: '1' });
    expect(errors).toEqual([
      "Resource with id [A] is invalid. Type of property 'Events' is invalid.",
      "Resource with id [B] is invalid. Type of property 'Events' is invalid.",
    ]);
  });
});
