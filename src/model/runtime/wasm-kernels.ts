/**
 * Gradient kernels for TensorFlow.js's wasm backend.
 *
 * tfjs-backend-wasm 4.22 ships no Conv2DBackpropFilter (so training any conv net
 * on wasm throws), no depthwise backprop kernels, and a Conv2DBackpropInput that is
 * a naive C++ loop. Each kernel here is rewritten as a forward convolution plus
 * cheap data movement (transpose, reverse, slice, zero-insertion), all done by the
 * wasm backend's own kernels, so the heavy work runs in XNNPACK.
 *
 * Conventions: everything is channels-last (NHWC); filters are [kh, kw, Cin, Cout]
 * (depthwise: [kh, kw, C, M]). Shapes are noted inline as `// [..]`.
 */
import {
  backend_util,
  Conv2D,
  Conv2DBackpropFilter,
  Conv2DBackpropInput,
  DepthwiseConv2dNative,
  DepthwiseConv2dNativeBackpropFilter,
  DepthwiseConv2dNativeBackpropInput,
  Fill,
  getKernel,
  PadV2,
  registerKernel,
  Reshape,
  Reverse,
  Slice,
  Sum,
  Transpose,
  unregisterKernel,
} from '@tensorflow/tfjs-core';
import type {
  Conv2DBackpropFilterAttrs,
  Conv2DBackpropInputAttrs,
  DepthwiseConv2dNativeBackpropFilterAttrs,
  DepthwiseConv2dNativeBackpropInputAttrs,
  KernelBackend,
  KernelConfig,
  KernelFunc,
  NamedAttrMap,
  NamedTensorInfoMap,
  TensorInfo,
} from '@tensorflow/tfjs-core';

const BACKEND = 'wasm';

type KernelArgs = Parameters<KernelFunc>[0];
type Shape4 = [number, number, number, number];
type ExplicitPad = [[number, number], [number, number], [number, number], [number, number]];

// ---------------------------------------------------------------------------
// Calling the wasm backend's own kernels without going through the engine.
// ---------------------------------------------------------------------------

/** Runs a registered wasm kernel directly on TensorInfos (no engine bookkeeping, no autodiff). */
function callWasm(name: string, inputs: NamedTensorInfoMap, attrs: NamedAttrMap, backend: KernelBackend): TensorInfo {
  const kernel = getKernel(name, BACKEND);
  if (!kernel) throw new Error(`wasm-kernels: the wasm backend has no '${name}' kernel to build on`);
  const out = kernel.kernelFunc({ inputs, backend, attrs });
  if (Array.isArray(out)) throw new Error(`wasm-kernels: '${name}' returned several tensors, expected one`);
  return out;
}

/**
 * Owns the intermediates of one kernel call. Kernels called directly bypass the
 * engine, so nothing would free their outputs; `dispose()` does, in a finally block,
 * so an exception half-way through leaks nothing either. The final result is made
 * with `result()` and is not tracked: the engine takes ownership of it.
 */
class Scratch {
  private readonly made: TensorInfo[] = [];

  constructor(readonly backend: KernelBackend) {}

  /** An intermediate, freed by dispose(). */
  tmp(name: string, inputs: NamedTensorInfoMap, attrs: NamedAttrMap = {}): TensorInfo {
    const out = callWasm(name, inputs, attrs, this.backend);
    this.made.push(out);
    return out;
  }

  /** The value handed back to the engine. */
  result(name: string, inputs: NamedTensorInfoMap, attrs: NamedAttrMap = {}): TensorInfo {
    return callWasm(name, inputs, attrs, this.backend);
  }

  // Reshape only bumps a refcount, so disposing both the source and the view is right.
  dispose(): void {
    for (const info of this.made) this.backend.disposeData(info.dataId);
    this.made.length = 0;
  }
}

/** Runs `body` with a fresh Scratch and always frees its intermediates. */
function withScratch(backend: KernelBackend, body: (s: Scratch) => TensorInfo): TensorInfo {
  const scratch = new Scratch(backend);
  try {
    return body(scratch);
  } finally {
    scratch.dispose();
  }
}

function need(inputs: NamedTensorInfoMap, name: string, kernel: string): TensorInfo {
  const info = inputs[name];
  if (!info) throw new Error(`${kernel}: missing input '${name}'`);
  return info;
}

