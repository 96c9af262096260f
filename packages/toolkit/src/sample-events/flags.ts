/**
 * Every flag some sample event takes, for the CLI to declare without loading the events
 * themselves: a start of any command would otherwise load all of them and zlib. A test
 * checks the list against the events' parameters.
 */
export const SAMPLE_EVENT_FLAGS: readonly string[] = [
  'account-id',
  'body',
  'bucket',
  'data',
  'dns-suffix',
  'key',
  'log-group',
  'log-stream',
  'logical-id',
  'message',
  'method',
  'partition',
  'partition-key',
  'path',
  'querystringparameters',
  'queue-name',
  'region',
  'resource',
  'restApiId',
  'rule',
  'sequence',
  'stack',
  'stage',
  'stream',
  'subject',
  'table',
  'token',
  'topic',
];
