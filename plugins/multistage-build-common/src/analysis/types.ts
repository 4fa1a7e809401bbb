/*
 * The analysis report: the shape shared by the CLI's `--format json`, the
 * backend API and the UI (shared/RULES.md, "Reports"). Keep it exact: tools
 * in CI parse it.
 */
import type { Fix, Severity } from '../rules/types';
import type { BaseKind, StageRole } from '../stages/types';

export interface ReportStage {
  index: number;
  name: string | null;
  line: number;
  endLine: number;
  base: string;
  baseKind: BaseKind;
  role: StageRole;
}

export interface ReportEdge {
  from: number;
  to: number;
  kind: 'from' | 'copy' | 'mount';
}

export interface Finding {
  rule: string;
  severity: Severity;
  line: number;
  endLine: number;
  stage: number | null;
  message: string;
  alsoKnownAs: string | null;
  fix: Fix | null;
}

export interface AnalysisReport {
  /** The file as given. */
  path: string;
  stages: ReportStage[];
  edges: ReportEdge[];
  defaultTarget: number | null;
  parallelGroups: number[][];
  findings: Finding[];
  parseErrors: { line: number; message: string }[];
}