function shape4(info: TensorInfo, what: string, kernel: string): Shape4 {
  const s = info.shape;
  if (s.length !== 4) throw new Error(`${kernel}: ${what} must be rank 4, got shape [${s.join(', ')}]`);
  return [s[0]!, s[1]!, s[2]!, s[3]!];
}

function rejectNCHW(dataFormat: string | undefined, kernel: string): void {
  if (dataFormat !== undefined && dataFormat !== 'NHWC') {
    throw new Error(`${kernel} on wasm supports only dataFormat 'NHWC' (got '${dataFormat}'); transpose to channels-last first.`);
  }
}

function rejectDilations(dilations: [number, number] | number | undefined, kernel: string): void {
  const [dh, dw] = typeof dilations === 'number' ? [dilations, dilations] : (dilations ?? [1, 1]);
  if (dh !== 1 || dw !== 1) {
    throw new Error(`${kernel} on wasm supports only dilations 1 (got [${dh}, ${dw}]).`);
  }
}

function explicitPad(top: number, bottom: number, left: number, right: number): ExplicitPad {
  return [[0, 0], [top, bottom], [left, right], [0, 0]];
}

function zeros(s: Scratch, shape: number[]): TensorInfo {
  return s.result(Fill, {}, { shape, value: 0, dtype: 'float32' });
}

// ---------------------------------------------------------------------------
// Filter gradients: a stride-1 convolution whose *filter* is dy.
// ---------------------------------------------------------------------------

/**
 * How the forward input must be trimmed/padded along one spatial axis so that a
 * stride-1 conv with dilation = stride, using dy as the filter, yields exactly k taps.
 * Tap a reads padded rows a + i·stride for i < outLen, so rows [0, k + (outLen-1)·stride)
 * of the padded input are needed; rows past that are cropped, missing ones zero-padded.
 */
interface FilterGradAxis {
  keep: number; // input rows kept (from the start)
  padBefore: number;
  padAfter: number;
}

function filterGradAxis(inLen: number, padBefore: number, k: number, outLen: number, stride: number): FilterGradAxis {
  const needed = k + (outLen - 1) * stride; // padded rows touched by any tap
  const keep = Math.min(inLen, needed - padBefore);
  return { keep, padBefore, padAfter: Math.max(0, needed - padBefore - inLen) };
}

/** Crops x to the rows/cols the gradient reads; a no-op when nothing is cropped. */
function cropInput(s: Scratch, x: TensorInfo, xShape: Shape4, rows: FilterGradAxis, cols: FilterGradAxis): TensorInfo {
  const [n, h, w, c] = xShape;
  if (rows.keep === h && cols.keep === w) return x;
  return s.tmp(Slice, { x }, { begin: [0, 0, 0, 0], size: [n, rows.keep, cols.keep, c] });
}

function conv2DBackpropFilter({ inputs, backend, attrs }: KernelArgs): TensorInfo {
  const name = Conv2DBackpropFilter;
  const x = need(inputs, 'x', name);
  const dy = need(inputs, 'dy', name);
  const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs as unknown as Conv2DBackpropFilterAttrs;
  rejectNCHW(dataFormat, name);
  const xShape = shape4(x, 'x', name);
  const info = backend_util.computeConv2DInfo(xShape, filterShape, strides, 1, pad, dimRoundingMode, false, 'channelsLast');
  const rows = filterGradAxis(xShape[1], info.padInfo.top, info.filterHeight, info.outHeight, info.strideHeight);
  const cols = filterGradAxis(xShape[2], info.padInfo.left, info.filterWidth, info.outWidth, info.strideWidth);

  return withScratch(backend as KernelBackend, (s) => {
    // Every output reads only zero padding: the gradient is exactly zero.
    if (rows.keep <= 0 || cols.keep <= 0) return zeros(s, filterShape);
    const xCropped = cropInput(s, x, xShape, rows, cols); // [N, H', W', Cin]
    // Batch becomes channels and channels become batch, so the conv sums over N.
    const xT = s.tmp(Transpose, { x: xCropped }, { perm: [3, 1, 2, 0] }); // [Cin, H', W', N]
    const dyT = s.tmp(Transpose, { x: dy }, { perm: [1, 2, 0, 3] }); // [Ho, Wo, N, Cout]
    const g = s.tmp(
      Conv2D,
      { x: xT, filter: dyT },
      {
        strides: [1, 1],
        dilations: [info.strideHeight, info.strideWidth], // dy samples x every `stride` pixels
        pad: explicitPad(rows.padBefore, rows.padAfter, cols.padBefore, cols.padAfter),
        dataFormat: 'NHWC',
        dimRoundingMode: 'floor',
      },
    ); // [Cin, kh, kw, Cout]
    return s.result(Transpose, { x: g }, { perm: [1, 2, 0, 3] }); // [kh, kw, Cin, Cout]
  });
}

