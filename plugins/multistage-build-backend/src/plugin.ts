import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { ScmIntegrations } from '@backstage/integration';
import { hostname } from 'node:os';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { AnalysisPool, readAnalysisPoolOptions } from '@stagecraft/plugin-multistage-build-node';
import { readMultistageBuildConfig } from './config';
import { DatabaseDockerfileSnapshotStore } from './database/DockerfileSnapshotStore';
import { Builders } from './engine/Builders';
import { DockerfileSource } from './source/DockerfileSource';
import { EntityDockerfileService } from './service/EntityDockerfileService';
import { EntityAccess } from './http/entityAccess';
import { createRouter } from './router';
import { createBuildRouter } from './buildRouter';
import { BuildAnalytics } from './builds/BuildAnalytics';
import { BuildContextSource } from './source/BuildContextSource';
import { BuildAccess } from './builds/BuildAccess';
import { BuildService } from './builds/BuildService';
import { DatabaseBuildConfigStore } from './database/BuildConfigStore';
import { DatabaseBuildRunStore } from './database/BuildRunStore';
import { RunEventStore } from './database/RunEventStore';
import { RunQueueStore } from './database/RunQueueStore';
import { LeaseRecovery } from './builds/LeaseRecovery';
import { FleetEntityStore } from './database/FleetEntityStore';
import { RollupStore } from './database/RollupStore';
import { DailyRollup } from './fleet/DailyRollup';
import { FleetAnalytics } from './fleet/FleetAnalytics';
import { FleetRefresh } from './fleet/FleetRefresh';
import { VisibleEntities } from './fleet/VisibleEntities';
import { createFleetRouter } from './fleetRouter';

/**
 * The multistage-build backend plugin: Dockerfile analysis for catalog
 * entities, builds on the Docker engine, and their history.
 *
 * @public
 */
