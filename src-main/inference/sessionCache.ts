import type * as ort from 'onnxruntime-node';
import { createCheckedSession } from './checkedSession';

/**
 * Open sessions by (model path, providers). Loading by path keeps weights out of JS; external data
 * resolves relative to the .onnx file. `dispose` releases every native session.
 */
export class SessionCache {
  private readonly sessions = new Map<string, Promise<ort.InferenceSession>>();

  constructor(readonly defaultProviders: readonly string[] = ['cpu']) {}

  get(
    modelPath: string,
    providers: readonly string[] = this.defaultProviders,
  ): Promise<ort.InferenceSession> {
    const key = `${modelPath}\n${providers.join(',')}`;
    let s = this.sessions.get(key);
    if (!s) {
      s = createCheckedSession(modelPath, { executionProviders: [...providers] });
      s.catch(() => this.sessions.delete(key));
      this.sessions.set(key, s);
    }
    return s;
  }

  get size(): number {
    return this.sessions.size;
  }

  async dispose(): Promise<void> {
    const all = [...this.sessions.values()];
    this.sessions.clear();
    for (const s of all) await (await s.catch(() => null))?.release();
  }
}