function depthwiseBackpropFilter({ inputs, backend, attrs }: KernelArgs): TensorInfo {
  const name = DepthwiseConv2dNativeBackpropFilter;
  const x = need(inputs, 'x', name);
  const dy = need(inputs, 'dy', name);
  const { strides, dilations, pad, dimRoundingMode, filterShape } = attrs as unknown as DepthwiseConv2dNativeBackpropFilterAttrs;
  rejectDilations(dilations, name);
  const xShape = shape4(x, 'x', name);
  const [n, , , c] = xShape;
  const [kh, kw, , m] = filterShape;
  const info = backend_util.computeConv2DInfo(xShape, filterShape, strides, 1, pad, dimRoundingMode, true, 'channelsLast');
  const rows = filterGradAxis(xShape[1], info.padInfo.top, kh, info.outHeight, info.strideHeight);
  const cols = filterGradAxis(xShape[2], info.padInfo.left, kw, info.outWidth, info.strideWidth);

  return withScratch(backend as KernelBackend, (s) => {
    if (rows.keep <= 0 || cols.keep <= 0) return zeros(s, filterShape);
    const xCropped = cropInput(s, x, xShape, rows, cols); // [N, H', W', C]
    // Fold the batch into the channels: one depthwise channel per (n, c) pair.
    const xT = s.tmp(Transpose, { x: xCropped }, { perm: [1, 2, 0, 3] }); // [H', W', N, C]
    const xR = s.tmp(Reshape, { x: xT }, { shape: [1, rows.keep, cols.keep, n * c] }); // [1, H', W', N·C]
    const dyT = s.tmp(Transpose, { x: dy }, { perm: [1, 2, 0, 3] }); // [Ho, Wo, N, C·M]
    const dyR = s.tmp(Reshape, { x: dyT }, { shape: [info.outHeight, info.outWidth, n * c, m] }); // [Ho, Wo, N·C, M]
    const g = s.tmp(
      DepthwiseConv2dNative,
      { x: xR, filter: dyR },
      {
        strides: [1, 1],
        dilations: [info.strideHeight, info.strideWidth],
        pad: explicitPad(rows.padBefore, rows.padAfter, cols.padBefore, cols.padAfter),
        dimRoundingMode: 'floor',
      },
    ); // [1, kh, kw, N·C·M]
    const perImage = s.tmp(Reshape, { x: g }, { shape: [kh, kw, n, c * m] }); // [kh, kw, N, C·M]
    const summed = s.tmp(Sum, { x: perImage }, { axis: [2], keepDims: false }); // [kh, kw, C·M]
    return s.result(Reshape, { x: summed }, { shape: filterShape }); // [kh, kw, C, M]
  });
}

// ---------------------------------------------------------------------------
// Input gradients: a stride-1 convolution of dy (zeros inserted between its
// pixels) with the spatially flipped filter.
// ---------------------------------------------------------------------------

/**
 * Padding of the zero-inserted dy along one axis. dy dilated to outLen·stride rows
 * (trailing stride-1 zero rows included, they add nothing), conv'd at stride 1 with a
 * flipped k-tap filter, must give exactly inLen rows: the forward op's padBefore p
 * becomes k-1-p before, and inLen - outLen·stride + p after. Either can be negative
 * (padding larger than the kernel, or unused trailing dy): that part is cropped instead.
 */
interface InputGradAxis {
  padBefore: number;
  padAfter: number;
  cropBefore: number;
  cropAfter: number;
  kept: number; // rows of dilated dy left after cropping
}

