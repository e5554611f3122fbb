// Small helpers every bench shares: `--name value` options and the median of repeated runs.

/** The value after `--name` in argv, or `fallback`. */
export const arg = (argv, name, fallback) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && argv[i + 1] !== undefined ? argv[i + 1] : fallback;
};

/** The middle run (the upper one of two for an even count); NaN for no runs. */
export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)] : NaN;
};
