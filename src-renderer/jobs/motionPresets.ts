import { defaultSettings, type GenerationSettings } from '../../src-shared/project/schema';
import type { StudioDocument } from '../state/documentSlice';

type PresetKeys = 'motionBucket' | 'controlScale' | 'noiseAug';

/**
 * Motion presets: the three settings that decide how much moves. Subtle keeps the picture calm and lets
 * the paths lead loosely; strong asks the model for a lively scene and holds objects to their paths harder.
 */
export const MOTION_PRESETS: readonly {
  id: string;
  label: string;
  hint: string;
  values: Pick<GenerationSettings, PresetKeys>;
}[] = [
  {
    id: 'subtle',
    label: 'Subtle',
    hint: 'Little motion besides your paths; the picture stays calm',
    values: { motionBucket: 60, controlScale: 0.8, noiseAug: 0.02 },
  },
  {
    id: 'default',
    label: 'Default',
    hint: 'The studio defaults (motion bucket 127, control scale 1, noise 0.02)',
    values: {
      motionBucket: defaultSettings.motionBucket,
      controlScale: defaultSettings.controlScale,
      noiseAug: defaultSettings.noiseAug,
    },
  },
  {
    id: 'strong',
    label: 'Strong',
    hint: 'A lively scene, objects held hard to their paths; may drift further from the picture',
    values: { motionBucket: 180, controlScale: 1.2, noiseAug: 0.05 },
  },
];

/** The preset the settings match exactly, if any (a hand-tuned value matches none). */
export function matchingPreset(s: GenerationSettings): string | null {
  const p = MOTION_PRESETS.find((m) =>
    (Object.keys(m.values) as PresetKeys[]).every((k) => s[k] === m.values[k]),
  );
  return p?.id ?? null;
}

/**
 * Whether a generation of this document moves anything along a path: a visible moving object with a mask
 * whose points do not all sit at the same place and depth (one point, or repeated points, stand still).
 */
export function hasMovingObject(doc: Pick<StudioDocument, 'objects' | 'masks'>): boolean {
  return doc.objects.some((o) => {
    const pts = o.trajectory?.points ?? [];
    const first = pts[0];
    return (
      o.visible &&
      o.kind === 'moving' &&
      doc.masks[o.id] !== undefined &&
      first !== undefined &&
      pts.some((p) => p.x !== first.x || p.y !== first.y || p.depth !== first.depth)
    );
  });
}