function inputGradAxis(inLen: number, padBefore: number, k: number, outLen: number, stride: number): InputGradAxis {
  const before = k - 1 - padBefore;
  const after = inLen - outLen * stride + padBefore;
  const cropBefore = Math.max(0, -before);
  const cropAfter = Math.max(0, -after);
  return {
    padBefore: Math.max(0, before),
    padAfter: Math.max(0, after),
    cropBefore,
    cropAfter,
    kept: outLen * stride - cropBefore - cropAfter,
  };
}

/**
 * dy with stride-1 zeros inserted after each pixel along h and w, then cropped as asked.
 * One PadV2 on a 6-D view does the insertion: [N, Ho, 1, Wo, 1, C] padded to
 * [N, Ho, sh, Wo, sw, C] is [N, Ho·sh, Wo·sw, C] in memory. (BatchToSpaceND would also
 * do it, but its 6-D Transpose is ~100x slower than this on wasm.)
 */
function dilateDy(s: Scratch, dy: TensorInfo, strides: [number, number], rows: InputGradAxis, cols: InputGradAxis): TensorInfo {
  const [n, ho, wo, ch] = shape4(dy, 'dy', 'dilateDy');
  const [sh, sw] = strides;
  let dilated = dy; // [N, Ho·sh, Wo·sw, C]
  if (sh > 1 || sw > 1) {
    const view = s.tmp(Reshape, { x: dy }, { shape: [n, ho, 1, wo, 1, ch] }); // [N, Ho, 1, Wo, 1, C]
    const paddings = [[0, 0], [0, 0], [0, sh - 1], [0, 0], [0, sw - 1], [0, 0]];
    const padded = s.tmp(PadV2, { x: view }, { paddings, constantValue: 0 }); // [N, Ho, sh, Wo, sw, C]
    dilated = s.tmp(Reshape, { x: padded }, { shape: [n, ho * sh, wo * sw, ch] });
  }
  if (rows.cropBefore + rows.cropAfter + cols.cropBefore + cols.cropAfter === 0) return dilated;
  return s.tmp(Slice, { x: dilated }, { begin: [0, rows.cropBefore, cols.cropBefore, 0], size: [n, rows.kept, cols.kept, ch] });
}

/** Conv2DBackpropInput as it ships in tfjs-backend-wasm, kept for NCHW (which the XNNPACK path does not handle). */
let builtInConv2DBackpropInput: KernelFunc | undefined;

function conv2DBackpropInput(args: KernelArgs): TensorInfo {
  const name = Conv2DBackpropInput;
  const { inputs, backend, attrs } = args;
  const { strides, pad, dataFormat, dimRoundingMode, inputShape } = attrs as unknown as Conv2DBackpropInputAttrs;
  if (dataFormat === 'NCHW' && builtInConv2DBackpropInput) return builtInConv2DBackpropInput(args) as TensorInfo;
  rejectNCHW(dataFormat, name);
  const dy = need(inputs, 'dy', name);
  const filter = need(inputs, 'filter', name);
  const filterShape = shape4(filter, 'filter', name);
  const info = backend_util.computeConv2DInfo(inputShape, filterShape, strides, 1, pad, dimRoundingMode, false, 'channelsLast');
  const rows = inputGradAxis(inputShape[1], info.padInfo.top, info.filterHeight, info.outHeight, info.strideHeight);
  const cols = inputGradAxis(inputShape[2], info.padInfo.left, info.filterWidth, info.outWidth, info.strideWidth);

  return withScratch(backend as KernelBackend, (s) => {
    // No dy pixel reaches any input pixel (all of it lies in the padding).
    if (rows.kept <= 0 || cols.kept <= 0) return zeros(s, inputShape);
    const dyd = dilateDy(s, dy, [info.strideHeight, info.strideWidth], rows, cols); // [N, Hd, Wd, Cout]
    const flipped = s.tmp(Reverse, { x: filter }, { dims: [0, 1] }); // [kh, kw, Cin, Cout]
    const wT = s.tmp(Transpose, { x: flipped }, { perm: [0, 1, 3, 2] }); // [kh, kw, Cout, Cin]
    return s.result(
      Conv2D,
      { x: dyd, filter: wT },
      {
        strides: [1, 1],
        dilations: [1, 1],
        pad: explicitPad(rows.padBefore, rows.padAfter, cols.padBefore, cols.padAfter),
        dataFormat: 'NHWC',
        dimRoundingMode: 'floor',
      },
    ); // [N, H, W, Cin]
  });
}

