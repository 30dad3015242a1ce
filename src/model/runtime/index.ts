/** The TensorFlow.js part of the model library: backends, variables, forward and backward passes. */
export * from './backend';
export { registerWasmGradientKernels } from './wasm-kernels';
export * from './ops';
export * from './model';
export * from './train';
export * from './pretrained';
export * from './imagenet';
export * from './resnet50';
export * from './cam';
export * from '../training/index';
export * from './diagnostics';
export * from './resnext-forms';
export * from '../data/reference-nets';
