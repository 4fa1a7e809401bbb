/*
 * bench/fleet-generate: realistic load for the org-wide build analytics page
 * (bench/fleet.ts), generated from a seed so two runs make the same fleet:
 *   - a catalog: N annotated Components (default 2,000) in directories of their
 *     own, each with a small multi-stage Dockerfile from one of a few templates
 *     (so open findings differ by rule), ~40 owning groups, ~60 systems, ~10%
 *     annotated stagecraft.io/restricted (owned by groups the guest is not in),
 *     all listed by one catalog Location file;
 *   - M runs (default 200,000) over the last 180 days with ~6 steps each,
 *     written straight into the plugin's tables (after its migrations): a few
 *     entities build many times a day, most rarely, ~5% never; ~85% succeed,
 *     10% fail, 5% are cancelled; durations 10 s – 30 min, image sizes 5 MB –
 *     2 GB drifting per entity, cached and missed steps with the reasons the
 *     backend gives them, finding counts per run.
 *
 *   node --require @backstage/cli/config/nodeTransform.cjs bench/fleet-generate.ts \
 *     [--entities N] [--runs M] [--days D] [--seed S] [--out DIR] [--sqlite FILE | --postgres URL --database NAME]
 *
 * Without --sqlite or --postgres only the catalog is written; --database
 * names an existing PostgreSQL database. The same seed gives the same
 * entities, Dockerfiles and build habits; run times are placed back from now
 * (so the page's windows, which end today, see them), so they shift with the
 * clock. Runs still going at now are left running or queued.
 */
import { seededRandom } from '../plugins/multistage-build-common/src/analysis/__testUtils__/fuzzInputs';
import {
  analyzeDockerfile,
  countFindings,
  defaultBuildConfig,
  DOCKERFILE_ANNOTATION,
  type CacheMissReason,
  type FindingCounts,
} from '@stagecraft/plugin-multistage-build-common';
import knexFactory, { type Knex } from 'knex';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The portal's permission policy (packages/backend/src/permissions) shows these to their owners only. */
export const RESTRICTED_ANNOTATION = 'stagecraft.io/restricted';
const pluginMigrations = resolve(__dirname, '../plugins/multistage-build-backend/migrations');
const DAY = 86_400_000;

/** A small, fast, seeded PRNG (mulberry32, shared with the fuzz bench): the same seed gives the same fleet. */
export const prng = seededRandom;

type Rng = () => number;
const pick = <T>(rng: Rng, list: readonly T[]): T => list[Math.floor(rng() * list.length)];
/** Standard normal (Box–Muller). */
const normal = (rng: Rng) => Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
const logNormal = (rng: Rng, median: number, sigma: number) => median * Math.exp(sigma * normal(rng));
const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));
/** One of `choices` by weight. */
function weighted<T>(rng: Rng, choices: readonly (readonly [T, number])[]): T {
  const total = choices.reduce((s, [, w]) => s + w, 0);
  let r = rng() * total;
  for (const [value, w] of choices) if ((r -= w) < 0) return value;
  return choices[choices.length - 1][0];
}
const hex = (rng: Rng, words = 8) => {
  let s = '';
  for (let i = 0; i < words; i++) s += ((rng() * 4294967296) >>> 0).toString(16).padStart(8, '0');
  return s;
};
const uuid = (rng: Rng) => {
  const h = hex(rng, 4);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
};

// ---------------------------------------------------------------- the catalog

const domains = [
  'payments', 'checkout', 'cart', 'inventory', 'catalog', 'search', 'pricing', 'billing', 'invoicing', 'ledger',
  'accounts', 'identity', 'auth', 'profile', 'notifications', 'email', 'sms', 'push', 'shipping', 'fulfilment',
  'warehouse', 'returns', 'orders', 'recommendations', 'reviews', 'ratings', 'loyalty', 'promotions', 'coupons', 'gift-cards',
  'fraud', 'risk', 'compliance', 'audit', 'reporting', 'analytics', 'metrics', 'telemetry', 'logging', 'tracing',
  'feature-flags', 'config', 'scheduler', 'workflow', 'documents', 'media', 'images', 'video', 'chat', 'support',
  'tickets', 'partners', 'vendors', 'tax', 'currency', 'maps', 'geo', 'booking', 'calendar', 'subscriptions',
];
const suffixes = ['api', 'service', 'worker', 'web', 'gateway', 'consumer', 'ingest', 'exporter', 'sync', 'admin', 'ui', 'jobs', 'proxy', 'cron', 'adapter', 'lib', 'sdk', 'bff', 'indexer', 'store'];
const qualifiers = ['v2', 'legacy', 'eu', 'us', 'internal', 'edge', 'batch', 'stream', 'core', 'next'];
const systemWords = [
  'commerce', 'storefront', 'money', 'fulfilment', 'identity', 'messaging', 'data', 'observability', 'platform', 'growth',
  'trust', 'content', 'logistics', 'finance', 'partner', 'support', 'mobile', 'search', 'ml', 'devex',
];
const systemSuffixes = ['core', 'edge', 'ops'];
const firstNames = ['ana', 'ben', 'chen', 'dara', 'eli', 'fatima', 'gus', 'hana', 'ivan', 'jo', 'kai', 'lena', 'mo', 'nia', 'omar', 'pia', 'quinn', 'raj', 'sara', 'tom'];
const lastNames = ['adams', 'baker', 'costa', 'diaz', 'evans', 'fischer', 'garcia', 'hughes', 'ito', 'jones', 'khan', 'lopez', 'meyer', 'nguyen', 'olsen'];

