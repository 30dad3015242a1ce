/** The pure part of the model library: networks as data, and their shapes, parameters and multiply-adds. No tfjs. */
export * from './spec';
export * from './builders';
export * from './analyze';
