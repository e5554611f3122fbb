export const ExportFormat = { mp4: 'mp4', webm: 'webm', gif: 'gif', png: 'png' } as const;
export type ExportFormat = (typeof ExportFormat)[keyof typeof ExportFormat];

export interface EncodeSpec {
  format: ExportFormat;
  width: number;
  height: number;
  fps: number;
  /** Integer upscale factor (1 = none), lanczos. */
  scale: number;
}

/** Output size: scaled, and padded to even for yuv420p (MP4/WebM), never resampled for that. */
export function outputSize(spec: EncodeSpec): { width: number; height: number } {
  const w = spec.width * spec.scale;
  const h = spec.height * spec.scale;
  const even = spec.format === 'mp4' || spec.format === 'webm';
  return { width: even ? w + (w % 2) : w, height: even ? h + (h % 2) : h };
}

/** ffmpeg arguments reading raw RGB24 frames from stdin and writing `out` (a file, or a %05d pattern for png). */
export function ffmpegArgs(spec: EncodeSpec, out: string): string[] {
  const input = [
    '-hide_banner',
    '-nostats',
    '-loglevel',
    'error',
    '-progress',
    'pipe:1',
    '-f',
    'rawvideo',
    '-pix_fmt',
    'rgb24',
    '-s',
    `${spec.width}x${spec.height}`,
    '-r',
    String(spec.fps),
    '-i',
    'pipe:0',
  ];
  const filters: string[] = [];
  if (spec.scale !== 1) filters.push(`scale=iw*${spec.scale}:ih*${spec.scale}:flags=lanczos`);
  if (spec.format === 'mp4' || spec.format === 'webm') filters.push('pad=ceil(iw/2)*2:ceil(ih/2)*2');
  const chain = filters.length ? filters.join(',') : 'null';
  switch (spec.format) {
    case 'mp4':
      return [
        ...input,
        '-vf',
        chain,
        '-c:v',
        'libx264',
        '-pix_fmt',
        'yuv420p',
        '-crf',
        '17',
        '-preset',
        'medium',
        '-movflags',
        '+faststart',
        '-r',
        String(spec.fps),
        '-f',
        'mp4',
        '-y',
        out,
      ];
    case 'webm':
      return [
        ...input,
        '-vf',
        chain,
        '-c:v',
        'libvpx-vp9',
        '-pix_fmt',
        'yuv420p',
        '-crf',
        '30',
        '-b:v',
        '0',
        '-row-mt',
        '1',
        '-r',
        String(spec.fps),
        '-f',
        'webm',
        '-y',
        out,
      ];
    case 'gif':
      // One palette for the whole clip (palettegen) then dithered mapping (paletteuse): far better than the
      // default 256-colour web palette.
      return [
        ...input,
        '-filter_complex',
        `[0:v]${chain},split[a][b];[a]palettegen=stats_mode=full[p];[b][p]paletteuse=dither=sierra2_4a`,
        '-loop',
        '0',
        '-f',
        'gif',
        '-y',
        out,
      ];
    case 'png':
      return [...input, '-vf', chain, '-f', 'image2', '-start_number', '0', '-y', out];
  }
}
