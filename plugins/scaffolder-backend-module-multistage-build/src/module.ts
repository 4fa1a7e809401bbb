import { coreServices, createBackendModule } from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { AnalysisPool, readAnalysisPoolOptions } from '@stagecraft/plugin-multistage-build-node';
import { resolve } from 'node:path';
import { createAnalyzeDockerfileAction } from './actions/analyze';
import { createConvertDockerfileAction } from './actions/convert';
import { createGenerateDockerfileAction } from './actions/generate';
import { createPublishServiceAction } from './actions/publish';

/**
 * Adds the `multistage:*` actions to the scaffolder.
 *
 * @public
 */
export const scaffolderModuleMultistageBuild = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 'multistage-build',
  register({ registerInit }) {
    registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        config: coreServices.rootConfig,
        catalog: catalogServiceRef,
        logger: coreServices.logger,
        lifecycle: coreServices.lifecycle,
      },
      async init({ scaffolder, config, catalog, logger, lifecycle }) {
        // Task input is user input: analyses run off the event loop, within the analysis limits.
        const analysis = new AnalysisPool(readAnalysisPoolOptions(config));
        lifecycle.addShutdownHook(() => analysis.close());
        scaffolder.addActions(
          createGenerateDockerfileAction(),
          createAnalyzeDockerfileAction({ analysis }),
          createConvertDockerfileAction({ analysis }),
        );
        const publishRoot = config.getOptionalString('multistageBuild.scaffolder.publishRoot');
        if (publishRoot) {
          scaffolder.addActions(createPublishServiceAction({ publishRoot: resolve(publishRoot), catalog, logger }));
        } else {
          logger.info('multistage:service:publish is off: multistageBuild.scaffolder.publishRoot is not set');
        }
      },
    });
  },
});
