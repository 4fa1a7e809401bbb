/*
 * Single-stage to multi-stage conversion: read the file, detect the language,
 * let that language's recipe lay out the stages, render them. The recipes
 * keep what the input says (WORKDIR, ports, ENV, the build command, the
 * artifact, the pinned versions) and add what a good multi-stage file has:
 * manifest-first dependency stages with cache mounts, a test stage that gates
 * the runtime, and a slim non-root runtime stage last.
 */
import { detectLanguage } from './detectLanguage';
import { renderPlan } from './dockerfileText';
import { convertGo } from './go';
import { convertJava } from './java';
import { convertNode } from './node';
import { convertPython } from './python';
import { readSingleStage } from './readSingleStage';
import { convertRust } from './rust';
import type { ConvertLanguage, ConvertOptions, ConvertResult, RecipeInput, RecipeOutcome } from './types';

const recipes: Record<ConvertLanguage, (input: RecipeInput) => RecipeOutcome> = {
  node: convertNode,
  python: convertPython,
  go: convertGo,
  java: convertJava,
  rust: convertRust,
};

/**
 * Converts a single-stage Dockerfile to a multi-stage one. Never throws: a
 * file that does not parse, is already multi-stage, or whose language or
 * layout is not recognised gives `{ ok: false, reason }`.
 */
export function convertToMultiStage(options: ConvertOptions): ConvertResult {
  const path = options.path ?? 'Dockerfile';
  const read = readSingleStage(options.text, path, options.limits);
  if (!read.ok) return read;
  const detection = detectLanguage(read.facts);
  if (!detection.ok) return detection;
  const outcome = recipes[detection.language]({
    facts: read.facts,
    includeTest: options.includeTest ?? true,
  });
  if (!outcome.ok) return outcome;
  const { plan } = outcome;
  if (!read.facts.workdirGiven) {
    plan.notes.push(`${path}: no WORKDIR; the stages work in ${read.facts.workdir}.`);
  }
  return {
    ok: true,
    text: renderPlan(plan),
    language: plan.language,
    stages: plan.stages.map(s => s.name),
    notes: plan.notes,
  };
}
