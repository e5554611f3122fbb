import type { RgbImage } from '../sam2/pre';
import { type DepthResult, DepthRunner } from './runner';

/**
 * `depth:estimate` for the inference host's registry: disparity (for display), Dn and LeviTor Z0 at image
 * size. Parity mode (the network sees BGR) is on unless `parityBgr: false`.
 */
export class DepthTasks {
  private readonly runners = new Map<string, Promise<DepthRunner>>();

  async estimate(p: {
    modelPath: string;
    image: RgbImage;
    parityBgr?: boolean;
    providers?: readonly string[];
  }): Promise<DepthResult> {
    const key = `${p.modelPath}\n${(p.providers ?? ['cpu']).join()}`;
    let r = this.runners.get(key);
    if (!r) {
      r = DepthRunner.open(p.modelPath, p.providers ?? ['cpu']);
      r.catch(() => this.runners.delete(key));
      this.runners.set(key, r);
    }
    return (await r).estimate(p.image, { parityBgr: p.parityBgr ?? true });
  }

  async dispose(): Promise<void> {
    const all = [...this.runners.values()];
    this.runners.clear();
    for (const r of all) await (await r.catch(() => null))?.release();
  }
}
