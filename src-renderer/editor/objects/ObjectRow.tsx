import { useState, type DragEvent, type KeyboardEvent } from 'react';
import type { EditorObject, Mask } from '../../state/documentSlice';
import { studioStore, useStudio } from '../../state/store';
import { OBJECT_COLOURS, maskArea, renameObject, updateObject } from './objectActions';
import { deleteObjectById, moveObjectBy } from './objectOps';
import { RowIcon } from './RowIcon';

const areaCache = new WeakMap<Mask, number>();
function coverage(mask: Mask | undefined): string {
  if (!mask) return 'no mask';
  let area = areaCache.get(mask);
  if (area === undefined) areaCache.set(mask, (area = maskArea(mask)));
  const pct = (100 * area) / (mask.width * mask.height);
  return area === 0 ? 'empty mask' : `${pct < 1 ? pct.toFixed(1) : Math.round(pct)}%`;
}

const nextPaletteColour = (c: string): string =>
  OBJECT_COLOURS[(OBJECT_COLOURS.indexOf(c as (typeof OBJECT_COLOURS)[number]) + 1) % OBJECT_COLOURS.length]!;

const edit = (id: string, props: Parameters<typeof updateObject>[2]) =>
  studioStore.getState().updateDocument((d) => updateObject(d, id, props));

/** One object in the list: swatch, editable name, kind, visibility, lock, order and delete. */
export function ObjectRow({
  obj,
  index,
  count,
  onDropAt,
}: {
  obj: EditorObject;
  index: number;
  count: number;
  onDropAt: (id: string, index: number) => void;
}) {
  const selected = useStudio((s) => s.selection.includes(obj.id));
  const mask = useStudio((s) => s.document.masks[obj.id]);
  const [draft, setDraft] = useState<string | null>(null);
  const [dropHint, setDropHint] = useState(false);

  const commitName = () => {
    if (draft !== null) studioStore.getState().updateDocument((d) => renameObject(d, obj.id, draft));
    setDraft(null);
  };
  const onNameKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter') e.currentTarget.blur();
    else if (e.key === 'Escape') {
      setDraft(null);
      e.currentTarget.blur();
    }
    e.stopPropagation();
  };
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setDropHint(false);
    const id = e.dataTransfer.getData('application/x-levitor-object');
    if (id) onDropAt(id, index);
  };

  return (
    <li
      className={`object-row${selected ? ' is-selected' : ''}${obj.visible ? '' : ' is-hidden'}${dropHint ? ' is-drop' : ''}`}
      role="option"
      aria-selected={selected}
      data-testid="object-row"
      data-object-id={obj.id}
      draggable={draft === null}
      onDragStart={(e) => {
        e.dataTransfer.setData('application/x-levitor-object', obj.id);
        e.dataTransfer.effectAllowed = 'move';
      }}
      onDragOver={(e) => {
        e.preventDefault();
        setDropHint(true);
      }}
      onDragLeave={() => setDropHint(false)}
      onDrop={onDrop}
      onPointerDown={() => studioStore.getState().select([obj.id])}
    >
      <button
        type="button"
        className="swatch object-row__swatch"
        style={{ background: obj.colour }}
        aria-label={`Change the colour of ${obj.name}`}
        title="Change colour"
        onClick={(e) => {
          e.stopPropagation();
          edit(obj.id, { colour: nextPaletteColour(obj.colour) });
        }}
      />
      <span className="object-row__main">
        <input
          className="object-row__name"
          aria-label={`Name of ${obj.name}`}
          value={draft ?? obj.name}
          maxLength={200}
          onChange={(e) => setDraft(e.target.value)}
          onBlur={commitName}
          onKeyDown={onNameKey}
        />
        <span className="object-row__meta muted">
          <button
            type="button"
            className="object-row__kind"
            title="Moving objects follow a 3D path; static ones hold still (click to switch)"
            aria-label={`Kind: ${obj.kind}. Switch to ${obj.kind === 'moving' ? 'static' : 'moving'}`}
            onClick={() => edit(obj.id, { kind: obj.kind === 'moving' ? 'static' : 'moving' })}
          >
            {obj.kind === 'moving' ? 'Moving' : 'Static'}
          </button>
          <span title="Share of the image the mask covers"> · {coverage(mask)}</span>
        </span>
      </span>
      <span className="object-row__actions">
        <IconToggle
          icon={obj.visible ? 'eye' : 'eyeOff'}
          label={obj.visible ? `Hide ${obj.name}` : `Show ${obj.name}`}
          pressed={!obj.visible}
          onClick={() => edit(obj.id, { visible: !obj.visible })}
        />
        <IconToggle
          icon={obj.locked ? 'lock' : 'unlock'}
          label={obj.locked ? `Unlock ${obj.name}` : `Lock ${obj.name}`}
          pressed={obj.locked}
          onClick={() => edit(obj.id, { locked: !obj.locked })}
        />
        <IconToggle
          extra
          icon="up"
          label={`Move ${obj.name} up`}
          disabled={index === 0}
          onClick={() => moveObjectBy(obj.id, -1)}
        />
        <IconToggle
          extra
          icon="down"
          label={`Move ${obj.name} down`}
          disabled={index === count - 1}
          onClick={() => moveObjectBy(obj.id, 1)}
        />
        <IconToggle
          extra
          icon="trash"
          label={`Delete ${obj.name}`}
          onClick={() => deleteObjectById(obj.id)}
        />
      </span>
    </li>
  );
}

function IconToggle(props: {
  icon: Parameters<typeof RowIcon>[0]['name'];
  label: string;
  pressed?: boolean;
  disabled?: boolean;
  /** Shown only on hover, focus or selection, so the name keeps its room in the narrow panel. */
  extra?: boolean;
  onClick: () => void;
}) {
  return (
    <button
      type="button"
      className={`object-row__btn${props.pressed ? ' is-on' : ''}${props.extra ? ' object-row__btn--extra' : ''}`}
      aria-label={props.label}
      title={props.label}
      disabled={props.disabled}
      {...(props.pressed === undefined ? {} : { 'aria-pressed': props.pressed })}
      onClick={(e) => {
        e.stopPropagation();
        props.onClick();
      }}
    >
      <RowIcon name={props.icon} />
    </button>
  );
}