type TemplateId = 'go' | 'node' | 'python' | 'java' | 'static' | 'rust' | 'legacy';

interface TemplateParams {
  name: string;
  port: number;
  /** Drop the USER line (root-final-stage). */
  root: boolean;
  version: number;
}

/** Small multi-stage Dockerfiles, each with its own mix of findings. */
const templates: Record<TemplateId, (p: TemplateParams) => string> = {
  go: p => `# syntax=docker/dockerfile:1
FROM golang:1.2${1 + (p.version % 3)} AS build
COPY . /src
RUN --mount=type=cache,target=/root/.cache/go-build cd /src && go build -o /out/${p.name} ./cmd/${p.name}

FROM gcr.io/distroless/static-debian12 AS runtime
COPY --from=build /out/${p.name} /usr/local/bin/${p.name}
${p.root ? '' : 'USER 65532:65532\n'}EXPOSE ${p.port}
ENTRYPOINT ["/usr/local/bin/${p.name}"]
`,
  node: p => `FROM node:${p.version % 2 ? 20 : 22} AS build
WORKDIR /app
COPY . .
RUN npm install && npm run build

FROM node:${p.version % 2 ? 20 : 22}-slim AS runtime
COPY --from=build /app/dist /app/dist
${p.root ? '' : 'USER node\n'}EXPOSE ${p.port}
CMD ["node", "/app/dist/server.js"]
`,
  python: p => `FROM python:3.1${1 + (p.version % 3)}-slim AS deps
COPY requirements.txt .
RUN apt-get update
RUN apt-get install -y build-essential libpq-dev && pip install --prefix=/install -r requirements.txt

FROM python:3.1${1 + (p.version % 3)}-slim AS runtime
COPY --from=deps /install /usr/local
COPY app /srv/app
${p.root ? '' : 'USER 10001\n'}EXPOSE ${p.port}
CMD ["python3", "-m", "app.server"]
`,
  java: p => `FROM maven:3.9-eclipse-temurin-21 AS build
WORKDIR /src
COPY . .
RUN mvn -q package -DskipTests

FROM eclipse-temurin:21-jre AS runtime
COPY --from=build /src/target/${p.name}.jar /app/app.jar
${p.root ? '' : 'USER 10001\n'}EXPOSE ${p.port}
ENTRYPOINT ["java", "-jar", "/app/app.jar"]
`,
  static: p => `FROM node:20-alpine AS build
ARG NPM_TOKEN
WORKDIR /site
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
RUN npm run build

FROM nginx:1.2${5 + (p.version % 2)}-alpine AS runtime
COPY --from=build /site/public /usr/share/nginx/html
EXPOSE 80
`,
  rust: p => `FROM debian:sid AS build
RUN apt-get update && apt-get install -y curl build-essential
RUN curl -sSf https://sh.rustup.rs | sh -s -- -y
COPY . /src
RUN cd /src && /root/.cargo/bin/cargo build --release

FROM debian:bookworm-slim AS runtime
COPY --from=build /src/target/release/${p.name} /usr/local/bin/${p.name}
${p.root ? '' : 'USER 10001\n'}EXPOSE ${p.port}
ENTRYPOINT ["/usr/local/bin/${p.name}"]
`,
  legacy: p => `FROM node:12 AS build
MAINTAINER platform@example.com
ENV NODE_ENV production
WORKDIR /app
ADD package.json package-lock.json ./
RUN npm ci
ADD . .

FROM node:12-slim
COPY --from=build /app /app
EXPOSE ${p.port}
CMD node /app/server.js
`,
};

