import * as make from './message-spec.ts';

/** The messages of `@toolkit/cloud` that reach a library caller (codes 6xxx). */
export const cloudMessages = {
  CloudStateNotFound: make.error({
    code: 'TOOLKIT_E6001',
    description: 'The local cloud state folder has no database: the local cloud has never run there.',
  }),
  StateDirBusy: make.error({
    code: 'TOOLKIT_E6002',
    description: 'Another process kept the local cloud state folder past the wait.',
  }),
  LocalCloudWaiting: make.info({
    code: 'TOOLKIT_I6003',
    description: 'Another process holds the local cloud state folder; this run waits for it.',
  }),
  LocalCloudJoined: make.info({
    code: 'TOOLKIT_I6004',
    description: 'This run uses the local cloud another process already serves from the state folder.',
  }),
  LocalCloudGuestsWaited: make.info({
    code: 'TOOLKIT_I6005',
    description: 'The local cloud waits for other runs using it to finish before it stops.',
  }),
  StateDirInUse: make.error({
    code: 'TOOLKIT_E6006',
    description: 'The local cloud state folder is held by another running local cloud.',
  }),
  StateDirMoved: make.warn({
    code: 'TOOLKIT_W6007',
    description: 'The local cloud state was moved out of the project folder to the per-user state folder.',
  }),
  LegacyStateDirLeft: make.warn({
    code: 'TOOLKIT_W6008',
    description: 'An older local cloud state is left in the project folder while the per-user one is in use.',
  }),
  LegacyStateDirInUse: make.warn({
    code: 'TOOLKIT_W6009',
    description: 'An older local cloud state in the project folder is in use, so it is not moved.',
  }),
} as const;
