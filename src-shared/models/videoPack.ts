/**
 * What a video pack's graphs compute, versioned. tools/export/svd/pack.py writes `graphSemantics` into the
 * pack's manifest.json (GRAPH_SEMANTICS there); any other writer of packs must write the same number only
 * when its graphs compute the same thing. Packs without the field are version 1.
 *
 * 1: the exporter's diffusers (0.31) temporal-context order in the spatio-temporal transformers, which is
 *    not the order LeviTor's weights were trained with (diffusers 0.24): the videos are wrong.
 * 2: diffusers 0.24's order in every spatio-temporal transformer of the UNet and the ControlNet.
 */
export const SVD_GRAPH_SEMANTICS = 2;
export const SVD_PACK_FORMAT = 'levitor-studio-svd-pack';

/** The graph-semantics version a pack manifest declares (1 when it says nothing). */
export function packSemantics(manifest: { graphSemantics?: unknown }): number | null {
  const v = manifest.graphSemantics;
  if (v === undefined) return 1;
  return typeof v === 'number' && Number.isInteger(v) && v >= 1 ? v : null;
}

/** Why this studio must not run a pack with this manifest, as a sentence for the user; null = fine. */
export function packSemanticsProblem(manifest: { graphSemantics?: unknown }): string | null {
  const v = packSemantics(manifest);
  if (v === SVD_GRAPH_SEMANTICS) return null;
  if (v === null)
    return `This video model pack's manifest has an unreadable graphSemantics (${JSON.stringify(manifest.graphSemantics)}). Re-export the pack with this studio's exporter (tools/export/svd) or reinstall it.`;
  if (v < SVD_GRAPH_SEMANTICS)
    return (
      `This video model pack was exported by an older exporter (graph semantics ${v}, this studio needs ` +
      `${SVD_GRAPH_SEMANTICS}): its denoiser does not compute what the LeviTor weights were trained with, ` +
      'so its videos would come out wrong. Re-export it with this studio (tools/export/svd, export_pack) ' +
      'or reinstall the video pack from Models, then generate again.'
    );
  return (
    `This video model pack needs a newer LeviTor Studio (graph semantics ${v}, this studio knows ` +
    `${SVD_GRAPH_SEMANTICS}). Update the studio, or re-export the pack with this studio's exporter.`
  );
}