const templateWeights: Record<string, readonly (readonly [TemplateId, number])[]> = {
  service: [['go', 30], ['java', 20], ['python', 20], ['node', 15], ['rust', 5], ['legacy', 10]],
  website: [['static', 55], ['node', 35], ['legacy', 10]],
  library: [['go', 35], ['java', 25], ['python', 25], ['rust', 15]],
};

/** A vertex BuildKit reports for a Dockerfile: the instructions that make layers (FROM, RUN, COPY, ADD, WORKDIR). */
export interface StepTemplate {
  stage: string;
  /** 1-based in its stage, FROM = 1. */
  step: number;
  stepsInStage: number;
  instruction: string;
  /** BuildKit's vertex name, e.g. `[build 2/4] WORKDIR /src`. */
  name: string;
  /** Its first part, e.g. `[build 2/4]`. */
  prefix: string;
  isFrom: boolean;
  copiesContext: boolean;
  /** Share of the entity's uncached build time this step takes. */
  share: number;
}

/** An instruction as BuildKit names its vertex: FROM with the image's full reference. */
function shownInstruction(instruction: string): string {
  const from = /^FROM\s+(\S+)$/i.exec(instruction);
  if (!from) return instruction;
  const image = from[1];
  const first = image.split('/')[0];
  if (image.includes('/') && (first.includes('.') || first.includes(':'))) return `FROM ${image}`;
  return `FROM docker.io/${image.includes('/') ? '' : 'library/'}${image}`;
}

/** An edit of an instruction, as someone changing the Dockerfile makes one. */
function changedInstruction(before: string): string {
  if (/^RUN\s/i.test(before)) return before.endsWith(' -v') ? before.slice(0, -3) : `${before} -v`;
  if (/^(COPY|ADD)\s/i.test(before)) return before.includes(' --link ') ? before.replace(' --link ', ' ') : before.replace(/^(COPY|ADD) /i, '$1 --link ');
  if (/^WORKDIR\s/i.test(before)) return before.endsWith('/app') ? before.slice(0, -4) : `${before}/app`;
  return `${before} # changed`;
}

/** The BuildKit steps of one of our templates (no continuations or heredocs in them). */
export function stepsOf(dockerfile: string, rng: Rng): StepTemplate[] {
  const stages: { name: string; lines: string[] }[] = [];
  for (const raw of dockerfile.split('\n')) {
    const line = raw.trim();
    const match = /^(FROM|RUN|COPY|ADD|WORKDIR)\s/i.exec(line);
    if (!match) continue;
    if (match[1].toUpperCase() === 'FROM') {
      const as = /\sAS\s+(\S+)$/i.exec(line);
      stages.push({ name: as ? as[1].toLowerCase() : `stage-${stages.length}`, lines: [] });
    }
    stages[stages.length - 1].lines.push(line);
  }
  const steps: StepTemplate[] = [];
  for (const stage of stages) {
    stage.lines.forEach((line, i) => {
      const isFrom = /^FROM\s/i.test(line);
      const instruction = isFrom ? line.replace(/\s+AS\s+\S+$/i, '') : line;
      const heavy = /^RUN\s/i.test(line) ? 4 + 8 * rng() : isFrom ? 0.3 : 0.2 + 0.5 * rng();
      steps.push({
        stage: stage.name,
        step: i + 1,
        stepsInStage: stage.lines.length,
        instruction,
        name: `[${stage.name} ${i + 1}/${stage.lines.length}] ${shownInstruction(instruction)}`,
        prefix: `[${stage.name} ${i + 1}/${stage.lines.length}]`,
        isFrom,
        copiesContext: /^(COPY|ADD)\s/i.test(line) && !/--from=/.test(line),
        share: heavy,
      });
    });
  }
  const total = steps.reduce((s, x) => s + x.share, 0);
  for (const s of steps) s.share /= total;
  return steps;
}

export interface PlannedEntity {
  index: number;
  name: string;
  entityRef: string;
  title: string | null;
  owner: string;
  system: string;
  lifecycle: 'production' | 'experimental' | 'deprecated';
  type: 'service' | 'website' | 'library';
  restricted: boolean;
  template: TemplateId;
  dockerfile: string;
  steps: StepTemplate[];
  findings: FindingCounts;
  /** Relative build frequency; 0 never builds. */
  weight: number;
  /** Active part of the window, as fractions of it: new entities start late, deprecated ones stop. */
  activeFrom: number;
  activeTo: number;
  /** Median uncached build time (ms). */
  buildMs: number;
  /** Final image size at the start of the window (bytes), and its drift over the window (log). */
  baseSize: number;
  sizeDrift: number;
  failRate: number;
  /** Warnings the Dockerfile had at the start of the window and fixed since. */
  fixedWarnings: number;
}

