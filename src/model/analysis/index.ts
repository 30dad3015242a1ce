/**
 * The pure part of the analysis tools (no tfjs): loss-landscape directions and the reference landscapes' records.
 * The slices themselves run a model, so they live in ./landscape.ts (import it directly, as the runtime is imported).
 */
export * from './directions';
export * from './landscape-record';
