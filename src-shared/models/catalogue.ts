import type { GraphContract, Licence, ModelRole } from './manifest';

/**
 * Models the studio knows how to fetch. Sizes are the ones the
 * hosting pages show (MB = 10^6 bytes, rounded); the exact byte count and SHA-256 come from the first
 * download (trust on first use) and are then pinned in the installed manifest, so later verify/repair
 * runs compare against them. We never ship made-up hashes: an entry only carries `sha256` when it was
 * taken from a file we hashed ourselves.
 */
export interface CatalogueFile {
  /** Path inside the installed model's files/ folder. */
  path: string;
  url: string;
  approxBytes: number;
  sha256?: string;
}

export type CatalogueDownload =
  | { kind: 'files'; files: CatalogueFile[] }
  /** One zip holding the graphs; `keep` lists the entries installed (others are ignored). */
  | { kind: 'zip'; url: string; approxBytes: number; sha256?: string; keep?: string[] }
  /** Not downloadable: built locally (the text says how), then installed from its folder. */
  | { kind: 'build'; instructions: string }
  /**
   * Checkpoints fetched from hub repositories in their own layout; the studio writes the ONNX graphs
   * (from the template it ships) with their weights pointing into the downloaded files.
   */
  | { kind: 'hub-checkpoints'; repos: HubRepoFiles[] };

/** Files of one hub repository, installed under `folder` (the name `git clone` gives it). */
export interface HubRepoFiles {
  repo: string;
  revision: string;
  folder: string;
  licence: Licence;
  /** Set when the repository is gated: the page where access is requested. */
  gatedAccessPage?: string;
  files: { path: string; approxBytes: number }[];
}

export interface CatalogueEntry {
  id: string;
  role: ModelRole;
  name: string;
  contract: GraphContract;
  licence: Licence;
  repo: string;
  revision?: string;
  description: string;
  download: CatalogueDownload;
  /** "pinned": the catalogue carries SHA-256 values; "first-download": verified on first download. */
  checksums: 'pinned' | 'first-download';
}

const MB = 1_000_000;
const apache: Licence = {
  spdx: 'Apache-2.0',
  url: 'https://www.apache.org/licenses/LICENSE-2.0',
  redistributable: true,
};

export const TRUST_ON_FIRST_USE_NOTE =
  'Checksums are verified on first download: the SHA-256 of each file is recorded when it is first ' +
  'downloaded, and every later verify or repair compares against that record.';

function hf(repo: string, path: string, revision = 'main'): string {
  return `https://huggingface.co/${repo}/resolve/${revision}/${path}`;
}

// AnyLabeling's SAM2.1 exports: one zip per size with encoder.onnx + decoder.onnx (7-input decoder).
const SAM21_REPO = 'vietanhdev/segment-anything-2.1-onnx-models';
const sam21 = (size: string, label: string, mb: number): CatalogueEntry => ({
  id: `sam2.1-hiera-${size.replace('_', '-')}`,
  role: 'segmentation',
  name: `SAM 2.1 Hiera ${label} (encoder + decoder)`,
  contract: 'sam2-encoder-decoder',
  licence: { ...apache, url: 'https://github.com/facebookresearch/sam2/blob/main/LICENSE' },
  repo: SAM21_REPO,
  description: `Meta's SAM 2.1 (${label}) exported to ONNX as encoder.onnx + decoder.onnx, the format AnyLabeling uses.`,
  download: {
    kind: 'zip',
    url: hf(SAM21_REPO, `sam2.1_hiera_${size}_20260221.zip`),
    approxBytes: mb * MB,
    keep: ['encoder.onnx', 'decoder.onnx'],
  },
  checksums: 'first-download',
});

