import { useEffect, useState } from 'react';
import { bridge } from '../bridge';
import { reportError } from '../io/reportError';
import { useModal } from '../shell/modal/useModal';
import { generationScene } from '../jobs/jobScene';
import { sendableScene } from '../jobs/sendScene';
import { studioStore, useStudio } from '../state/store';
import type { PickedFile } from '../../src-shared/files/ipc';
import { pickFile, stemOf } from '../files/pickFile';
import { exportStore, formatOf, suggestedName, targetPath, useExport, type ExportKind } from './exportStore';
import './export.css';

const KINDS: { value: ExportKind; label: string }[] = [
  { value: 'mp4', label: 'MP4 video (H.264)' },
  { value: 'webm', label: 'WebM video (VP9)' },
  { value: 'gif', label: 'GIF animation' },
  { value: 'png', label: 'PNG sequence (folder)' },
  { value: 'control-mp4', label: 'Control frames (MP4)' },
  { value: 'control-png', label: 'Control frames (PNG sequence)' },
  { value: 'json', label: 'Trajectories + control points (JSON)' },
];

type Phase =
  | { kind: 'idle' }
  | { kind: 'running'; id: string; done: number; total: number }
  | { kind: 'done'; path: string };

/** Export a take (MP4/WebM/GIF/PNG, optional upscale) or the control JSON to a path checked by main. */
export function ExportDialog() {
  const isOpen = useExport((s) => s.isOpen);
  const presetTake = useExport((s) => s.takeId);
  const takes = useStudio((s) => s.document.takes);
  if (!isOpen) return null;
  return (
    <ExportForm
      initialTake={presetTake ?? takes.at(-1)?.id ?? ''}
      initialKind={takes.length ? 'mp4' : 'json'}
    />
  );
}

function ExportForm({ initialTake, initialKind }: { initialTake: string; initialKind: ExportKind }) {
  const takes = useStudio((s) => s.document.takes);
  const imageName = useStudio((s) => s.document.image?.name ?? 'take');
  const [takeId, setTakeId] = useState(initialTake);
  const [kind, setKind] = useState<ExportKind>(initialKind);
  const [scale, setScale] = useState(1);
  const [target, setTarget] = useState<PickedFile | null>(null);
  const [phase, setPhase] = useState<Phase>({ kind: 'idle' });

  // Escape closes the dialog (an export keeps running in main; its result is then not shown).
  const dialogRef = useModal<HTMLDivElement>(() => exportStore.getState().close());

  useEffect(
    () =>
      bridge.api.on('export:progress', (p) =>
        setPhase((ph) =>
          ph.kind === 'running' && ph.id === p.exportId ? { ...ph, done: p.done, total: p.total } : ph,
        ),
      ),
    [],
  );

  const isTake = kind === 'mp4' || kind === 'webm' || kind === 'gif' || kind === 'png';
  const isControl = kind === 'control-mp4' || kind === 'control-png';
  const canRun = phase.kind !== 'running' && target !== null && (!isTake || takeId !== '');

  // Main's dialog (native, or the in-app picker): a name in a folder; main adds the format's extension.
  const browse = async () => {
    try {
      const file = await pickFile({
        purpose: 'export',
        title: 'Export to',
        suggestedName: stemOf(suggestedName(imageName, kind)),
      });
      if (file) setTarget(file);
    } catch (err) {
      reportError(err, 'Could not choose where to export');
    }
  };

  const run = async () => {
    if (!target) return;
    const out = target.handle;
    const id = `export-${Date.now()}`;
    setPhase({ kind: 'running', id, done: 0, total: 0 });
    try {
      if (isTake) {
        const r = await bridge.api.export.take({
          exportId: id,
          takeId,
          format: kind,
          scale,
          out,
        });
        setPhase({ kind: 'done', path: r.path });
      } else if (isControl) {
        const s = studioStore.getState();
        const scene = generationScene(s);
        if (!scene) throw new Error('Open an image first.');
        const format = formatOf(kind) as 'mp4' | 'png';
        const r = await bridge.api.export.controlFrames({
          exportId: id,
          settings: s.document.settings,
          scene: await sendableScene(scene),
          format,
          scale,
          out,
        });
        setPhase({ kind: 'done', path: r.path });
      } else {
        const s = studioStore.getState();
        const scene = generationScene(s);
        if (!scene) throw new Error('Open an image first.');
        const r = await bridge.api.export.controlJson({
          settings: s.document.settings,
          scene: await sendableScene(scene),
          out,
        });
        setPhase({ kind: 'done', path: r.path });
      }
    } catch (err) {
      setPhase({ kind: 'idle' });
      reportError(err, 'Export failed');
    }
  };

  return (
    <div className="export-backdrop" role="presentation">
      <div
        className="export-dialog"
        ref={dialogRef}
        tabIndex={-1}
        role="dialog"
        aria-modal="true"
        aria-label="Export"
      >
        <h2 className="export-dialog__title">Export</h2>
        <label className="export-row">
          <span>What</span>
          <select
            aria-label="Format"
            value={kind}
            onChange={(e) => {
              const k = e.target.value as ExportKind;
              setKind(k);
            }}
          >
            {KINDS.map((k) => (
              <option
                key={k.value}
                value={k.value}
                disabled={takes.length === 0 && ['mp4', 'webm', 'gif', 'png'].includes(k.value)}
              >
                {k.label}
              </option>
            ))}
          </select>
        </label>
        {(isTake || isControl) && (
          <>
            {isTake && (
              <label className="export-row">
                <span>Take</span>
                <select aria-label="Take" value={takeId} onChange={(e) => setTakeId(e.target.value)}>
                  {takes.map((t, i) => (
                    <option key={t.id} value={t.id}>
                      Take {i + 1} · seed {t.seedUsed} · {t.width}×{t.height} · {t.fps} fps
                    </option>
                  ))}
                </select>
              </label>
            )}
            <label className="export-row">
              <span>Upscale</span>
              <select aria-label="Upscale" value={scale} onChange={(e) => setScale(Number(e.target.value))}>
                {[1, 2, 3, 4].map((n) => (
                  <option key={n} value={n}>
                    {n}×
                  </option>
                ))}
              </select>
            </label>
          </>
        )}
        <label className="export-row">
          <span>Save to</span>
          <span className="export-path">
            <input
              aria-label="Export path"
              value={target ? targetPath(target.path, formatOf(kind)) : ''}
              placeholder="Choose where to save"
              readOnly
            />
            <button type="button" className="btn" onClick={() => void browse()}>
              Choose…
            </button>
          </span>
        </label>
        {phase.kind === 'running' && (
          <progress
            className="export-progress"
            max={Math.max(1, phase.total)}
            value={phase.done}
            aria-label="Export progress"
          />
        )}
        {phase.kind === 'done' && (
          <p className="export-done" role="status" data-testid="export-done">
            Saved {phase.path}
          </p>
        )}
        <div className="export-actions">
          {phase.kind === 'running' ? (
            <button
              type="button"
              className="btn"
              onClick={() => void bridge.api.export.cancel({ exportId: phase.id })}
            >
              Cancel export
            </button>
          ) : (
            <button type="button" className="btn" onClick={() => exportStore.getState().close()}>
              Close
            </button>
          )}
          <button type="button" className="btn btn--primary" disabled={!canRun} onClick={() => void run()}>
            Export
          </button>
        </div>
      </div>
    </div>
  );
}