export interface FleetPlan {
  entities: PlannedEntity[];
  groups: string[];
  systems: { name: string; owner: string }[];
  restricted: number;
}

export interface PlanOptions {
  entities: number;
  seed?: number;
}

/** The fleet: entities and their build habits, from the seed alone. */
export function planFleet(options: PlanOptions): FleetPlan {
  const rng = prng(options.seed ?? 20261205);
  const groups = Array.from({ length: 40 }, (_, i) => `team-${String(i).padStart(2, '0')}`);
  // Teams own unequal shares of the fleet (a few platform teams own many).
  const groupWeights = groups.map(g => [g, Math.exp(0.9 * normal(rng))] as const);
  const systems: { name: string; owner: string }[] = [];
  for (const word of systemWords) for (const s of systemSuffixes) systems.push({ name: `${word}-${s}`, owner: `group:default/${pick(rng, groups)}` });
  const systemsOf = new Map<string, string[]>();
  for (const g of groups) systemsOf.set(g, [pick(rng, systems).name, pick(rng, systems).name, pick(rng, systems).name].slice(0, 1 + Math.floor(rng() * 3)));

  const names = new Set<string>();
  const nameCandidates: string[] = [];
  for (const d of domains) for (const s of suffixes) nameCandidates.push(`${d}-${s}`);
  for (const d of domains) for (const q of qualifiers) for (const s of suffixes) nameCandidates.push(`${d}-${q}-${s}`);
  const entities: PlannedEntity[] = [];
  const analysed = new Map<string, FindingCounts>();
  for (let index = 0; index < options.entities; index++) {
    let name = '';
    // Mostly plain names, some qualified, a numbered one past the candidates.
    for (let tries = 0; tries < 50 && (!name || names.has(name)); tries++) {
      name = rng() < 0.55 ? nameCandidates[Math.floor(rng() * domains.length * suffixes.length)] : pick(rng, nameCandidates);
    }
    if (names.has(name)) name = `${name}-${index}`;
    names.add(name);
    const type = weighted(rng, [['service', 65], ['website', 15], ['library', 20]] as const);
    const lifecycle = weighted(rng, [['production', 70], ['experimental', 20], ['deprecated', 10]] as const);
    const group = weighted(rng, groupWeights);
    const template = weighted(rng, templateWeights[type]);
    const params: TemplateParams = { name, port: 8000 + Math.floor(rng() * 1000), root: rng() < 0.3, version: Math.floor(rng() * 6) };
    const dockerfile = templates[template](params);
    let findings = analysed.get(dockerfile.replaceAll(name, 'x'));
    if (!findings) {
      findings = countFindings(analyzeDockerfile({ path: 'Dockerfile', text: dockerfile }).report.findings);
      analysed.set(dockerfile.replaceAll(name, 'x'), findings);
    }
    const never = rng() < 0.05;
    const title = rng() < 0.4 ? name.split('-').map(w => w[0].toUpperCase() + w.slice(1)).join(' ') : null;
    const isNew = rng() < 0.15;
    entities.push({
      index,
      name,
      entityRef: `component:default/${name}`,
      title,
      owner: `group:default/${group}`,
      system: pick(rng, systemsOf.get(group)!),
      lifecycle,
      type,
      restricted: false,
      template,
      dockerfile,
      steps: stepsOf(dockerfile, rng),
      findings,
      weight: never ? 0 : Math.exp(1.6 * normal(rng)) * (lifecycle === 'experimental' ? 0.6 : 1),
      activeFrom: isNew ? 0.2 + 0.75 * rng() : 0,
      activeTo: lifecycle === 'deprecated' && rng() < 0.6 ? 0.1 + 0.6 * rng() : 1,
      buildMs: clamp(logNormal(rng, 150_000, 0.8), 8_000, 25 * 60_000),
      baseSize: clamp(logNormal(rng, template === 'go' || template === 'rust' ? 40e6 : template === 'static' ? 30e6 : 250e6, 0.9), 5e6, 1.8e9),
      sizeDrift: 0.1 + 0.25 * normal(rng),
      failRate: weighted(rng, [[0.06, 80], [0.2, 15], [0.45, 5]] as const),
      fixedWarnings: rng() < 0.4 ? 1 + Math.floor(rng() * 3) : 0,
    });
  }
  // ~10% restricted: only their owning group sees them (the guest is in none).
  const restrictedCount = Math.round(options.entities * 0.1);
  const key = entities.map(() => rng());
  const order = entities.map(e => e.index).sort((a, b) => key[a] - key[b]);
  for (const i of order.slice(0, restrictedCount)) entities[i].restricted = true;
  return { entities, groups, systems, restricted: restrictedCount };
}