export const multistageBuildPlugin = createBackendPlugin({
  pluginId: 'multistage-build',
  register(env) {
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        database: coreServices.database,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        permissions: coreServices.permissions,
        urlReader: coreServices.urlReader,
        lifecycle: coreServices.lifecycle,
        rootLifecycle: coreServices.rootLifecycle,
        scheduler: coreServices.scheduler,
        auth: coreServices.auth,
        catalog: catalogServiceRef,
      },
      async init({ config, logger, database, httpRouter, httpAuth, permissions, urlReader, lifecycle, rootLifecycle, scheduler, auth, catalog }) {
        const settings = readMultistageBuildConfig(config);
        const integrations = ScmIntegrations.fromConfig(config);
        // Every Dockerfile this plugin analyses is analysed here, off the event loop.
        const analysis = new AnalysisPool(readAnalysisPoolOptions(config));
        const snapshots = await DatabaseDockerfileSnapshotStore.create({ database });
        const builders = Builders.fromSettings(settings.builders, logger);
        // Health first (each check gives up after 5 s), so the first claims know where to go.
        await builders.start(settings.builds.healthCheckSeconds * 1000);
        lifecycle.addShutdownHook(() => builders.stop());
        const source = new DockerfileSource({
          urlReader,
          integrations,
          trustSourceLocation: settings.trustSourceLocation,
          allowedRoots: settings.allowedRoots,
          maxDockerfileBytes: settings.maxDockerfileBytes,
        });
        const runs = await DatabaseBuildRunStore.create({ database });
        const access = new EntityAccess({ httpAuth, permissions, catalog });
        const fleetEntities = await FleetEntityStore.create({ database });
        const entityDockerfiles = new EntityDockerfileService({
          analysis,
          source,
          snapshots,
          severityOverrides: settings.severityOverrides,
          runs,
          fleet: fleetEntities,
          logger,
        });

        const configs = await DatabaseBuildConfigStore.create({ database });
        const queue = await RunQueueStore.create({ database });
        const eventStore = await RunEventStore.create({ database });
        const builds = new BuildService({
          analysis,
          runs,
          configs,
          queue,
          eventStore,
          builders,
          // The pod name (hostname) and process: what an operator looks for when a replica is lost.
          replica: `${hostname().slice(0, 48)}:${process.pid}`,
          leaseMs: settings.builds.leaseSeconds * 1000,
          claimPollMs: settings.builds.claimPollMs,
          eventFlushMs: settings.events.flushMs,
          eventPollMs: settings.events.pollMs,
          dockerfiles: source,
          contexts: new BuildContextSource({
            urlReader,
            integrations,
            trustSourceLocation: settings.trustSourceLocation,
            allowedRoots: settings.allowedRoots,
            contextLimits: settings.builds.contextLimits,
          }),
          logger,
          concurrency: settings.builds.concurrency,
          measureStageSizes: settings.builds.measureStageSizes,
          defaultBuildArgs: settings.builds.buildArgs,
          timeoutSeconds: settings.builds.timeoutSeconds,
          maxUnfinishedPerUser: settings.builds.maxUnfinishedPerUser,
          contextLimits: settings.builds.contextLimits,
          maxUnfinishedPerEntity: settings.builds.maxUnfinishedPerEntity,
          severityOverrides: settings.severityOverrides,
          stepLogBytes: settings.builds.stepLogBytes,
          access: new BuildAccess(settings.access),
        });
        await builds.events.listen();
        // Shutdown: no new claims once the backend starts stopping; running builds get the grace
        // period, then go back to the queue for another replica.
        rootLifecycle.addBeforeShutdownHook(() => builds.stopClaiming());
        // One hook, in order: Backstage runs a plugin's shutdown hooks at once, and a build being
        // drained may still need the analysis pool.
        lifecycle.addShutdownHook(async () => {
          await builds.shutdown(settings.builds.shutdownGraceSeconds * 1000);
          await analysis.close();
        });
        // Runs of replicas that died: once across replicas, as often as a lease lasts.
        const recovery = new LeaseRecovery({
          queue,
          runs,
          events: builds.events,
          eventStore,
          builders,
          logger,
          eventRetentionMs: settings.events.retentionMinutes * 60_000,
        });
        await scheduler.scheduleTask({
          id: 'multistage-build-lease-recovery',
          scope: 'global',
          frequency: { seconds: settings.builds.leaseSeconds },
          // Short: a replica killed while it holds this task's lock holds it until the timeout.
          timeout: { seconds: 60 },
          initialDelay: { seconds: 1 },
          fn: async signal => {
            await recovery.run(signal);
          },
        });
        const analytics = new BuildAnalytics(runs, snapshots);

        // The org-wide page's data: both tasks run on one replica at a time (scope global, a database lock).
        const rollups = await RollupStore.create({ database });
        const refresh = new FleetRefresh({
          catalog,
          auth,
          entities: fleetEntities,
          source,
          analysis,
          logger,
          severityOverrides: settings.severityOverrides,
          requestsPerSecond: settings.analytics.scanRequestsPerSecond,
        });
        await scheduler.scheduleTask({
          id: 'multistage-build-fleet-refresh',
          scope: 'global',
          frequency: { minutes: settings.analytics.refreshMinutes },
          timeout: { hours: 3 },
          initialDelay: { seconds: 10 },
          fn: async signal => {
            await refresh.run(signal);
          },
        });
        const rollup = new DailyRollup({
          rollups,
          logger,
          retentionDays: settings.analytics.retentionDays,
          // A run cannot outlast its time limit; running twice that long, it was left behind by a crash.
          unfinishedGraceMs: 2 * settings.builds.timeoutSeconds * 1000,
        });
        await scheduler.scheduleTask({
          id: 'multistage-build-day-rollup',
          scope: 'global',
          frequency: { minutes: settings.analytics.rollupMinutes },
          timeout: { hours: 1 },
          initialDelay: { seconds: 20 },
          fn: signal => rollup.run(signal),
        });
        const fleet = new FleetAnalytics({ rollups, entities: fleetEntities });
        const visible = new VisibleEntities({
          access,
          entities: fleetEntities,
          ttlMs: settings.analytics.visibilityCacheSeconds * 1000,
        });

        httpRouter.use(
          await createRouter({
            access,
            analysis,
            entityDockerfiles,
            snapshots,
            engine: builders,
            maxDockerfileBytes: settings.maxDockerfileBytes,
            severityOverrides: settings.severityOverrides,
            buildRoutes: () =>
              createBuildRouter({
                access,
                analysis,
                dockerfiles: source,
                configs,
                runs,
                builds,
                analytics,
                builders,
                queue,
              }),
            fleetRoutes: () => createFleetRouter({ access, fleet, visible }),
          }),
        );
        httpRouter.addAuthPolicy({ path: '/health', allow: 'unauthenticated' });
      },
    });
  },
});
