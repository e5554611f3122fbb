import { z } from 'zod';
import { ProjectError } from './errors';
import {
  PROJECT_FORMAT,
  PROJECT_SCHEMA_VERSION,
  defaultSettings,
  projectSchema,
  type ProjectDocument,
} from './schema';
import { CENTRED_FRAME } from '../image/framing';
import { newProjectId } from './newProject';

/**
 * Version 1 (the first prototype): trajectories were bare point lists like the control scene's, objects had
 * no prompts/visibility/lock, and there was no fit mode, colour or takes. Kept loose on purpose: only what
 * the migration reads is checked here; the v2 schema validates the result.
 */
const v1Schema = z.object({
  format: z.literal(PROJECT_FORMAT),
  version: z.literal(1),
  name: z.string(),
  image: z.object({ entry: z.string(), width: z.number(), height: z.number() }),
  objects: z.array(
    z.object({
      name: z.string(),
      mask: z.string().nullable(),
      kind: z.enum(['moving', 'static']),
      trajectory: z.array(z.object({ x: z.number(), y: z.number(), depth: z.number() })).optional(),
    }),
  ),
  autoMasks: z.array(z.string()).default([]),
  depth: z.string().nullable().default(null),
  seed: z.number().int().default(defaultSettings.seed),
});

const palette = ['#e6194b', '#3cb44b', '#4363d8', '#f58231', '#911eb4', '#42d4f4', '#f032e6', '#bfef45'];

function v1ToV2(raw: unknown): unknown {
  const v1 = v1Schema.parse(raw);
  return {
    format: PROJECT_FORMAT,
    version: 2,
    name: v1.name,
    image: {
      entry: v1.image.entry,
      width: v1.image.width,
      height: v1.image.height,
      orientation: 1,
      fit: 'stretch',
    },
    objects: v1.objects.map((o, i) => ({
      id: `obj${i + 1}`,
      name: o.name,
      colour: palette[i % palette.length],
      kind: o.kind,
      visible: true,
      locked: false,
      mask: o.mask,
      prompts: { points: [], box: null },
      trajectory:
        o.kind === 'moving' && o.trajectory ? { points: o.trajectory, timing: 'uniform', easing: [] } : null,
    })),
    autoSegments: v1.autoMasks,
    depth: {
      original: v1.depth
        ? { entry: v1.depth, kind: 'disparity', width: v1.image.width, height: v1.image.height }
        : null,
      edited: null,
    },
    settings: { ...defaultSettings, seed: v1.seed },
    takes: [],
    ui: { selectedObjectId: null, activeTakeId: null, zoom: 1 },
  };
}

/**
 * Version 2 had no project id, no crop frame and unnamed takes. Its projects were always stretched (the
 * studio had no other fit), so they keep `fit` and open as they looked; the id is new, so generations
 * still running for the old file are not offered to it. Everything else passes through for the v3 schema.
 */
function v2ToV3(raw: unknown): unknown {
  const v2 = z
    .looseObject({
      image: z.looseObject({}),
      takes: z.array(z.looseObject({})).default([]),
    })
    .parse(raw);
  return {
    ...v2,
    version: 3,
    id: newProjectId(),
    image: { ...v2.image, frame: { ...CENTRED_FRAME } },
    takes: v2.takes.map((t) => ({ ...t, name: '', starred: false })),
  };
}

/** migrations[v] turns a version-v document into version v+1. */
const migrations: Record<number, (doc: unknown) => unknown> = { 1: v1ToV2, 2: v2ToV3 };

function hint(): string {
  return 'Open it with the studio version that saved it, or update LeviTor Studio.';
}

/**
 * Parses any supported version of project.json into the current document. Throws ProjectError (never a
 * zod or TypeError) for foreign, newer or invalid documents.
 */
export function migrateProject(raw: unknown): ProjectDocument {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new ProjectError(
      'foreign',
      'Its project.json is not a JSON object.',
      'Open a .levitor file saved by LeviTor Studio.',
    );
  }
  const head = raw as { format?: unknown; version?: unknown };
  if (head.format !== PROJECT_FORMAT) {
    throw new ProjectError(
      'foreign',
      'Its project.json was not written by LeviTor Studio.',
      'Open a .levitor file saved by LeviTor Studio.',
    );
  }
  const version = head.version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    throw new ProjectError(
      'invalid',
      'project.json has no valid schema version.',
      'The file is damaged; open its .bak copy if there is one.',
    );
  }
  if (version > PROJECT_SCHEMA_VERSION) {
    throw new ProjectError(
      'newer-version',
      `This project was saved by a newer LeviTor Studio (schema version ${version}; this one reads up to ${PROJECT_SCHEMA_VERSION}).`,
      hint(),
    );
  }
  let doc: unknown = raw;
  try {
    for (let v = version; v < PROJECT_SCHEMA_VERSION; v++) {
      const step = migrations[v];
      if (!step) throw new Error(`no migration from version ${v}`);
      doc = step(doc);
    }
  } catch (cause) {
    throw new ProjectError(
      'invalid',
      `project.json (version ${version}) could not be upgraded: ${describe(cause)}`,
      'The file is damaged; open its .bak copy if there is one.',
      { cause },
    );
  }
  const parsed = projectSchema.safeParse(doc);
  if (!parsed.success) {
    throw new ProjectError(
      'invalid',
      `project.json is invalid: ${z.prettifyError(parsed.error).slice(0, 500)}`,
      'The file is damaged; open its .bak copy if there is one.',
    );
  }
  return parsed.data;
}

function describe(e: unknown): string {
  if (e instanceof z.ZodError) return z.prettifyError(e).slice(0, 300);
  return e instanceof Error ? e.message : String(e);
}