const yamlString = (s: string) => JSON.stringify(s);

/** Writes the catalog under `dir` (emptied first); answers the Location file to register. */
export function writeCatalog(dir: string, plan: FleetPlan): string {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'services'), { recursive: true });
  const org: string[] = [];
  for (const g of plan.groups) {
    org.push(`apiVersion: backstage.io/v1alpha1
kind: Group
metadata:
  name: ${g}
spec:
  type: team
  children: []
`);
  }
  for (const s of plan.systems) {
    org.push(`apiVersion: backstage.io/v1alpha1
kind: System
metadata:
  name: ${s.name}
spec:
  owner: ${s.owner}
`);
  }
  writeFileSync(join(dir, 'org.yaml'), org.join('---\n'));
  const targets = ['./org.yaml'];
  for (const e of plan.entities) {
    const entityDir = join(dir, 'services', e.name);
    mkdirSync(entityDir);
    const annotations = [`    ${DOCKERFILE_ANNOTATION}: Dockerfile`];
    if (e.restricted) annotations.push(`    ${RESTRICTED_ANNOTATION}: "true"`);
    writeFileSync(
      join(entityDir, 'catalog-info.yaml'),
      `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: ${e.name}
${e.title ? `  title: ${yamlString(e.title)}\n` : ''}  description: ${yamlString(`The ${e.name.replaceAll('-', ' ')} ${e.type}`)}
  annotations:
${annotations.join('\n')}
  tags: [${e.template}]
spec:
  type: ${e.type}
  lifecycle: ${e.lifecycle}
  owner: ${e.owner}
  system: ${e.system}
`,
    );
    writeFileSync(join(entityDir, 'Dockerfile'), e.dockerfile);
    targets.push(`./services/${e.name}/catalog-info.yaml`);
  }
  const location = join(dir, 'fleet-location.yaml');
  writeFileSync(
    location,
    `apiVersion: backstage.io/v1alpha1
kind: Location
metadata:
  name: bench-fleet
  description: The generated fleet of bench/fleet.ts
spec:
  targets:
${targets.map(t => `    - ${t}`).join('\n')}
`,
  );
  return location;
}

// ------------------------------------------------------------------- the runs

export interface SeedOptions {
  runs: number;
  /** Days back from now the runs spread over. */
  days?: number;
  now?: Date;
  seed?: number;
  /** Called every flush with the runs written so far. */
  onProgress?: (written: number) => void;
}

export interface SeedReport {
  runs: number;
  steps: number;
  ms: number;
  from: Date;
  to: Date;
}

const reasonWeights = [
  ['context-files-changed', 55],
  ['none', 25],
  ['instruction-changed', 9],
  ['base-image-changed', 7],
  ['build-arg-changed', 7],
] as const;
const changedFiles = ['src/handler.go', 'src/server.ts', 'app/views.py', 'src/main/java/App.java', 'src/lib.rs', 'README.md', 'package.json', 'config/settings.yaml', 'src/routes/index.ts', 'internal/store/db.go', 'templates/index.html', 'static/app.css'];
const buildArgNames = ['VERSION', 'GIT_SHA', 'BUILD_DATE', 'BASE_IMAGE'];
const errors = ['exit code: 1', 'process "/bin/sh -c npm run build" did not complete successfully: exit code: 2', 'failed to compute cache key: "/out" not found', 'context deadline exceeded'];

/**
 * Writes runs and their steps in one transaction: on SQLite through one
 * prepared statement per table on the driver's connection (Knex's multi-row
 * insert there is a compound SELECT, limited to 500 rows and slow to parse),
 * binding values as Knex does (dates as epoch milliseconds, booleans as 0/1);
 * on PostgreSQL as multi-row inserts.
 */
async function rowWriter(knex: Knex): Promise<(runs: Record<string, unknown>[], steps: Record<string, unknown>[]) => Promise<void>> {
  const client = knex.client.config.client;
  if (client === 'better-sqlite3') {
    const bind = (v: unknown) => (v instanceof Date ? v.valueOf() : typeof v === 'boolean' ? Number(v) : v);
    return async (runs, steps) => {
      const db = await knex.client.acquireConnection();
      try {
        const insert = (table: string, rows: Record<string, unknown>[]) => {
          if (rows.length === 0) return;
          const columns = Object.keys(rows[0]);
          const statement = db.prepare(`INSERT INTO "${table}" (${columns.map(c => `"${c}"`).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`);
          for (const row of rows) statement.run(columns.map(c => bind(row[c])));
        };
        db.transaction(() => {
          insert('multistage_build_runs', runs);
          insert('multistage_build_steps', steps);
        })();
      } finally {
        await knex.client.releaseConnection(db);
      }
    };
  }
  if (client !== 'pg') throw new Error(`unsupported database client ${client}`);
  return async (runs, steps) => {
    await knex.transaction(async tx => {
      // 24 and 14 columns: far below PostgreSQL's 65,535 bind parameters a statement.
      for (let i = 0; i < runs.length; i += 1000) await tx('multistage_build_runs').insert(runs.slice(i, i + 1000));
      for (let i = 0; i < steps.length; i += 2000) await tx('multistage_build_steps').insert(steps.slice(i, i + 2000));
    });
  };
}

