/** The committed reference run the lesson cites; every number the lesson states about it is read from here. */
import file from '../../data/runs/resnext-2026-11-25-seed1.json';
import type { ResnextRunFile } from './run';

export const RESNEXT_RUN = file as unknown as ResnextRunFile;
