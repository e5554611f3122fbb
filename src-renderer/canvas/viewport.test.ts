import { describe, expect, it } from 'vitest';
import {
  MAX_SCALE,
  MIN_SCALE,
  actualSizeViewport,
  fitViewport,
  formatZoom,
  nextZoomStep,
  screenToWorld,
  worldToScreen,
  zoomBy,
  zoomTo,
} from './viewport';
import { applyWheel, classifyWheel } from './wheel';

const wheel = { deltaX: 0, deltaY: 0, deltaMode: 0, ctrlKey: false, metaKey: false, shiftKey: false };

describe('viewport math', () => {
  it('keeps the point under the cursor fixed when zooming', () => {
    const vp = { scale: 0.5, x: 40, y: -10 };
    const cursor = { x: 313, y: 127 };
    const before = screenToWorld(vp, cursor);
    const zoomed = zoomBy(vp, 3, cursor);
    expect(zoomed.scale).toBeCloseTo(1.5);
    const after = screenToWorld(zoomed, cursor);
    expect(after.x).toBeCloseTo(before.x, 9);
    expect(after.y).toBeCloseTo(before.y, 9);
  });

  it('clamps the scale', () => {
    const vp = { scale: 1, x: 0, y: 0 };
    expect(zoomTo(vp, 1e6, { x: 0, y: 0 }).scale).toBe(MAX_SCALE);
    expect(zoomTo(vp, 0, { x: 0, y: 0 }).scale).toBe(MIN_SCALE);
    expect(zoomTo(vp, Number.NaN, { x: 0, y: 0 }).scale).toBe(1);
  });

  it('fits a wide image by width and centres it vertically', () => {
    const vp = fitViewport({ width: 2000, height: 1000 }, { width: 1048, height: 800 }, 24);
    expect(vp.scale).toBeCloseTo(0.5);
    expect(vp.x).toBe(24);
    expect(vp.y).toBe(150);
    const bottomRight = worldToScreen(vp, { x: 2000, y: 1000 });
    expect(bottomRight.x).toBeCloseTo(1024);
    expect(bottomRight.y).toBeCloseTo(650);
  });

  it('fits a tall 8192 px image and upsizes a tiny one', () => {
    const tall = fitViewport({ width: 4096, height: 8192 }, { width: 900, height: 600 }, 0);
    expect(tall.scale).toBeCloseTo(600 / 8192);
    const tiny = fitViewport({ width: 10, height: 10 }, { width: 200, height: 100 }, 0);
    expect(tiny.scale).toBe(10);
    expect(tiny.x).toBe(50);
  });

  it('returns the identity for empty sizes', () => {
    expect(fitViewport({ width: 0, height: 10 }, { width: 100, height: 100 })).toEqual({
      scale: 1,
      x: 0,
      y: 0,
    });
  });

  it('centres at 100%', () => {
    expect(actualSizeViewport({ width: 100, height: 50 }, { width: 300, height: 250 })).toEqual({
      scale: 1,
      x: 100,
      y: 100,
    });
  });

  it('steps zoom through round values', () => {
    expect(nextZoomStep(1, 1)).toBe(1.5);
    expect(nextZoomStep(1, -1)).toBe(0.667);
    expect(nextZoomStep(0.7, -1)).toBe(0.667);
    expect(nextZoomStep(MAX_SCALE, 1)).toBe(MAX_SCALE);
    expect(nextZoomStep(MIN_SCALE, -1)).toBe(MIN_SCALE);
  });

  it('formats percentages', () => {
    expect(formatZoom(1)).toBe('100%');
    expect(formatZoom(0.0732)).toBe('7.3%');
    expect(formatZoom(2.5)).toBe('250%');
  });
});

describe('wheel gestures', () => {
  it('treats a mouse wheel notch as zoom and a two-finger trackpad move as pan', () => {
    expect(classifyWheel({ ...wheel, deltaY: 100 })).toBe('zoom');
    expect(classifyWheel({ ...wheel, deltaY: 53 })).toBe('zoom');
    expect(classifyWheel({ ...wheel, deltaX: 3, deltaY: 7 })).toBe('pan');
    expect(classifyWheel({ ...wheel, deltaY: 2.5 })).toBe('pan');
    expect(classifyWheel({ ...wheel, deltaY: 3, deltaMode: 1 })).toBe('zoom');
    expect(classifyWheel({ ...wheel, deltaY: 2.5, ctrlKey: true })).toBe('zoom');
    expect(classifyWheel({ ...wheel, deltaY: 100, shiftKey: true })).toBe('pan');
  });

  it('zooms in about the cursor when scrolling up', () => {
    const vp = { scale: 1, x: 0, y: 0 };
    const next = applyWheel(vp, { ...wheel, deltaY: -100 }, { x: 200, y: 100 });
    expect(next.scale).toBeGreaterThan(1.15);
    expect(next.scale).toBeLessThan(1.25);
    const p = screenToWorld(next, { x: 200, y: 100 });
    expect(p.x).toBeCloseTo(200);
    expect(p.y).toBeCloseTo(100);
  });

  it('pinch zooms out with positive deltas, and shift+wheel pans horizontally', () => {
    const vp = { scale: 1, x: 0, y: 0 };
    expect(applyWheel(vp, { ...wheel, deltaY: 10, ctrlKey: true }, { x: 0, y: 0 }).scale).toBeCloseTo(
      Math.exp(-0.1),
    );
    expect(applyWheel(vp, { ...wheel, deltaY: 30, shiftKey: true }, { x: 0, y: 0 })).toEqual({
      scale: 1,
      x: -30,
      y: 0,
    });
    expect(applyWheel(vp, { ...wheel, deltaX: 4, deltaY: -6 }, { x: 0, y: 0 })).toEqual({
      scale: 1,
      x: -4,
      y: 6,
    });
  });
});
