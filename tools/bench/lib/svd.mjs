// The studio's own video pipeline, loaded from source through vite (the diffusion, remote and
// triton-server benches and tools/gpu/generate.mjs time the same code the app runs).

/** loadSvdPack, SvdSessions, generateSvd and svdParamsSchema from src-main/inference/models/svd. */
export async function loadSvdPipeline(vite) {
  const load = (p) => vite.ssrLoadModule(`/src-main/inference/models/svd/${p}.ts`);
  const [{ loadSvdPack }, { SvdSessions }, { generateSvd }, { svdParamsSchema }] = await Promise.all(
    ['manifest', 'runner', 'pipeline', 'params'].map(load),
  );
  return { loadSvdPack, SvdSessions, generateSvd, svdParamsSchema };
}

/** The Triton benches need the venv tools/triton/setup.sh makes; false (and a message) without it. */
export function haveTritonVenv() {
  if (process.env.LEVITOR_TRITON_VENV) return true;
  console.error('set LEVITOR_TRITON_VENV (bash tools/triton/setup.sh makes tools/.venv-triton)');
  process.exitCode = 2;
  return false;
}
