import { expect, it } from 'vitest';
import { formatBytes } from './format';

it('formats sizes in decimal units, one decimal below 10', () => {
  expect([0, 999, 1000, 9_949, 10_000, 4_200_000, 380_000_000, 1_500_000_000, 7e15].map(formatBytes)).toEqual(
    ['0 B', '999 B', '1.0 kB', '9.9 kB', '10 kB', '4.2 MB', '380 MB', '1.5 GB', '7000 TB'],
  );
});
