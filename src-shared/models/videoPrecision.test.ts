import { describe, expect, it } from 'vitest';
import { chooseVideoPrecision, precisionMismatch } from './videoPrecision';

describe('video model precision', () => {
  it('installs float16 for a GPU provider and float32 for the CPU', () => {
    expect(chooseVideoPrecision(undefined, { active: 'cuda' })).toMatchObject({
      precision: 'fp16',
      provider: 'cuda',
      chosenBy: 'provider',
    });
    expect(chooseVideoPrecision(undefined, { active: 'dml' }).precision).toBe('fp16');
    const cpu = chooseVideoPrecision(undefined, { active: 'cpu' });
    expect(cpu).toMatchObject({ precision: 'fp32', provider: 'cpu' });
    expect(cpu.reason).toMatch(/CPU/);
  });

  it('keeps an asked precision whatever the provider', () => {
    expect(chooseVideoPrecision('fp16', { active: 'cpu' })).toMatchObject({
      precision: 'fp16',
      chosenBy: 'asked',
    });
    expect(chooseVideoPrecision('fp32', { active: 'cuda' }).precision).toBe('fp32');
  });

  it('falls back to float32, saying why, when no provider is known', () => {
    const c = chooseVideoPrecision(undefined, undefined, 'the inference host failed: boom');
    expect(c).toMatchObject({ precision: 'fp32', provider: null });
    expect(c.reason).toContain('boom');
    expect(c.reason).toContain('--precision fp16');
  });

  it('says what to reinstall when a pack runs on the other kind of provider', () => {
    expect(precisionMismatch('fp16', ['cuda', 'cpu'])).toBeUndefined();
    expect(precisionMismatch('fp32', ['cpu'])).toBeUndefined();
    expect(precisionMismatch('fp16', ['cpu'])).toMatch(/--precision fp32/);
    expect(precisionMismatch('fp32', ['cuda', 'cpu'])).toMatch(/11\.7 GB.*--precision fp16/);
  });
});
