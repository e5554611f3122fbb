import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

// Layers by runtime (docs/design.md rule 1), enforced here:
//  - src-shared imports nothing platform-specific (no electron, node builtins, react, DOM-only libs);
//  - the renderer never imports src-main and has no Node;
//  - only the inference host (src-main/inference) imports onnxruntime-node.
const nodeBuiltins = [
  'fs',
  'path',
  'os',
  'child_process',
  'crypto',
  'http',
  'https',
  'net',
  'stream',
  'url',
  'worker_threads',
  'zlib',
  'events',
  'util',
  'buffer',
  'process',
  'readline',
  'tls',
  'dns',
  'assert',
  'timers',
  'module',
];
const nodePatterns = ['node:*', ...nodeBuiltins, ...nodeBuiltins.map((m) => `${m}/*`)];

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'out/**',
      'dist/**',
      'release/**',
      'tools/.venv*/**',
      'tests/fixtures/**',
      'coverage/**',
      '**/*.d.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'onnxruntime-node', message: 'Only src-main/inference may import onnxruntime-node.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src-shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            'electron',
            'react',
            'react-dom',
            'konva',
            'react-konva',
            'onnxruntime-node',
            'sharp',
            'ws',
          ],
          patterns: [
            ...nodePatterns,
            '**/src-main/**',
            '**/src-renderer/**',
            '../../src-main/*',
            '../../src-renderer/*',
          ],
        },
      ],
    },
  },
  {
    files: ['src-renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          paths: ['electron', 'onnxruntime-node', 'sharp', 'ws'],
          patterns: [
            ...nodePatterns,
            '**/src-main/**',
            '../src-main/*',
            '../../src-main/*',
            '../../../src-main/*',
          ],
        },
      ],
    },
  },
  {
    files: ['src-main/inference/**/*.ts', 'tests/**/*.ts', 'tools/**/*.{js,mjs,ts}'],
    rules: { 'no-restricted-imports': 'off' },
  },
);
