/** The pure part of the model library: networks as data, their shapes, parameters and multiply-adds, and datasets. No tfjs. */
export * from './spec';
export * from './weights';
export * from './builders';
export * from './analyze';
export * from './data/index';
export * from './cardinality';
export * from './analysis/index';
