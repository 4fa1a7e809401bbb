/*
 * Org-wide build analytics: the shapes of the /build-analytics page's API.
 * Every figure is defined once, in docs/build-analytics.md; windows are whole
 * UTC days ending today (today included, computed live from the runs).
 */
import type { BuildRunStatus, FindingCounts } from './builds';

/** The windows the page offers, in days. */
export const fleetWindows = [7, 30, 90] as const;
export type FleetWindow = (typeof fleetWindows)[number];

/** Cache misses by their explained cause, counted over steps that ran. */
export interface MissReasonCounts {
  'instruction-changed': number;
  'context-files-changed': number;
  'base-image-changed': number;
  'build-arg-changed': number;
  'first-build': number;
  'earlier-step-missed': number;
  'cache-disabled': number;
  unknown: number;
}

export type MissReasonKind = keyof MissReasonCounts;

export const missReasonKinds: readonly MissReasonKind[] = [
  'instruction-changed',
  'context-files-changed',
  'base-image-changed',
  'build-arg-changed',
  'first-build',
  'earlier-step-missed',
  'cache-disabled',
  'unknown',
];

/** The page's headline figures over the window, for the entities the viewer may see. */
export interface FleetHeadline {
  builds: number;
  succeeded: number;
  failed: number;
  cancelled: number;
  /** succeeded / (succeeded + failed); null when none finished. */
  successRate: number | null;
  /** Of succeeded builds, estimated from fixed duration buckets (docs/build-analytics.md). */
  durationP50Ms: number | null;
  durationP95Ms: number | null;
  /** Cached steps / all steps of finished builds. */
  cacheHitRatio: number | null;
  timeSavedMs: number;
  /** Sum and median of each entity's latest final image size. */
  totalImageSize: number;
  medianImageSize: number | null;
  /** Open findings of the entities' current Dockerfiles. */
  openFindings: FindingCounts;
  /** Annotated entities the viewer may see, built in the window, never built at all. */
  entities: number;
  builtEntities: number;
  neverBuiltEntities: number;
}

/** One UTC day of the window, for the charts. */
export interface FleetDay {
  /** YYYY-MM-DD. */
  day: string;
  succeeded: number;
  failed: number;
  cancelled: number;
  cacheHitRatio: number | null;
  timeSavedMs: number;
  /** Median final image size of that day's succeeded builds, estimated from fixed size buckets. */
  medianImageSize: number | null;
}

/** An entity in a ranking, with the figure it is ranked by. */
export interface FleetRankedEntity {
  entityRef: string;
  title: string | null;
  value: number;
}

export interface FleetRuleCount {
  ruleId: string;
  severity: 'error' | 'warning' | 'info';
  /** Findings of the rule over all visible entities' current Dockerfiles. */
  findings: number;
  /** Entities with at least one. */
  entities: number;
}

export interface FleetRankings {
  /** By p95 duration of succeeded builds in the window, slowest first. */
  slowest: FleetRankedEntity[];
  /** By latest final image size, largest first. */
  largestImages: FleetRankedEntity[];
  /** By cache hit ratio in the window, lowest first (entities with at least 10 steps). */
  lowestCacheHitRatio: FleetRankedEntity[];
  /** Most frequent findings by rule, over the current Dockerfiles. */
  findingsByRule: FleetRuleCount[];
  /** Cache misses in the window by cause, most common first. */
  missReasons: { reason: MissReasonKind; count: number }[];
}

/** Distinct values of the fleet's filterable fields, for the filter menus. */
export interface FleetFacets {
  owners: string[];
  systems: string[];
  lifecycles: string[];
  kinds: string[];
  types: string[];
}

/** GET /fleet/summary?days= */
export interface FleetSummary {
  days: FleetWindow;
  /** First day of the window (YYYY-MM-DD); the window ends today. */
  from: string;
  generatedAt: string;
  headline: FleetHeadline;
  /** Oldest first, one per day of the window. */
  daily: FleetDay[];
  rankings: FleetRankings;
  facets: FleetFacets;
}

/** One row of the fleet table: an annotated entity, built or not. */
export interface FleetEntity {
  entityRef: string;
  kind: string;
  namespace: string;
  name: string;
  title: string | null;
  owner: string | null;
  system: string | null;
  lifecycle: string | null;
  type: string | null;
  /** Never built when null. */
  /** The newest run, and the builder that ran it (null while queued). */
  lastBuild: { runId: string; status: BuildRunStatus; createdAt: string; engine: string | null } | null;
  /** Builds in the window. */
  builds: number;
  durationP50Ms: number | null;
  durationP95Ms: number | null;
  cacheHitRatio: number | null;
  /** Final image size of the latest succeeded build. */
  imageSize: number | null;
  /**
   * imageSize minus the size the window started with: the final image size of
   * the last succeeded build on the first day of the window that had one; null without both.
   */
  imageSizeChange: number | null;
  /** Of the current Dockerfile; null until it has been analysed. */
  openFindings: FindingCounts | null;
  /** When the finding counts were taken, and why they could not be when that failed. */
  scannedAt: string | null;
  scanError: string | null;
  /** Mean duration of each day's succeeded builds over the window, oldest first (null: none that day). */
  sparkline: (number | null)[];
}

export const fleetSortFields = [
  'name',
  'owner',
  'system',
  'lastBuild',
  'builds',
  'durationP50',
  'durationP95',
  'cacheHitRatio',
  'imageSize',
  'imageSizeChange',
  'findings',
] as const;
export type FleetSortField = (typeof fleetSortFields)[number];

/** Which fleet rows, in which order: the query of GET /fleet/entities and /fleet/entities.csv. */
export interface FleetQuery {
  days?: FleetWindow;
  /** Matched against name, title, owner and system, case-insensitively. */
  search?: string;
  owner?: string;
  system?: string;
  lifecycle?: string;
  kind?: string;
  type?: string;
  /** never-built: no run ever; failing: the latest run failed. */
  state?: 'never-built' | 'failing';
  /** Only entities whose current Dockerfile has open findings of this rule. */
  rule?: string;
  /** Name (the title, else the name) ascending when absent. */
  sort?: FleetSortField;
  /** Ascending when absent. */
  order?: 'asc' | 'desc';
  offset?: number;
  limit?: number;
}

/** GET /fleet/entities */
export interface FleetEntityPage {
  items: FleetEntity[];
  /** Rows the filters match, over all pages. */
  total: number;
}
