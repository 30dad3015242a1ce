/** The exercise components, for lessons and courses: `import { PredictThenRun } from '../components/exercises'`. */
export { default as PredictThenRun } from './PredictThenRun.astro';
export { default as CheckedAnswer } from './CheckedAnswer.astro';
export { default as Solution } from './Solution.astro';