/** The plugin's tables, migrated, on `knex`. */
export async function migratePlugin(knex: Knex): Promise<void> {
  await knex.migrate.latest({ directory: pluginMigrations });
}

/**
 * Writes `options.runs` runs (and their steps) of the plan's entities into the
 * plugin's tables, in time order, batched in transactions.
 */
export async function seedRuns(knex: Knex, plan: FleetPlan, options: SeedOptions): Promise<SeedReport> {
  const started = performance.now();
  const rng = prng((options.seed ?? 20261205) ^ 0x5eed);
  const now = (options.now ?? new Date()).getTime();
  const span = (options.days ?? 180) * DAY;
  const from = now - span;
  const builders = plan.entities.filter(e => e.weight > 0);
  const cumulative: number[] = [];
  let sum = 0;
  for (const e of builders) cumulative.push((sum += e.weight));
  const pickEntity = () => {
    const r = rng() * sum;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid] > r) hi = mid;
      else lo = mid + 1;
    }
    return builders[lo];
  };
  // Busier on weekdays and working hours (UTC), and a little busier lately.
  const activity = (t: number) => {
    const d = new Date(t);
    const weekend = d.getUTCDay() === 0 || d.getUTCDay() === 6;
    const h = d.getUTCHours() + d.getUTCMinutes() / 60;
    const hours = 0.25 + Math.exp(-((h - 13) ** 2) / 18);
    return (weekend ? 0.3 : 1) * hours * (0.8 + (0.2 * (t - from)) / span);
  };
  const entityOf = new Int32Array(options.runs);
  const timeOf = new Float64Array(options.runs);
  for (let i = 0; i < options.runs; i++) {
    const e = pickEntity();
    const lo = from + e.activeFrom * span;
    const hi = from + e.activeTo * span;
    let t = lo + rng() * (hi - lo);
    for (let tries = 0; tries < 20 && rng() * 1.25 > activity(t); tries++) t = lo + rng() * (hi - lo);
    entityOf[i] = e.index;
    timeOf[i] = Math.floor(t);
  }
  const order = Array.from({ length: options.runs }, (_, i) => i).sort((a, b) => timeOf[a] - timeOf[b]);

  interface EntityState {
    runs: number;
    digests: string[];
    instructions: string[];
    dockerfileDigest: string;
  }
  const state = new Map<number, EntityState>();
  const users = firstNames.flatMap(f => lastNames.map(l => `user:default/${f}.${l}`));
  const configJson = JSON.stringify(defaultBuildConfig);
  const write = await rowWriter(knex);
  let runRows: Record<string, unknown>[] = [];
  let stepRows: Record<string, unknown>[] = [];
  let written = 0;
  let stepsWritten = 0;
  const flush = async () => {
    await write(runRows, stepRows);
    written += runRows.length;
    stepsWritten += stepRows.length;
    runRows = [];
    stepRows = [];
    options.onProgress?.(written);
  };

  for (const i of order) {
    const e = plan.entities[entityOf[i]];
    const created = timeOf[i];
    const frac = (created - from) / span;
    let s = state.get(e.index);
    if (!s) {
      s = { runs: 0, digests: e.steps.map(() => hex(rng)), instructions: e.steps.map(x => x.instruction), dockerfileDigest: `sha256:${hex(rng)}` };
      state.set(e.index, s);
    }
    const first = s.runs === 0;
    s.runs += 1;
    const id = uuid(rng);
    const queuedMs = Math.floor(clamp(logNormal(rng, 2_000, 1.2), 100, 120_000));
    const startedAt = created + queuedMs;
    const r = rng();
    let status: 'succeeded' | 'failed' | 'cancelled' | 'running' | 'queued' = r < e.failRate ? 'failed' : r < e.failRate + 0.05 ? 'cancelled' : 'succeeded';
    const cancelledQueued = status === 'cancelled' && rng() < 0.4;

    // What changed since the previous build, and so which steps run.
    // A failed build ran something: a fully cached one cannot fail.
    const reason = first ? 'first-build' : weighted(rng, status === 'failed' ? reasonWeights.filter(([k]) => k !== 'none') : reasonWeights);
    let missFrom = e.steps.length; // index of the first step that misses
    let primary: CacheMissReason | null = null;
    const nonFrom = e.steps.map((x, k) => (x.isFrom ? -1 : k)).filter(k => k >= 0);
    if (reason === 'first-build') {
      missFrom = 0;
      primary = { kind: 'first-build' };
    } else if (reason === 'context-files-changed') {
      const copies = e.steps.map((x, k) => (x.copiesContext ? k : -1)).filter(k => k >= 0);
      missFrom = copies.length ? pick(rng, copies) : pick(rng, nonFrom);
      const n = 1 + Math.floor(logNormal(rng, 2, 1));
      const paths = Array.from({ length: Math.min(n, 5) }, () => pick(rng, changedFiles));
      primary = { kind: 'context-files-changed', paths: [...new Set(paths)], more: Math.max(0, n - 5) };
    } else if (reason === 'instruction-changed') {
      missFrom = pick(rng, nonFrom);
      const before = s.instructions[missFrom];
      const after = changedInstruction(before);
      primary = { kind: 'instruction-changed', before, after };
      s.instructions[missFrom] = after;
      s.dockerfileDigest = `sha256:${hex(rng)}`;
    } else if (reason === 'base-image-changed') {
      missFrom = 0;
      primary = { kind: 'base-image-changed', before: e.steps[0].instruction, after: e.steps[0].instruction };
    } else if (reason === 'build-arg-changed') {
      missFrom = pick(rng, nonFrom);
      primary = { kind: 'build-arg-changed', names: [pick(rng, buildArgNames)] };
    }

    // Step times: missed steps take their share of the entity's build time, cached ones a moment.
    // Loading the Dockerfile and context first, exporting the image last: 10 s or more; 30 min at most in all.
    const setupMs = Math.round(clamp(logNormal(rng, 3_000, 0.4), 1_500, 10_000));
    const exportMs = Math.round(clamp(logNormal(rng, 9_000, 0.4), 8_500, 40_000));
    const factor = Math.exp(0.3 * normal(rng));
    const stepMs = e.steps.map((x, k) => (k >= missFrom ? Math.max(50, Math.round(x.share * e.buildMs * factor)) : x.isFrom ? 300 : 20 + Math.floor(rng() * 80)));
    const budget = 30 * 60_000 - setupMs - exportMs;
    const total = stepMs.reduce((sum, ms) => sum + ms, 0);
    if (total > budget) for (let k = 0; k < stepMs.length; k++) stepMs[k] = Math.floor((stepMs[k] * budget) / total);
    const failAt = status === 'failed' ? Math.max(missFrom, e.steps.length - 1 - Math.floor(rng() * 2)) : -1;
    const cancelAt = status === 'cancelled' && !cancelledQueued ? Math.floor(rng() * e.steps.length) : -1;
    const lastStep = cancelledQueued ? -1 : status === 'failed' ? Math.min(failAt, e.steps.length - 1) : cancelAt >= 0 ? cancelAt : e.steps.length - 1;
    let t = startedAt + setupMs;
    let hits = 0;
    let misses = 0;
    let saved = 0;
    const runSteps: Record<string, unknown>[] = [];
    for (let k = 0; k <= lastStep; k++) {
      const x = e.steps[k];
      const missed = k >= missFrom;
      if (missed && !first && !x.isFrom && reason !== 'none') s.digests[k] = hex(rng);
      if (missed && x.isFrom && reason === 'base-image-changed') s.digests[k] = hex(rng);
      const cached = !missed && !x.isFrom;
      let missReason: CacheMissReason | null = null;
      if (missed && (!x.isFrom || reason === 'first-build' || reason === 'base-image-changed')) {
        missReason = k === missFrom ? primary : { kind: 'earlier-step-missed', step: e.steps[missFrom].name };
      }
      if (cached) {
        hits += 1;
        saved += Math.round(x.share * e.buildMs);
      }
      if (missReason) misses += 1;
      const failed = k === failAt;
      const ms = failed ? Math.round(stepMs[k] * rng()) : stepMs[k];
      runSteps.push({
        run_id: id,
        digest: `sha256:${s.digests[k]}`,
        position: k,
        name: `${x.prefix} ${shownInstruction(s.instructions[k])}`,
        stage: x.stage,
        step: x.step,
        instruction: s.instructions[k],
        cached,
        started_at: new Date(t),
        completed_at: new Date(t + ms),
        duration_ms: ms,
        error: failed ? pick(rng, errors) : null,
        log_tail: cached ? '' : failed ? `#${k + 7} ERROR: ${pick(rng, errors)}\n` : `#${k + 7} DONE ${(ms / 1000).toFixed(1)}s\n`,
        miss_reason_json: missReason ? JSON.stringify(missReason) : null,
      });
      t += ms;
    }
    // Cancelled while queued: never started. Runs still going at the end of the window have no end.
    let finishedAt: number | null = cancelledQueued ? startedAt : status === 'succeeded' ? t + exportMs : t + 200;
    let started: number | null = cancelledQueued ? null : startedAt;
    if (finishedAt > now) {
      status = startedAt > now || cancelledQueued ? 'queued' : 'running';
      finishedAt = null;
      if (status === 'queued') started = null;
    }
    const size = status === 'succeeded' ? Math.round(clamp(e.baseSize * Math.exp(e.sizeDrift * frac) * (1 + 0.015 * normal(rng)), 5e6, 2e9)) : null;
    const warnings = e.findings.warning + Math.round(e.fixedWarnings * (1 - frac));
    runRows.push({
      id,
      entity_ref: e.entityRef,
      status,
      target: null,
      config_json: configJson,
      requested_by: pick(rng, users),
      dockerfile_path: 'Dockerfile',
      dockerfile_digest: s.dockerfileDigest,
      created_at: new Date(created),
      started_at: started === null ? null : new Date(started),
      finished_at: finishedAt === null ? null : new Date(finishedAt),
      image_id: size === null ? null : `sha256:${hex(rng)}`,
      image_size: size,
      stage_sizes_json: size === null ? '{}' : JSON.stringify({ runtime: size }),
      error: status === 'failed' ? `step ${failAt + 1} failed: ${pick(rng, errors)}` : status === 'cancelled' ? 'cancelled by user' : null,
      cache_hits: hits,
      cache_misses: misses,
      time_saved_ms: saved,
      default_build_args_json: '[]',
      finding_errors: e.findings.error,
      finding_warnings: warnings,
      finding_infos: e.findings.info,
    });
    stepRows.push(...runSteps);
    if (runRows.length >= 5000) await flush();
  }
  if (runRows.length) await flush();
  return { runs: written, steps: stepsWritten, ms: performance.now() - started, from: new Date(from), to: new Date(now) };
}

