import { selectWorkflow } from '@toolkit/build';
import type { ArtifactBuildInfo } from '@toolkit/template';

/**
 * The steps a folder's workflow runs before its zip (`install`, `bundle`, `make`), for
 * progress rows. A BuildMethod the build will refuse shows no steps here: the build says why.
 */
export function planStepsOf(dir: string, build: ArtifactBuildInfo): string[] {
  try {
    const workflow = selectWorkflow(dir, { logicalId: '', ...build });
    switch (workflow.kind) {
      case 'node':
      case 'python':
        return ['install'];
      case 'esbuild':
        return workflow.manifest ? ['install', 'bundle'] : ['bundle'];
      case 'makefile':
        return ['make'];
      case 'copy':
        return [];
    }
  } catch {
    return [];
  }
}
