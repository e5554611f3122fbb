import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const config = JSON.parse(
  readFileSync(resolve(import.meta.dirname, 'electron-builder.json'), 'utf8'),
) as Record<string, unknown>;
const require = createRequire(import.meta.url);

describe('electron-builder configuration (packaging itself needs the Electron download)', () => {
  it('is valid against electron-builder’s own schema', { timeout: 30_000 }, () => {
    // app-builder-lib ships the JSON schema electron-builder validates configs with; ajv comes with it.
    const schema = JSON.parse(readFileSync(require.resolve('app-builder-lib/scheme.json'), 'utf8')) as object;
    const Ajv = require('ajv') as new (o: object) => {
      compile(s: object): ((d: unknown) => boolean) & { errors?: unknown };
    };
    const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
    const { $schema: _ignored, ...rest } = config;
    expect(validate(rest), JSON.stringify(validate.errors)).toBe(true);
  });

  it('packages the built app and unpacks native modules from asar', () => {
    expect(config['appId']).toMatch(/^[a-z]+(\.[a-z]+)+$/);
    expect(config['files']).toContain('out/**');
    const unpack = config['asarUnpack'] as string[];
    for (const m of ['onnxruntime-node/bin', 'sharp', '@img', '@ffmpeg-installer']) {
      expect(unpack.some((p) => p.includes(`node_modules/${m}`))).toBe(true);
    }
  });

  it('sets the Electron fuses: no Node mode, no NODE_OPTIONS or inspector, the app only from a checked asar', () => {
    expect(config['asar']).toBe(true);
    expect(config['electronFuses']).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    });
  });

  it('ships as runtime dependencies only packages the app code imports', () => {
    const pkg = JSON.parse(readFileSync(resolve(import.meta.dirname, '../package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    const sources = execFileSync('git', ['ls-files', '-z', 'src-main', 'src-shared', 'src-renderer'], {
      cwd: resolve(import.meta.dirname, '..'),
      encoding: 'utf8',
    })
      .split('\0')
      .filter((f) => /\.(ts|tsx)$/.test(f) && !/\.test\.tsx?$/.test(f))
      .map((f) => readFileSync(resolve(import.meta.dirname, '..', f), 'utf8'))
      .join('\n');
    const unused = Object.keys(pkg.dependencies).filter(
      (d) => !new RegExp(`from '${d}(/[^']*)?'|require\\('${d}(/[^']*)?'\\)`).test(sources),
    );
    expect(unused).toEqual([]);
    // Unpacked folders belong to runtime dependencies (@img holds sharp's native binaries).
    for (const p of config['asarUnpack'] as string[]) {
      const top = p.split('/')[1]!;
      if (top !== '@img')
        expect(
          Object.keys(pkg.dependencies).some((d) => d.startsWith(top)),
          p,
        ).toBe(true);
    }
  });

  it('targets AppImage + deb, NSIS and dmg', () => {
    expect((config['linux'] as { target: string[] }).target).toEqual(['AppImage', 'deb']);
    expect((config['win'] as { target: string[] }).target).toEqual(['nsis']);
    expect((config['mac'] as { target: string[] }).target).toEqual(['dmg']);
  });

  it('points at the main entry electron-vite builds', () => {
    const pkg = JSON.parse(readFileSync(resolve(import.meta.dirname, '../package.json'), 'utf8')) as {
      main: string;
    };
    expect(pkg.main).toBe('out/main/index.js');
  });
});
