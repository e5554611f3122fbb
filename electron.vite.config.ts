import { resolve } from 'node:path';
import { defineConfig, externalizeDepsPlugin } from 'electron-vite';
import react from '@vitejs/plugin-react';

// Main bundle carries several entries: the Electron main process, the inference host (run as an Electron
// utilityProcess or a Node child process), the browser host and the CLI. They share the service code.
export default defineConfig({
  main: {
    plugins: [externalizeDepsPlugin()],
    build: {
      outDir: 'out/main',
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'src-main/index.ts'),
          inferenceHost: resolve(__dirname, 'src-main/inference/host.ts'),
          browserHost: resolve(__dirname, 'src-main/hosts/browser.ts'),
          cli: resolve(__dirname, 'src-main/hosts/cli.ts'),
          // Worker thread that reads untrusted .onnx files for the model manager (bounded heap and time).
          onnxWorker: resolve(__dirname, 'src-main/services/models/onnxWorker.ts'),
        },
      },
    },
  },
  preload: {
    // A sandboxed preload can require only 'electron': bundle everything else (zod via the contract).
    plugins: [externalizeDepsPlugin({ exclude: ['zod'] })],
    build: {
      outDir: 'out/preload',
      rollupOptions: {
        input: { index: resolve(__dirname, 'src-main/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src-renderer'),
    plugins: [react()],
    build: {
      outDir: resolve(__dirname, 'out/renderer'),
      rollupOptions: { input: { index: resolve(__dirname, 'src-renderer/index.html') } },
    },
  },
});
