import { SETTING_RANGES } from '../../src-shared/generation/params';
import {
  generationSettingsSchema,
  type GenerationSettings as Settings,
} from '../../src-shared/project/schema';
import { PanelSection } from '../panels/Panel';
import { studioStore, useStudio } from '../state/store';
import { NumberField } from './NumberField';
import { QueueView } from './QueueView';
import { applySettings, randomiseSeed } from './settingsActions';
import { matchingPreset, MOTION_PRESETS } from './motionPresets';
import './jobs.css';

type NumericKey = keyof typeof SETTING_RANGES;
const FIELDS: { key: NumericKey; label: string; help: string; integer?: boolean }[] = [
  {
    key: 'steps',
    label: 'Steps',
    integer: true,
    help: 'Denoising steps: more is slower, a little cleaner (25 is usual).',
  },
  { key: 'frames', label: 'Frames', integer: true, help: 'Length of the take; the model was trained on 16.' },
  {
    key: 'fps',
    label: 'Frame rate (fps)',
    integer: true,
    help: 'Playback speed; also tells the model how fast time runs.',
  },
  {
    key: 'motionBucket',
    label: 'Motion bucket',
    integer: true,
    help: 'How much the whole scene moves: low calm, high lively.',
  },
  {
    key: 'noiseAug',
    label: 'Noise augmentation',
    help: 'Noise on the picture first: more lets the video drift from it.',
  },
  { key: 'minGuidance', label: 'Min guidance', help: 'How closely the first frames keep to the picture.' },
  {
    key: 'maxGuidance',
    label: 'Max guidance',
    help: 'How closely the last frames keep to it; high can look stiff.',
  },
  {
    key: 'controlScale',
    label: 'Control scale',
    help: 'How strictly objects follow your paths: <1 looser, >1 stricter.',
  },
  {
    key: 'pointsRatio',
    label: 'Points ratio',
    help: 'Control points per object: more hold its shape more rigidly.',
  },
];
const RESOLUTIONS = generationSettingsSchema.shape.resolution.options;
const DEVICES: { value: Settings['device']; label: string }[] = [
  { value: 'auto', label: 'Automatic' },
  { value: 'cpu', label: 'CPU' },
  { value: 'cuda', label: 'NVIDIA GPU (CUDA)' },
  { value: 'dml', label: 'GPU (DirectML)' },
  { value: 'coreml', label: 'Apple (Core ML)' },
];

const edit = (patch: Partial<Settings>) =>
  studioStore.getState().updateDocument((d) => applySettings(d, patch));

/** Generation settings (document.settings: undoable, validated with the project schema) and the queue. */
export function GenerationSettings() {
  const s = useStudio((st) => st.document.settings);
  return (
    <>
      <QueueView />
      <PanelSection title="Generation">
        <MotionPresets settings={s} />
        <div className="gen-grid" data-testid="generation-settings">
          <div className="gen-seed">
            <NumberField
              label="Seed"
              testId="setting-seed"
              value={s.seed}
              min={0}
              max={2 ** 32 - 1}
              step={1}
              integer
              onCommit={(seed) => edit({ seed })}
            />
            <button
              type="button"
              className={`btn${s.seedLocked ? ' gen-lock--on' : ''}`}
              aria-pressed={s.seedLocked}
              aria-label="Lock seed"
              data-testid="seed-lock"
              title={
                s.seedLocked ? 'Locked: every job uses this seed' : 'Unlocked: each job draws a new seed'
              }
              onClick={() => edit({ seedLocked: !s.seedLocked })}
            >
              {s.seedLocked ? 'Locked' : 'Lock'}
            </button>
            <button
              type="button"
              className="btn"
              aria-label="New random seed"
              title="New random seed"
              onClick={() => studioStore.getState().updateDocument((d) => randomiseSeed(d))}
            >
              Random
            </button>
          </div>
          {FIELDS.map((f) => (
            <NumberField
              key={f.key}
              label={f.label}
              testId={`setting-${f.key}`}
              value={s[f.key]}
              {...SETTING_RANGES[f.key]}
              {...(f.integer ? { integer: true } : {})}
              help={f.help}
              onCommit={(v) => edit({ [f.key]: v })}
            />
          ))}
          <label className="gen-field">
            <span className="gen-field__label">Resolution (W×H)</span>
            <select
              className="gen-input"
              aria-label="Resolution"
              value={s.resolution}
              onChange={(e) => edit({ resolution: e.target.value as Settings['resolution'] })}
            >
              {RESOLUTIONS.map((r) => (
                <option key={r} value={r}>
                  {r.replace('x', ' × ')}
                </option>
              ))}
            </select>
          </label>
          <label className="gen-field">
            <span className="gen-field__label">Device</span>
            <select
              className="gen-input"
              aria-label="Device"
              value={s.device}
              onChange={(e) => edit({ device: e.target.value as Settings['device'] })}
            >
              {DEVICES.map((d) => (
                <option key={d.value} value={d.value}>
                  {d.label}
                </option>
              ))}
            </select>
          </label>
        </div>
      </PanelSection>
    </>
  );
}

/** Subtle / Default / Strong motion: one click sets the settings that decide how much moves (one undo step). */
function MotionPresets({ settings }: { settings: Settings }) {
  const active = matchingPreset(settings);
  return (
    <div className="gen-presets" role="group" aria-label="Motion preset">
      <span className="gen-field__label">Motion</span>
      {MOTION_PRESETS.map((p) => (
        <button
          key={p.id}
          type="button"
          className={`btn${active === p.id ? ' gen-lock--on' : ''}`}
          aria-pressed={active === p.id}
          title={p.hint}
          data-testid={`preset-${p.id}`}
          onClick={() => edit(p.values)}
        >
          {p.label}
        </button>
      ))}
    </div>
  );
}