function depthwiseBackpropInput({ inputs, backend, attrs }: KernelArgs): TensorInfo {
  const name = DepthwiseConv2dNativeBackpropInput;
  const dy = need(inputs, 'dy', name);
  const filter = need(inputs, 'filter', name);
  const { strides, dilations, pad, dimRoundingMode, inputShape } = attrs as unknown as DepthwiseConv2dNativeBackpropInputAttrs;
  rejectDilations(dilations, name);
  const filterShape = shape4(filter, 'filter', name);
  const [kh, kw, c, m] = filterShape;
  const [n, h, w] = inputShape;
  const info = backend_util.computeConv2DInfo(inputShape, filterShape, strides, 1, pad, dimRoundingMode, true, 'channelsLast');
  const rows = inputGradAxis(h, info.padInfo.top, kh, info.outHeight, info.strideHeight);
  const cols = inputGradAxis(w, info.padInfo.left, kw, info.outWidth, info.strideWidth);

  return withScratch(backend as KernelBackend, (s) => {
    if (rows.kept <= 0 || cols.kept <= 0) return zeros(s, inputShape);
    const dyd = dilateDy(s, dy, [info.strideHeight, info.strideWidth], rows, cols); // [N, Hd, Wd, C·M]
    const flipped = s.tmp(Reverse, { x: filter }, { dims: [0, 1] }); // [kh, kw, C, M]
    const perChannel = s.tmp(Reshape, { x: flipped }, { shape: [kh, kw, c * m, 1] }); // [kh, kw, C·M, 1]
    const convAttrs = {
      strides: [1, 1],
      dilations: [1, 1],
      pad: explicitPad(rows.padBefore, rows.padAfter, cols.padBefore, cols.padAfter),
      dimRoundingMode: 'floor',
    };
    if (m === 1) return s.result(DepthwiseConv2dNative, { x: dyd, filter: perChannel }, convAttrs); // [N, H, W, C]
    const g = s.tmp(DepthwiseConv2dNative, { x: dyd, filter: perChannel }, convAttrs); // [N, H, W, C·M]
    // Each input channel fed M outputs; its gradient is their sum.
    const split = s.tmp(Reshape, { x: g }, { shape: [n, h, w, c, m] }); // [N, H, W, C, M]
    return s.result(Sum, { x: split }, { axis: [4], keepDims: false }); // [N, H, W, C]
  });
}

// ---------------------------------------------------------------------------
// Registration
// ---------------------------------------------------------------------------

/** Kernels wasm lacks entirely. */
const MISSING_KERNELS: readonly KernelConfig[] = [
  { kernelName: Conv2DBackpropFilter, backendName: BACKEND, kernelFunc: conv2DBackpropFilter },
  { kernelName: DepthwiseConv2dNativeBackpropFilter, backendName: BACKEND, kernelFunc: depthwiseBackpropFilter },
  { kernelName: DepthwiseConv2dNativeBackpropInput, backendName: BACKEND, kernelFunc: depthwiseBackpropInput },
];

/**
 * Kernels that replace a built-in one because they measured faster. Conv2DBackpropInput
 * on dy for x [32,28,28,16] (single-threaded SIMD wasm, Node 20): 3×3×16→16 stride 1,
 * ~10 ms vs ~110 ms built-in; 3×3×16→32 stride 2, ~16 ms vs ~50 ms. Results are
 * bit-identical to the built-in on those shapes.
 */
const FASTER_KERNELS: readonly KernelConfig[] = [
  { kernelName: Conv2DBackpropInput, backendName: BACKEND, kernelFunc: conv2DBackpropInput },
];

/** Registers `config` unless it is already the registered kernel; replaces any other one. */
function install(config: KernelConfig): void {
  const current = getKernel(config.kernelName, BACKEND);
  if (current?.kernelFunc === config.kernelFunc) return;
  if (current) {
    if (config.kernelName === Conv2DBackpropInput) builtInConv2DBackpropInput = current.kernelFunc;
    unregisterKernel(config.kernelName, BACKEND);
  }
  registerKernel(config);
}

/** Registers the project's gradient kernels for the wasm backend. Idempotent; call after the wasm backend is loaded. */
export function registerWasmGradientKernels(): void {
  for (const config of [...MISSING_KERNELS, ...FASTER_KERNELS]) install(config);
}
