import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The bundled sample project in a development checkout or the browser host: resources/samples found by
 * walking up from the bundle (out/main, out/main/chunks) or the sources (src-main/services/projects).
 * Packaged Electron passes process.resourcesPath/samples instead (electron-builder extraResources).
 */
export function findSamplesDir(from: string = import.meta.dirname): string | undefined {
  let dir = from;
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, 'resources', 'samples');
    if (existsSync(join(candidate, 'coffee.levitor'))) return candidate;
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return undefined;
}

/** The sample project file: in `samplesDir` when given (packaged app), else found as above. */
export function sampleProjectPath(samplesDir?: string): string | undefined {
  const dir = samplesDir ?? findSamplesDir();
  return dir ? join(dir, 'coffee.levitor') : undefined;
}
