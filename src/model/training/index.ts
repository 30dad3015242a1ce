/** Training for the labs: seeded shuffles, learning-rate schedules, SGD, evaluation and a pausable training loop. */
export * from './random';
export * from './schedule';
export * from './yield';
export * from './sgd';
export * from './batches';
export * from './evaluate';
export * from './trainer';
export * from './curves';
export * from './split';
export * from './select';
