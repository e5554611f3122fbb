import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { catalogue } from '../../src-shared/models/catalogue';
import { isAllowedExternalUrl } from './external';
import { isTrustedUrl } from './trust';

const rendererIndex = '/opt/LeviTor Studio/resources/app.asar/out/renderer/index.html';
const ours = pathToFileURL(rendererIndex).href;

describe('isTrustedUrl', () => {
  it('accepts only the app’s own renderer page or the dev server origin', () => {
    expect(isTrustedUrl(ours, { rendererIndex })).toBe(true);
    expect(isTrustedUrl(`${ours}#/models`, { rendererIndex })).toBe(true);
    // Any other file named renderer/index.html (an unpacked download, another app) is not ours.
    expect(isTrustedUrl('file:///tmp/evil/renderer/index.html', { rendererIndex })).toBe(false);
    expect(isTrustedUrl('file:///opt/app/out/renderer/index.html', { rendererIndex })).toBe(false);
    expect(isTrustedUrl(ours.replace('index.html', '../renderer/../x/index.html'), { rendererIndex })).toBe(
      false,
    );
    expect(isTrustedUrl(`file://server${new URL(ours).pathname}`, { rendererIndex })).toBe(false);
    expect(isTrustedUrl('file:///etc/passwd', { rendererIndex })).toBe(false);
    expect(isTrustedUrl('https://example.com/', { rendererIndex })).toBe(false);
    const dev = { rendererIndex, devUrl: 'http://localhost:5173' };
    expect(isTrustedUrl('http://localhost:5173/x', dev)).toBe(true);
    expect(isTrustedUrl('http://localhost:5174/', dev)).toBe(false);
    expect(isTrustedUrl('not a url', { rendererIndex })).toBe(false);
  });
});

describe('isAllowedExternalUrl', () => {
  it('opens the model hub and documentation over https, nothing else', () => {
    expect(isAllowedExternalUrl('https://huggingface.co/settings/tokens')).toBe(true);
    expect(isAllowedExternalUrl('https://github.com/facebookresearch/sam2/blob/main/LICENSE')).toBe(true);
    for (const url of [
      'https://example.com/',
      'http://huggingface.co/',
      'https://huggingface.co.evil.example/',
      'https://user:pw@huggingface.co/',
      'https://huggingface.co:444/',
      'file:///etc/passwd',
      'smb://server/share',
      'ms-msdt:/id',
      'javascript:alert(1)',
    ]) {
      expect(isAllowedExternalUrl(url), url).toBe(false);
    }
  });

  it('allows every link the catalogue shows (licences, model pages)', () => {
    const links = catalogue.flatMap((e) => [e.licence.url].filter((u): u is string => !!u));
    expect(links.length).toBeGreaterThan(0);
    for (const url of links) expect(isAllowedExternalUrl(url), url).toBe(true);
  });
});
