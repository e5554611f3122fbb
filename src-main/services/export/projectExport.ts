import sharp from 'sharp';
import { frameEntryName, type ProjectDocument } from '../../../src-shared/project';
import type { ProjectData } from '../projects/archive';
import { writeFileAtomic } from '../projects/atomicWrite';
import { ExportError, exportFrames } from './exportTake';
import type { ExportFormat } from './ffmpegArgs';

export interface TakeExportOptions {
  format: ExportFormat;
  scale?: number;
  outPath: string;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

/** Exports one take of a project at its own fps. */
export async function exportTake(
  data: ProjectData,
  takeId: string,
  opts: TakeExportOptions,
): Promise<{ path: string; width: number; height: number }> {
  const take = data.doc.takes.find((t) => t.id === takeId);
  if (!take) throw new ExportError('input', `The project has no take ${takeId}.`);
  const frames = take.frames;
  if (!frames)
    throw new ExportError(
      'input',
      `Take ${takeId} is stored as a video; export its frames from a frame-based take.`,
    );
  return exportFrames({
    format: opts.format,
    width: take.width,
    height: take.height,
    fps: take.fps,
    scale: opts.scale ?? 1,
    frameCount: frames.count,
    outPath: opts.outPath,
    signal: opts.signal,
    onProgress: opts.onProgress,
    readFrame: async (i) => {
      const png = data.entries.get(frameEntryName(frames.dir, i));
      if (!png) throw new ExportError('input', `Frame ${i} of take ${takeId} is missing.`);
      const { data: rgb, info } = await sharp(png)
        .removeAlpha()
        .toColourspace('srgb')
        .raw()
        .toBuffer({ resolveWithObject: true });
      if (info.channels !== 3) throw new ExportError('input', `Frame ${i} has ${info.channels} channels.`);
      return rgb;
    },
  });
}

/** Control keypoints per frame, as the control engine returns them: [row, col, id, depth]. */
export type ControlFrames = readonly (readonly (readonly number[])[])[];

/** The trajectories (and, when given, the control keypoints per frame) as a JSON file. */
export async function exportTrajectoriesJson(
  doc: ProjectDocument,
  outPath: string,
  control?: { frames: ControlFrames; width: number; height: number },
): Promise<void> {
  const body = {
    format: 'levitor-trajectories',
    version: 1,
    image: { width: doc.image.width, height: doc.image.height },
    frames: doc.settings.frames,
    fps: doc.settings.fps,
    objects: doc.objects.map((o, i) => ({
      id: o.id,
      instanceId: i + 1,
      name: o.name,
      kind: o.kind,
      trajectory: o.trajectory,
    })),
    control: control ? { width: control.width, height: control.height, keypoints: control.frames } : null,
  };
  await writeFileAtomic(outPath, new TextEncoder().encode(JSON.stringify(body, null, 1)));
}
