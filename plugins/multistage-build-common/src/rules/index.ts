/*
 * The rule catalog (shared/RULES.md). The analyser, the docs generator and the
 * catalog test all read this list; add a rule here and nowhere else.
 */
import type { Rule } from './types';
import { maintainerDeprecated } from './style/maintainerDeprecated';

export const allRules: readonly Rule<any>[] = [
  maintainerDeprecated,
];
