// Builds the CLI's bundle when the package is packed (`prepack`): the tarball ships the
// bundle, not the sources, so an installed `toolkit` never builds anything on first run.
import { buildBundle } from './ensure-bundle.mjs';

// The tarball takes every chunk in dist/: none of an earlier build may be left there.
await buildBundle({ keepPrevious: false });
