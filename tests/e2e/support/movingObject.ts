import type { Page } from 'playwright-core';

type Hook = { studio: { getState(): any } }; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface Box {
  readonly x0: number;
  readonly y0: number;
  readonly x1: number;
  readonly y1: number;
}

/**
 * Gives the open image a moving object with a rectangular mask and a 3D path, plus an estimated depth
 * (far at the top, nearer towards the bottom), through the studio's store as the devtools console could.
 * The tools that draw masks and paths are tested in their own e2e tests; this sets up a scene to generate.
 */
export async function addMovingObject(
  page: Page,
  box: Box,
  points: readonly { x: number; y: number; depth: number }[],
): Promise<void> {
  await page.evaluate(
    ({ box, points }) => {
      const s = (globalThis as unknown as { __studioJobs: Hook }).__studioJobs.studio.getState();
      const img = s.document.image;
      const data = new Uint8Array(img.width * img.height);
      for (let y = box.y0; y < box.y1; y++) data.fill(255, y * img.width + box.x0, y * img.width + box.x1);
      const z0 = new Float32Array(90 * 100).map((_, i) => 0.9 - (0.5 * Math.floor(i / 90)) / 100);
      s.setDepth({ imageId: img.imageId, width: 90, height: 100, z0, disparity: z0 });
      s.updateDocument((d: Record<string, unknown>) => ({
        ...d,
        objects: [
          {
            id: 'obj-1',
            name: 'Square',
            colour: '#ffd400',
            kind: 'moving',
            visible: true,
            locked: false,
            prompts: { points: [], box: null },
            trajectory: { points, timing: 'uniform', easing: [] },
          },
        ],
        masks: { 'obj-1': { width: img.width, height: img.height, data } },
      }));
    },
    { box, points },
  );
}

/** Types a value into a settings field and commits it with Enter. */
export async function setField(page: Page, testId: string, value: string): Promise<void> {
  const input = page.getByTestId(testId);
  await input.fill(value);
  await input.press('Enter');
}
