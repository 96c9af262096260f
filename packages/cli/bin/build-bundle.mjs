// Builds the CLI's bundle when the package is packed (`prepack`): the tarball ships the
// bundle, not the sources, so an installed `toolkit` never builds anything on first run.
import { buildBundle } from './ensure-bundle.mjs';

await buildBundle();
