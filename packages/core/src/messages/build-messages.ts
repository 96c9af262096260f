import * as make from './message-spec.ts';

/** A code source the build read. */
export interface BuildSourcePayload {
  source: string;
}

/** A code source whose zip was taken from the build cache. */
export interface BuildCacheHitPayload extends BuildSourcePayload {
  sha256: string;
}

/** A code source zipped into the build cache. */
export interface BuildZippedPayload extends BuildCacheHitPayload {
  size: number;
  entries: number;
  /** Entries copied, still compressed, from the source's previous zip. */
  reused: number;
  /** MiB pieces of large edited files copied, still compressed, from their entry in the previous zip. */
  reusedPieces: number;
}

const source = 'the code source folder';

/** The messages of `@toolkit/build` (codes 2xxx). */
export const buildMessages = {
  BuildSourceNotFound: make.error({
    code: 'TOOLKIT_E2001',
    description: 'A code source (CodeUri, ContentUri, …) names a path that does not exist.',
  }),
  BuildSourceNotADirectory: make.error({
    code: 'TOOLKIT_E2002',
    description: 'A code source declared as a folder is a file (a .zip source must be declared as a zip file).',
  }),
  BuildSourceNotAFile: make.error({
    code: 'TOOLKIT_E2003',
    description: 'A code source declared as a zip file is not a file.',
  }),
  BuildNotAZip: make.error({
    code: 'TOOLKIT_E2004',
    description:
      'A code source named `.zip` or `.jar` does not start with a zip signature (any other non-zip file is zipped alone).',
  }),
  BuildUnknownSourceKind: make.error({
    code: 'TOOLKIT_E2005',
    description: "A build request names a source kind other than 'directory' or 'zip-file'.",
  }),
  BuildUnsafeEntryName: make.error({
    code: 'TOOLKIT_E2006',
    description: 'A file name cannot be put in a zip safely (absolute, `..`, control characters, not UTF-8, …).',
  }),
  BuildBrokenSymlink: make.error({
    code: 'TOOLKIT_E2007',
    description: 'A symbolic link in a code source points at nothing.',
  }),
  BuildSymlinkCycle: make.error({
    code: 'TOOLKIT_E2008',
    description: 'A symbolic link in a code source leads back to a folder containing it.',
  }),
  BuildIgnoreFileUnreadable: make.error({
    code: 'TOOLKIT_E2009',
    description: 'A `.toolkitignore` file exists but cannot be read.',
  }),
  BuildFileChanged: make.error({
    code: 'TOOLKIT_E2010',
    description: 'A file changed while it was being zipped; the build stops rather than zip a torn file.',
  }),
  BuildWorkerFailed: make.error({
    code: 'TOOLKIT_E2011',
    description: 'A build worker thread failed or exited while writing a zip.',
  }),
  BuildEmptySource: make.warn<BuildSourcePayload>({
    code: 'TOOLKIT_W2012',
    description: 'A code source folder has no files (after `.toolkitignore`): its zip is empty.',
    fields: { source },
  }),
  BuildCacheHit: make.debug<BuildCacheHitPayload>({
    code: 'TOOLKIT_D2013',
    description: 'A code source is unchanged since its zip was built: the cached zip is used.',
    fields: { source, sha256: 'the SHA-256 of the cached zip (its name in the build folder)' },
  }),
  BuildZipped: make.debug<BuildZippedPayload>({
    code: 'TOOLKIT_D2014',
    description: 'A code source was zipped into the build cache.',
    fields: {
      source,
      sha256: 'the SHA-256 of the zip (its name in the build folder)',
      size: 'the zip’s size in bytes',
      entries: 'how many files the zip holds',
      reused:
        'how many entries were copied, still compressed, from the previous zip of the same source or the shared zip of its installed dependencies',
      reusedPieces:
        'how many MiB pieces of large edited files were copied, still compressed, from their entry in the previous zip (an append deflates only the last piece)',
    },
  }),
  BuildUnknownMethod: make.error({
    code: 'TOOLKIT_E2015',
    description: 'A function or layer names a `Metadata: BuildMethod` that no build workflow knows.',
  }),
  BuildManifestMissing: make.error({
    code: 'TOOLKIT_E2016',
    description:
      'The BuildMethod needs a manifest (package.json, requirements.txt, Makefile) the code folder does not hold.',
  }),
  BuildBadProperty: make.error({
    code: 'TOOLKIT_E2017',
    description: 'A `Metadata: BuildProperties` entry is missing, of the wrong type or not one of its choices.',
  }),
  BuildToolMissing: make.error({
    code: 'TOOLKIT_E2018',
    description: 'The build needs a tool (npm, pnpm, yarn, pip, make, esbuild) that is not installed.',
  }),
  BuildCommandFailed: make.error({
    code: 'TOOLKIT_E2019',
    description: 'An install or make command failed; its last lines are quoted.',
  }),
  BuildBundleFailed: make.error({
    code: 'TOOLKIT_E2020',
    description: 'esbuild could not bundle a function; its errors are quoted at file:line:col.',
  }),
} as const;