const DEPTH_REPO = 'onnx-community/depth-anything-v2-small';
const depth = (variant: string, file: string, mb: number): CatalogueEntry => ({
  id: `depth-anything-v2-small${variant === 'fp32' ? '' : `-${variant}`}`,
  role: 'depth',
  name: `Depth Anything V2 Small (${variant})`,
  contract: 'depth-anything-v2-transformersjs',
  licence: apache,
  repo: DEPTH_REPO,
  description:
    'Relative depth (disparity) in the transformers.js layout: pixel_values -> predicted_depth. ' +
    'Only the Small model is Apache-2.0; Base/Large are CC-BY-NC-4.0 and are not offered here.',
  download: {
    kind: 'files',
    files: [
      { path: file.replace(/^onnx\//, ''), url: hf(DEPTH_REPO, file), approxBytes: mb * MB },
      { path: 'preprocessor_config.json', url: hf(DEPTH_REPO, 'preprocessor_config.json'), approxBytes: 461 },
      { path: 'config.json', url: hf(DEPTH_REPO, 'config.json'), approxBytes: 38 },
    ],
  },
  checksums: 'first-download',
});

const SVD_XT = 'stabilityai/stable-video-diffusion-img2vid-xt';
const svdLicence: Licence = {
  // Stability AI's community licence, not an SPDX licence: the studio may not redistribute the weights,
  // so each user downloads them from the hub after accepting it.
  spdx: 'LicenseRef-Stability-AI-Community',
  url: `https://huggingface.co/${SVD_XT}/blob/main/LICENSE.md`,
  redistributable: false,
};

/** The video model: SVD-XT's fp16 checkpoints + the LeviTor ControlNet, used in place (no second copy). */
const levitorSvdXt: CatalogueEntry = {
  id: 'levitor-svd-xt',
  role: 'video',
  name: 'LeviTor video model (SVD-XT + LeviTor ControlNet)',
  contract: 'levitor-video-pack-v1',
  licence: svdLicence,
  repo: `${SVD_XT} + hlwang06/LeviTor (controlnet/)`,
  description:
    'Stable Video Diffusion XT (fp16 image encoder, VAE and UNet) and the LeviTor ControlNet, downloaded ' +
    "from Hugging Face and turned into the studio's graphs on this computer; the weights are used where " +
    'they were downloaded. SVD-XT is gated: request access on its page and enter a Hugging Face token.',
  download: {
    kind: 'hub-checkpoints',
    repos: [
      {
        repo: SVD_XT,
        revision: 'main',
        folder: 'stable-video-diffusion-img2vid-xt',
        licence: svdLicence,
        gatedAccessPage: `https://huggingface.co/${SVD_XT}`,
        files: [
          { path: 'image_encoder/config.json', approxBytes: 700 },
          { path: 'image_encoder/model.fp16.safetensors', approxBytes: 1264 * MB },
          { path: 'vae/config.json', approxBytes: 700 },
          { path: 'vae/diffusion_pytorch_model.fp16.safetensors', approxBytes: 196 * MB },
          { path: 'unet/config.json', approxBytes: 1000 },
          { path: 'unet/diffusion_pytorch_model.fp16.safetensors', approxBytes: 3050 * MB },
        ],
      },
      {
        repo: 'hlwang06/LeviTor',
        revision: 'main',
        folder: 'LeviTor',
        licence: apache,
        files: [
          { path: 'controlnet/config.json', approxBytes: 1500 },
          { path: 'controlnet/diffusion_pytorch_model.safetensors', approxBytes: 2730 * MB },
        ],
      },
    ],
  },
  checksums: 'pinned',
};

export const catalogue: readonly CatalogueEntry[] = [
  sam21('tiny', 'Tiny', 111),
  sam21('small', 'Small', 136),
  sam21('base_plus', 'Base+', 259),
  sam21('large', 'Large', 768),
  depth('fp32', 'onnx/model.onnx', 99.1),
  depth('fp16', 'onnx/model_fp16.onnx', 49.6),
  depth('int8', 'onnx/model_int8.onnx', 27.3),
  levitorSvdXt,
];

export function findCatalogueEntry(id: string): CatalogueEntry | undefined {
  return catalogue.find((e) => e.id === id);
}

export function catalogueApproxBytes(e: CatalogueEntry): number | undefined {
  switch (e.download.kind) {
    case 'files':
      return e.download.files.reduce((s, f) => s + f.approxBytes, 0);
    case 'zip':
      return e.download.approxBytes;
    case 'build':
      return undefined;
    case 'hub-checkpoints':
      return e.download.repos.reduce((s, r) => s + r.files.reduce((t, f) => t + f.approxBytes, 0), 0);
  }
}
