// Where a canvas frame's time goes, for `npm run bench -- preview --profile`: per Konva layer, how often it
// drew and how long its drawScene took (main thread, JS + canvas calls), plus the top self-time functions of a
// V8 CPU profile taken over the same interaction. Prints figures, asserts nothing.
/* global window */

/** Wraps Konva.Layer#drawScene in the page (window.Konva is Konva's own global) to time every layer draw. */
async function instrument(page) {
  await page.evaluate(() => {
    const w = window;
    const proto = w.Konva?.Layer?.prototype;
    if (!proto) return;
    w.__layerStats = new Map();
    if (proto.__benchWrapped) return;
    proto.__benchWrapped = true;
    const orig = proto.drawScene;
    proto.drawScene = function (...args) {
      const t0 = performance.now();
      const out = orig.apply(this, args);
      const dt = performance.now() - t0;
      const layers = this.getStage()?.getLayers() ?? [];
      const key = `#${layers.indexOf(this)} (${this.getChildren().length} children, ${this.find('Shape').length} shapes)`;
      const s = w.__layerStats.get(key) ?? { draws: 0, ms: 0 };
      s.draws += 1;
      s.ms += dt;
      w.__layerStats.set(key, s);
      return out;
    };
  });
}

async function layerReport(page) {
  return page.evaluate(() =>
    [...(window.__layerStats ?? new Map()).entries()]
      .sort((a, b) => a[0].localeCompare(b[0]))
      .map(([k, s]) => `      layer ${k}: ${s.draws} draws, ${s.ms.toFixed(0)} ms`)
      .join('\n'),
  );
}

/** Self time per function (name + url:line) from a CDP Profiler profile, top `n`. */
function topSelf(profile, n) {
  const self = new Map();
  const byId = new Map(profile.nodes.map((x) => [x.id, x]));
  const dts = profile.timeDeltas ?? [];
  profile.samples.forEach((id, i) => {
    const node = byId.get(id);
    if (!node) return;
    const f = node.callFrame;
    const url = f.url ? f.url.split('/').pop() : '';
    const key = `${f.functionName || '(anonymous)'} ${url}${url ? `:${f.lineNumber + 1}` : ''}`;
    self.set(key, (self.get(key) ?? 0) + (dts[i] ?? 0) / 1000);
  });
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  return [...self.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(
      ([k, ms]) =>
        `      ${ms.toFixed(0).padStart(6)} ms ${((100 * ms) / total).toFixed(1).padStart(5)}%  ${k}`,
    )
    .join('\n');
}

/** Runs `drive` with layer timing and a CPU profile, and prints both under `name`. */
export async function profiled(page, name, drive) {
  await instrument(page);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  const result = await drive();
  const { profile } = await cdp.send('Profiler.stop');
  await cdp.detach();
  console.log(`    [profile] ${name}: Konva layer drawScene (main thread)\n${await layerReport(page)}`);
  console.log(`    [profile] ${name}: top self time (V8 sampling)\n${topSelf(profile, 18)}`);
  return result;
}

/**
 * Runs `drive` under a Chromium trace (CDP Tracing) and prints, per thread, the event names with the most
 * self time (nesting subtracted): where native time goes (paint, raster, compositing, canvas flushes).
 */
export async function traced(page, name, drive) {
  const cdp = await page.context().newCDPSession(page);
  const events = [];
  cdp.on('Tracing.dataCollected', (e) => events.push(...e.value));
  const done = new Promise((ok) => cdp.once('Tracing.tracingComplete', ok));
  await cdp.send('Tracing.start', {
    traceConfig: {
      includedCategories: ['toplevel', 'blink', 'cc', 'viz', 'gpu', 'skia', 'v8', 'devtools.timeline'],
    },
    transferMode: 'ReportEvents',
  });
  const result = await drive();
  await cdp.send('Tracing.end');
  await done;
  await cdp.detach();
  const threadName = new Map();
  for (const e of events)
    if (e.ph === 'M' && e.name === 'thread_name') threadName.set(`${e.pid}:${e.tid}`, e.args.name);
  const byThread = new Map();
  for (const e of events)
    if (e.ph === 'X' && e.dur !== undefined) {
      const k = `${e.pid}:${e.tid}`;
      if (!byThread.has(k)) byThread.set(k, []);
      byThread.get(k).push(e);
    }
  const lines = [];
  for (const [k, evs] of byThread) {
    evs.sort((a, b) => a.ts - b.ts || b.dur - a.dur);
    const self = new Map();
    const stack = [];
    const long = []; // top-level tasks over 50 ms, with what ran inside them
    for (const e of evs) {
      while (stack.length && stack[stack.length - 1].ts + stack[stack.length - 1].dur <= e.ts) stack.pop();
      const parent = stack[stack.length - 1];
      if (parent) self.set(parent.name, (self.get(parent.name) ?? 0) - e.dur);
      else if (e.dur > 50_000) long.push({ task: e, inside: [] });
      if (parent && long.length && stack[0] === long[long.length - 1].task)
        long[long.length - 1].inside.push(e);
      self.set(e.name, (self.get(e.name) ?? 0) + e.dur);
      stack.push(e);
    }
    const total = [...self.values()].reduce((a, b) => a + b, 0);
    if (total < 50_000) continue; // under 50 ms in all: not where the time goes
    const top = [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 8);
    lines.push(
      `      ${threadName.get(k) ?? k}: ${(total / 1000).toFixed(0)} ms  ` +
        top.map(([n, us]) => `${n} ${(us / 1000).toFixed(0)}`).join(', '),
    );
    // the page's main thread only: long tasks in workers (mask encoding, preview compute) do not stall frames
    if (threadName.get(k) === 'CrRendererMain') lines.push(...long.map(longTaskLine));
  }
  console.log(`    [trace] ${name}: self time per thread (ms)\n${lines.join('\n')}`);
  return result;
}

/** One long main-thread task and the four longest events that ran inside it (JS functions with their place). */
function longTaskLine({ task, inside }) {
  const what = inside
    .sort((a, b) => b.dur - a.dur)
    .slice(0, 4)
    .map((e) => {
      const d = e.args?.data;
      const fn = d?.functionName ? ` ${d.functionName}` : '';
      const where = d?.url ? ` ${String(d.url).split('/').pop()}:${d.lineNumber}` : '';
      return `${e.name}${fn}${where} ${(e.dur / 1000).toFixed(0)}`;
    });
  return `        long task ${(task.dur / 1000).toFixed(0)} ms (${task.name}): ${what.join(', ')}`;
}
