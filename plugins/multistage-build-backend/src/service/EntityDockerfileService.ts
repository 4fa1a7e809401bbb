import type { LoggerService } from '@backstage/backend-plugin-api';
import { type Entity, stringifyEntityRef } from '@backstage/catalog-model';
import type { AnalysisPool } from '@stagecraft/plugin-multistage-build-node';
import {
  countFindings,
  type EntityDockerfileResponse,
  type SeverityOverride,
} from '@stagecraft/plugin-multistage-build-common';
import type { BuildRunStore } from '../database/BuildRunStore';
import type { DockerfileSnapshotStore } from '../database/DockerfileSnapshotStore';
import type { FleetEntityStore } from '../database/FleetEntityStore';
import { catalogFieldsOf } from '../fleet/FleetRefresh';
import { analysisKeyOf, scanResultOf } from '../fleet/scanResult';
import { recordedStageSeconds } from '../builds/recordedStageSeconds';
import { dockerfileDigest, type DockerfileSource } from '../source/DockerfileSource';

/** Reads an entity's Dockerfile, describes it and remembers the snapshot. */
export class EntityDockerfileService {
  constructor(
    private readonly deps: {
      /** Where the Dockerfile is analysed: off the event loop, within the analysis limits. */
      analysis: AnalysisPool;
      source: DockerfileSource;
      snapshots: DockerfileSnapshotStore;
      /** Per-rule severity or `off`, from app-config. */
      severityOverrides?: Record<string, SeverityOverride>;
      /** Build history: its stage durations weigh the critical path. */
      runs?: BuildRunStore;
      /** The org-wide page's entity table: what a user reads here is fresher than the scheduled refresh. */
      fleet?: FleetEntityStore;
      logger?: LoggerService;
    },
  ) {}

  /** The entity's Dockerfile, described; the caller has checked that the user may see the entity. */
  async read(entity: Entity): Promise<EntityDockerfileResponse> {
    const entityRef = stringifyEntityRef(entity);

    const dockerfile = await this.deps.source.read(entity);
    // Recorded stage durations are keyed by stage name, so the analysis runs once.
    const recordedSeconds = this.deps.runs ? await recordedStageSeconds({ runs: this.deps.runs, entityRef }) : {};
    const description = await this.deps.analysis.describe(
      {
        path: dockerfile.path,
        text: dockerfile.text,
        severityOverrides: this.deps.severityOverrides,
        recordedSeconds,
      },
      dockerfile.path,
    );
    await this.deps.snapshots.record({
      entityRef,
      path: dockerfile.path,
      location: dockerfile.location,
      digest: dockerfileDigest(dockerfile.text),
      stages: description.stages,
      parseErrorCount: description.parseErrors.length,
      findings: countFindings(description.findings),
      readAt: new Date(),
    });
    if (this.deps.fleet) {
      const now = new Date();
      // The org-wide table is a copy kept fresh on the side: failing to update it must not fail the tab.
      try {
        await this.deps.fleet.upsert([catalogFieldsOf(entity)], now);
        await this.deps.fleet.saveScan(
          entityRef,
          scanResultOf({
            findings: description.findings,
            digest: dockerfileDigest(dockerfile.text),
            etag: dockerfile.etag ?? null,
            analysisKey: analysisKeyOf(this.deps.severityOverrides ?? {}),
            scannedAt: now,
          }),
        );
      } catch (error) {
        this.deps.logger?.warn(`Build analytics: could not update ${entityRef} in the entity table: ${(error as Error).message}`);
      }
    }
    return {
      entityRef,
      path: dockerfile.path,
      location: dockerfile.location,
      text: dockerfile.text,
      digest: dockerfileDigest(dockerfile.text),
      severityOverrides: this.deps.severityOverrides ?? {},
      recordedSeconds,
      ...description,
    };
  }
}
