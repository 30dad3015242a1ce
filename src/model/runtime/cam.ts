/**
 * Class activation maps (Zhou et al. 2016, "Learning Deep Features for Discriminative Localization", §2), on plain
 * arrays: what `ResNet50.cam` computes and what the classifier widget draws.
 *
 * ResNet-50 ends in global average pooling and one fully connected layer, so the score (logit) of class c is
 *   z_c = Σ_k w_{k,c} · mean_{x,y} f_k(x, y) + b_c = mean_{x,y} CAM_c(x, y) + b_c,
 * with CAM_c(x, y) = Σ_k w_{k,c} · f_k(x, y) over the 2048 channels f_k of C5 (7×7 for a 224×224 input). The map says
 * how much each of the 49 cells adds to the class's score: average it and add the bias, and you get the score back.
 */

/**
 * CAM_c on the feature grid: `features` is C5 for one image in HWC order (h·w·channels values, as tfjs lays out
 * [1, h, w, channels]); `weights` is column c of the fc kernel (channels values). Returns h·w values, row-major.
 */
export function classActivationMap(
  features: ArrayLike<number>,
  h: number,
  w: number,
  channels: number,
  weights: ArrayLike<number>,
): Float32Array {
  if (features.length !== h * w * channels)
    throw new Error(`classActivationMap: features hold ${features.length} values, ${h}×${w}×${channels} needs ${h * w * channels}`);
  if (weights.length !== channels) throw new Error(`classActivationMap: ${weights.length} weights for ${channels} channels`);
  const out = new Float32Array(h * w);
  for (let p = 0; p < h * w; p++) {
    let s = 0;
    const at = p * channels;
    for (let k = 0; k < channels; k++) s += weights[k]! * features[at + k]!;
    out[p] = s;
  }
  return out;
}