// ------------------------------------------------------------------------ CLI

export function parseArgs(argv: string[]): Record<string, string> {
  const args: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(argv[i]);
    if (!m) throw new Error(`unexpected argument ${argv[i]}`);
    // A flag without a value (`--keep`) is "true".
    args[m[1]] = m[2] ?? (argv[i + 1] === undefined || argv[i + 1].startsWith('--') ? 'true' : argv[++i]);
  }
  return args;
}

export function positiveInt(value: string | undefined, fallback: number, what: string): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${what} must be a positive whole number, got ${value}`);
  return n;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const entities = positiveInt(args.entities, 2000, '--entities');
  const runs = positiveInt(args.runs, 200_000, '--runs');
  const days = positiveInt(args.days, 180, '--days');
  const seed = positiveInt(args.seed, 20261205, '--seed');
  const out = resolve(args.out ?? join(__dirname, '..', '.cache', 'bench-fleet', 'catalog'));
  let t = performance.now();
  const plan = planFleet({ entities, seed });
  const location = writeCatalog(out, plan);
  console.log(`catalog: ${entities} components (${plan.restricted} restricted), ${plan.groups.length} groups, ${plan.systems.length} systems in ${(performance.now() - t).toFixed(0)} ms; location ${location}`);
  let knex: Knex | undefined;
  if (args.sqlite) knex = knexFactory({ client: 'better-sqlite3', connection: { filename: resolve(args.sqlite) }, useNullAsDefault: true });
  else if (args.postgres) {
    if (!args.database) throw new Error('--postgres needs --database NAME');
    knex = knexFactory({ client: 'pg', connection: `${args.postgres.replace(/\/[^/]*$/, '')}/${args.database}` });
  }
  if (!knex) return;
  try {
    t = performance.now();
    await migratePlugin(knex);
    const report = await seedRuns(knex, plan, { runs, days, seed });
    console.log(`runs: ${report.runs} runs, ${report.steps} steps written in ${(report.ms / 1000).toFixed(1)} s (migrations ${((performance.now() - t - report.ms) / 1000).toFixed(1)} s)`);
  } finally {
    await knex.destroy();
  }
}

if (require.main === module) {
  main().catch(e => {
    // Knex puts the whole statement in the message: thousands of rows.
    console.error(String(e?.stack ?? e).slice(0, 2000));
    process.exit(1);
  });
}
