import { protocol } from 'electron';
import type { StudioServices } from '../services';

export const ASSET_SCHEME = 'studio-asset';

/** Must run before app 'ready'. */
export function registerAssetScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: ASSET_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

/** studio-asset://image/<id> -> bytes from the in-memory asset store (nothing from disk by path). */
export function handleAssetProtocol(services: () => StudioServices): void {
  protocol.handle(ASSET_SCHEME, (req) => {
    const u = new URL(req.url);
    const asset = u.hostname === 'image' ? services().assets.get(u.pathname.slice(1)) : undefined;
    if (!asset) return new Response('not found', { status: 404 });
    return new Response(new Uint8Array(asset.bytes), { headers: { 'Content-Type': asset.mime } });
  });
}
