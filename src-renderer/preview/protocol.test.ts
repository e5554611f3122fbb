import { describe, expect, it } from 'vitest';
import { SHEET_MAX_HEIGHT, sheetFrame, type AnimaticSheets } from './protocol';

describe('animatic sheets', () => {
  it('finds every frame in its sheet and row', () => {
    const H = 1024;
    const perSheet = Math.floor(SHEET_MAX_HEIGHT / H); // 16 frames of 1024 px per sheet
    const sheets = [{ id: 0 }, { id: 1 }] as unknown as ImageBitmap[];
    const a: AnimaticSheets = { sheets, perSheet };
    expect(sheetFrame(a, 0, H)).toEqual({ sheet: sheets[0], y: 0 });
    expect(sheetFrame(a, 15, H)).toEqual({ sheet: sheets[0], y: 15 * H });
    expect(sheetFrame(a, 16, H)).toEqual({ sheet: sheets[1], y: 0 });
    expect(sheetFrame(a, 24, H)).toEqual({ sheet: sheets[1], y: 8 * H });
    expect(sheetFrame(a, 40, H).sheet).toBeUndefined();
  });
});
