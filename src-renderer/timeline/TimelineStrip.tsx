const FRAME_COUNT = 16;
const frames = Array.from({ length: FRAME_COUNT }, (_, i) => i);

/** The timeline: frames of the clip. Playback of the control preview arrives with the editor. */
export function TimelineStrip() {
  return (
    <section className="timeline shell__timeline" aria-label="Timeline">
      <header className="timeline__header">
        <button
          type="button"
          className="btn btn--icon"
          disabled
          aria-label="Play preview"
          title="Nothing to play yet"
        >
          ▶
        </button>
        <h2 className="timeline__title">Timeline</h2>
        <span className="muted">
          16 frames · 6 fps · add a moving object with a path to preview its motion
        </span>
      </header>
      <ol className="timeline__frames">
        {frames.map((i) => (
          <li key={i} className={`timeline__frame${i === 0 ? ' timeline__frame--current' : ''}`}>
            {i + 1}
          </li>
        ))}
      </ol>
    </section>
  );
}
