/** Line icons for the object row buttons (SVG paths: no icon font). */
const PATHS = {
  eye: 'M1.5 8 C3.5 4 12.5 4 14.5 8 C12.5 12 3.5 12 1.5 8 Z M8 6 a2 2 0 1 1 -0.01 0 Z',
  eyeOff: 'M1.5 8 C3.5 4 12.5 4 14.5 8 C12.5 12 3.5 12 1.5 8 Z M2.5 13.5 L13.5 2.5',
  lock: 'M4 7.5 H12 V14 H4 Z M5.5 7.5 V5 a2.5 2.5 0 0 1 5 0 V7.5',
  unlock: 'M4 7.5 H12 V14 H4 Z M5.5 7.5 V5 a2.5 2.5 0 0 1 5 0',
  up: 'M4 10 L8 6 L12 10',
  down: 'M4 6 L8 10 L12 6',
  trash: 'M3 4.5 H13 M6.5 4.5 V3 H9.5 V4.5 M4.5 4.5 L5.2 14 H10.8 L11.5 4.5',
} as const;

export function RowIcon({ name }: { name: keyof typeof PATHS }) {
  return (
    <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
      <path
        d={PATHS[name]}
        fill="none"
        stroke="currentColor"
        strokeWidth="1.4"
        strokeLinecap="round"
        strokeLinejoin="round"
      />
    </svg>
  );
}
