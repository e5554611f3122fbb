import type { ReactNode } from 'react';

/** A titled side panel section; the heading gives screen readers a landmark per section. */
export function PanelSection({
  title,
  actions,
  children,
}: {
  title: string;
  actions?: ReactNode;
  children: ReactNode;
}) {
  return (
    <section className="panel-section" aria-label={title}>
      <header className="panel-section__header">
        <h2 className="panel-section__title">{title}</h2>
        {actions}
      </header>
      <div className="panel-section__body">{children}</div>
    </section>
  );
}

export function PropertyRow({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="prop-row">
      <span className="prop-row__label">{label}</span>
      <span className="prop-row__value">{children}</span>
    </div>
  );
}
