/**
 * The classifier's results, drawn from plain arrays: the top classes as buttons, the class activation map of the
 * chosen one with its caption, a few channels of each stage, and the timings with the backend that ran.
 */
import { describeBackend } from '../shared/tf-loader';
import { argmax2d, channelPlane, colorize, describePosition, extent, mean, normalize, turbo, upsampleBilinear, viridis } from '../shared/cam';
import type { Decoded } from '../shared/decode';
import { formatMs, formatProbability, formatShape } from '../../lib/format';
import type { ReadyMessage, ResultMessage, StageMaps } from './protocol';
import { strings as photoStrings } from '../shared/photo/strings';
import { strings } from './strings';

/** An inference slower than this on WebGL/WebGPU suggests software emulation (a real GPU takes well under 100 ms). */
const SLOW_GPU_MS = 2000;
/** Paper names of the stage outputs (Lin et al.'s C2…C5 = He et al.'s conv2_x…conv5_x). */
const STAGE_NAMES: Record<string, [string, string]> = {
  layer1: ['C2', 'conv2_x'],
  layer2: ['C3', 'conv3_x'],
  layer3: ['C4', 'conv4_x'],
  layer4: ['C5', 'conv5_x'],
};

/** What is on screen: the result, the picture it came from, and the CAM of each top class on the C5 grid. */
export interface Shown {
  result: ResultMessage;
  decoded: Omit<Decoded, 'bitmap'>;
  cams: Float32Array[];
}

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<HTMLElementTagNameMap[K]> = {}, ...children: (Node | string)[]) {
  const e = Object.assign(document.createElement(tag), props);
  e.append(...children);
  return e;
}

/** The top classes, most probable first, each a button that shows its CAM (`data-rank`). */
export function predictionItems(result: ResultMessage): HTMLLIElement[] {
  const words = strings.here();
  // t.label is ImageNet's class name: the dataset's label, shown as the dataset spells it (English) in every language.
  return result.top.map((t, rank) => {
    const pct = formatProbability(t.prob);
    const bar = el('span', { className: 'bar' }, el('span'));
    (bar.firstChild as HTMLElement).style.width = `${Math.max(0, Math.min(100, t.prob * 100))}%`;
    const button = el(
      'button',
      { type: 'button', ariaLabel: words.showWhere(t.label, pct) },
      el('span', { className: 'name', textContent: t.label }),
      el('span', { className: 'pct', textContent: pct }),
      bar,
    );
    button.dataset.rank = String(rank);
    button.setAttribute('aria-pressed', 'false');
    const li = el('li', {}, button);
    li.dataset.label = t.label;
    li.dataset.prob = String(t.prob);
    li.dataset.index = String(t.index);
    return li;
  });
}

/** Draws the CAM of the rank-th class on `canvas` and says what it shows in `caption`. */
export function drawCam(canvas: HTMLCanvasElement, caption: HTMLElement, shown: Shown, rank: number): void {
  const cls = shown.result.top[rank]!;
  const { h, w } = shown.result.c5;
  const cam = shown.cams[rank]!;
  const { min, max } = extent(cam);
  const size = shown.result.cropSize;
  const pixels = colorize(upsampleBilinear(normalize(cam, min, max), h, w, size, size), turbo);
  canvas.width = canvas.height = size;
  canvas.getContext('2d')!.putImageData(new ImageData(pixels, size, size), 0, 0);
  const peak = argmax2d(cam, w);
  const t = strings.here();
  const where = describePosition(peak.row, peak.col, h, w, photoStrings.here());
  canvas.setAttribute('aria-label', t.camAria(cls.label, where));
  const avg = mean(cam);
  caption.replaceChildren(
    t.camCaption(cls.label, h, w, shown.result.c5.channels, where),
    el('span', {
      className: 'math',
      textContent: `${avg.toFixed(2)} + ${cls.bias.toFixed(2)} = ${(avg + cls.bias).toFixed(2)}`,
    }),
    t.camLogit(cls.logit.toFixed(2)),
  );
}

/** One figure per stage: its paper name, shape and its most active channels as small images. */
export function stageFigures(stages: StageMaps[]): HTMLElement[] {
  const t = strings.here();
  return stages.map((s) => {
    const [h, w] = s.shape;
    const [paper, conv] = STAGE_NAMES[s.stage] ?? [s.stage, s.stage];
    const name = el('span', { className: 'stage-name' }, el('b', { textContent: paper }), ` ${conv} · ${formatShape(s.shape)}`);
    const maps = el('div', { className: 'maps' });
    s.channels.forEach((c, i) => {
      const plane = channelPlane(s.data, h, w, s.channels.length, i);
      const { max } = extent(plane);
      const canvas = el('canvas', { width: w, height: h, title: t.channel(c) });
      canvas.getContext('2d')!.putImageData(new ImageData(colorize(normalize(plane, 0, max), viridis), w, h), 0, 0);
      maps.append(canvas);
    });
    const fig = el('figure', { className: 'stage' }, name, maps);
    fig.setAttribute('role', 'img');
    fig.setAttribute('aria-label', t.stageAria(paper, conv, formatShape(s.shape), s.channels.join(', ')));
    return fig;
  });
}

/** The timings of loading (when known) and of this picture, and which backend ran and why. */
export function drawTimings(
  ui: { timings: HTMLElement; backend: HTMLElement },
  result: ResultMessage,
  decoded: Omit<Decoded, 'bitmap'>,
  ready: ReadyMessage | undefined,
  requestedBackend: string | null,
): void {
  const rows: [string, string][] = [];
  const w = strings.here();
  if (ready) {
    const t = ready.timings;
    rows.push(
      [ready.networkBytes ? w.downloadWeights : w.weightsFromCache, formatMs(t.downloadMs)],
      [w.checkBuild, formatMs(t.buildMs)],
      [w.warmup, formatMs(t.warmupMs)],
    );
  }
  rows.push(
    [w.decodePhoto, formatMs(decoded.decodeMs)],
    [w.resizeCrop, formatMs(result.timings.preprocessMs)],
    [w.inference, formatMs(result.timings.inferenceMs)],
    [w.copyMaps, formatMs(result.timings.mapsMs)],
  );
  ui.timings.replaceChildren(...rows.map(([k, v]) => el('div', {}, el('dt', { textContent: k }), el('dd', { textContent: v }))));
  if (!ready) return;
  const chosen = ready.backend.attempts.find((a) => a.outcome === 'chosen');
  const forced = requestedBackend === ready.backend.chosen ? w.yourChoice : '';
  const others = describeBackend(ready.backend).replace(/^[^(]*\(?/, '').replace(/\)$/, '');
  ui.backend.textContent = w.backendLine(ready.backend, ready.backend.chosen, forced, chosen?.reason, others);
  // A GPU backend this slow is usually WebGL drawn in software (no graphics card, or a VM): wasm wins there.
  if (ready.backend.chosen !== 'wasm' && ready.backend.chosen !== 'cpu' && result.timings.inferenceMs > SLOW_GPU_MS) {
    const url = new URL(location.href);
    url.searchParams.set('backend', 'wasm');
    ui.backend.append(
      w.slow(ready.backend.chosen),
      el('a', { href: url.href, textContent: w.reloadWasm }),
      w.staysCached,
    );
  }
}
