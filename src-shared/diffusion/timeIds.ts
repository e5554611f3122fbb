/** SVD added_time_ids [2,3] (the same row for both CFG halves): [fps - 1, motion bucket id, noise aug]. */
export function addedTimeIds(fps: number, motionBucketId: number, noiseAugStrength: number): Float32Array {
  const row = [fps - 1, motionBucketId, noiseAugStrength];
  return Float32Array.from([...row, ...row]);
}
