/** Placeholder: a helper is writing the wasm gradient kernels. */
export function registerWasmGradientKernels(): void {}
