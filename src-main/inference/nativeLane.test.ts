import { describe, expect, it } from 'vitest';
import { currentUrgency, holdNextTurn, nativeTurn, type Urgency, withUrgency } from './nativeLane';

/** A turn that stays open until `finish` is called (stands in for a native run). */
function held(): { finish(): void; done: Promise<void> } {
  let finish = (): void => undefined;
  const done = new Promise<void>((r) => (finish = r));
  return { finish, done };
}

describe('native lane', () => {
  it('starts waiting runs most urgent first, in arrival order within an urgency, one at a time', async () => {
    const first = held();
    const running = nativeTurn(() => first.done);
    await new Promise((r) => setImmediate(r)); // the first run has its turn
    const order: string[] = [];
    let inside = 0;
    let most = 0;
    const queue = (u: Urgency, name: string): Promise<void> =>
      withUrgency(u, () =>
        nativeTurn(async () => {
          inside++;
          most = Math.max(most, inside);
          order.push(name);
          await new Promise((r) => setTimeout(r, 1));
          inside--;
        }),
      );
    const all = [
      queue('background', 'auto'),
      queue('interactive', 'depth'),
      queue('click', 'click 1'),
      queue('embedding', 'encode'),
      queue('click', 'click 2'),
    ];
    await new Promise((r) => setImmediate(r));
    expect(order).toEqual([]); // nobody starts while a run holds the lane
    first.finish();
    await running;
    await Promise.all(all);
    expect(order).toEqual(['encode', 'click 1', 'click 2', 'depth', 'auto']);
    expect(most).toBe(1);
  });

  it('a failed run frees the lane; a turn taken inside a turn runs at once', async () => {
    await expect(nativeTurn(() => Promise.reject(new Error('graph failed')))).rejects.toThrow('graph failed');
    const nested = await nativeTurn(() => nativeTurn(() => Promise.resolve('inner')));
    expect(nested).toBe('inner');
  });

  it('a less urgent run waits while a more urgent task prepares its next run', async () => {
    const order: string[] = [];
    const reading = held(); // the embedding's task is still reading and resizing the image
    const encode = withUrgency('embedding', async () => {
      await reading.done;
      await nativeTurn(async () => void order.push('encode'));
    });
    const depth = withUrgency('interactive', () => nativeTurn(async () => void order.push('depth')));
    for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
    expect(order).toEqual([]);
    reading.finish();
    await Promise.all([encode, depth]);
    expect(order).toEqual(['encode', 'depth']);
  });

  it('no turn starts while a reply is still being written (holdNextTurn)', async () => {
    const write = held();
    holdNextTurn(write.done);
    let ran = false;
    const next = nativeTurn(() => Promise.resolve((ran = true)));
    for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
    expect(ran).toBe(false);
    write.finish();
    await next;
    expect(ran).toBe(true);
  });

  it('the urgency follows the task through its awaits', async () => {
    expect(currentUrgency()).toBe('click');
    const seen = await withUrgency('background', async () => {
      await new Promise((r) => setTimeout(r, 1));
      return currentUrgency();
    });
    expect(seen).toBe('background');
  });
});
