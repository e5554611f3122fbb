import sharp from 'sharp';

/**
 * A calm landscape drawn from SVG (sky, sun, layered hills, a lake, a hot-air balloon to animate) so the
 * README screenshot shows a real-looking picture without committing a photo.
 */
export function sampleSceneSvg(width = 1280, height = 720): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 1280 720">
  <defs>
    <linearGradient id="sky" x1="0" y1="0" x2="0" y2="1">
      <stop offset="0" stop-color="#1d3b6e"/><stop offset="0.55" stop-color="#e58f65"/><stop offset="1" stop-color="#f6cf8e"/>
    </linearGradient>
    <radialGradient id="sun" cx="0.5" cy="0.5" r="0.5">
      <stop offset="0" stop-color="#fff6d8"/><stop offset="0.6" stop-color="#ffd98a"/><stop offset="1" stop-color="#ffd98a" stop-opacity="0"/>
    </radialGradient>
    <linearGradient id="lake" x1="0" y1="0" x2="0" y2="1">
      <stop offset="0" stop-color="#e9a878"/><stop offset="1" stop-color="#30507e"/>
    </linearGradient>
    <linearGradient id="balloon" x1="0" y1="0" x2="1" y2="0">
      <stop offset="0" stop-color="#b8322f"/><stop offset="0.5" stop-color="#f0604d"/><stop offset="1" stop-color="#a02a2a"/>
    </linearGradient>
  </defs>
  <rect width="1280" height="720" fill="url(#sky)"/>
  <circle cx="860" cy="380" r="150" fill="url(#sun)"/>
  <path d="M0 420 L140 330 L260 390 L400 300 L520 380 L660 310 L820 400 L960 320 L1110 390 L1280 330 L1280 720 L0 720 Z" fill="#6d5a86"/>
  <path d="M0 470 L180 400 L330 450 L470 390 L640 460 L800 410 L980 470 L1140 420 L1280 450 L1280 720 L0 720 Z" fill="#4b4670"/>
  <rect y="500" width="1280" height="220" fill="url(#lake)"/>
  <ellipse cx="860" cy="540" rx="170" ry="10" fill="#fff1c9" opacity="0.5"/>
  <path d="M0 560 C200 520 380 600 560 590 C700 582 760 640 900 650 C1040 660 1160 610 1280 620 L1280 720 L0 720 Z" fill="#27344f"/>
  <path d="M60 640 l18 -70 l18 70 Z M110 650 l22 -95 l22 95 Z M1150 660 l20 -80 l20 80 Z M1200 655 l16 -60 l16 60 Z" fill="#17202f"/>
  <g transform="translate(360 190)">
    <path d="M0 -80 C48 -80 74 -44 74 -6 C74 34 30 62 14 92 L-14 92 C-30 62 -74 34 -74 -6 C-74 -44 -48 -80 0 -80 Z" fill="url(#balloon)"/>
    <path d="M0 -80 C20 -60 26 40 8 92 M0 -80 C-20 -60 -26 40 -8 92" stroke="#7d1f1f" stroke-width="3" fill="none"/>
    <path d="M-12 92 L-9 112 M12 92 L9 112" stroke="#3a2a20" stroke-width="2"/>
    <rect x="-12" y="110" width="24" height="18" rx="3" fill="#6b4a2e"/>
  </g>
</svg>`;
}

export async function sampleScenePng(): Promise<Buffer> {
  return sharp(Buffer.from(sampleSceneSvg())).png().toBuffer();
}
