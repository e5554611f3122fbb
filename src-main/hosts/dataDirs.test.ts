import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hostDirs } from './dataDirs';

const env = { HOME: '/home/u', XDG_CONFIG_HOME: '/home/u/.config' };
const userData = '/home/u/.config/levitor-studio';

describe('browser host folders', () => {
  it('a models folder never decides where settings and recovery go', () => {
    expect(hostDirs(['--models-dir', '/mnt/shared/models'], env)).toEqual({
      dataDir: userData,
      modelsDir: '/mnt/shared/models',
    });
    expect(hostDirs([], { ...env, LEVITOR_MODELS_DIR: '/mnt/shared/models' }).dataDir).toBe(userData);
  });

  it('--data-dir / LEVITOR_DATA_DIR hold settings, and the models unless a models folder is named', () => {
    expect(hostDirs(['--data-dir', '/d'], env)).toEqual({ dataDir: '/d', modelsDir: join('/d', 'models') });
    expect(hostDirs([], { ...env, LEVITOR_DATA_DIR: '/e' })).toEqual({
      dataDir: '/e',
      modelsDir: '/e/models',
    });
    expect(hostDirs(['--data-dir', '/d', '--models-dir', '/m'], { ...env, LEVITOR_DATA_DIR: '/e' })).toEqual({
      dataDir: '/d',
      modelsDir: '/m',
    });
    expect(hostDirs([], env)).toEqual({ dataDir: userData, modelsDir: `${userData}/models` });
  });

  it('a flag without its folder is an error, not the next flag taken as a folder', () => {
    expect(() => hostDirs(['--data-dir', '--port', '8080'], env)).toThrow(/--data-dir needs a folder/);
    expect(() => hostDirs(['--models-dir'], env)).toThrow(/--models-dir needs a folder/);
  });
});
