/*
 * Every template with a skeleton, built for real: the skeleton (a small
 * working service) and the rendered Dockerfile go to the engine with the
 * local base images (on port 9091 where the template has a port parameter),
 * and the image must build, run as a non-root user, and report healthy
 * through its own HEALTHCHECK; the optional targets must build as well.
 */
import { serviceTemplates } from '@stagecraft/plugin-multistage-build-common';
import { prepareBuildContext } from '../engine/buildContext';
import { engineForTests, localBaseImages } from '../__testUtils__/engine';
import { createTemplateWorkspace, templatesWithSkeletons, verificationParameters } from '../__testUtils__/templateWorkspace';

jest.setTimeout(900_000);

const templates = templatesWithSkeletons();

describe('templates built with the real engine', () => {
  it('has skeletons for the templates that can be built here', () => {
    // python-poetry needs PyPI and dotnet the .NET SDK: neither is reachable here.
    expect(templates.sort()).toEqual(['go', 'java-gradle', 'java-maven', 'node-npm', 'node-pnpm', 'python-pip', 'rust', 'static-nginx']);
  });

  it.each(templates)('%s builds, runs as non-root and turns healthy', async templateId => {
    const engine = await engineForTests();
    if (!engine) return;
    const dir = createTemplateWorkspace(templateId, verificationParameters(templateId));
    const context = await prepareBuildContext({ dir, dockerfile: 'Dockerfile' });
    const logs: string[] = [];

    const { imageId } = await engine
      .build({ context: context.tar(), dockerfile: 'Dockerfile', buildArgs: localBaseImages, onMessage: m => logs.push(JSON.stringify(m)) })
      .catch(e => {
        throw new Error(`${templateId}: ${e.message}\n${logs.slice(-20).join('\n')}`);
      });

    const image = await engine.docker.getImage(imageId).inspect();
    expect(image.Config.User).toMatch(/^[1-9]\d*:[1-9]\d*$/);
    const probe = image.Config.Healthcheck?.Test;
    expect(probe?.[0]).toBe('CMD');

    // The image's own probe, every half second instead of every 30 s.
    const container = await engine.docker.createContainer({
      Image: imageId,
      Healthcheck: { Test: probe, Interval: 500_000_000, Timeout: 5_000_000_000, Retries: 60, StartPeriod: 0 },
      HostConfig: { AutoRemove: false },
    });
    try {
      await container.start();
      let status = 'starting';
      for (let i = 0; i < 120 && status === 'starting'; i++) {
        await new Promise(r => setTimeout(r, 500));
        const state = (await container.inspect()).State;
        status = state.Running ? state.Health?.Status ?? 'none' : `exited ${state.ExitCode}`;
      }
      const output = (await container.logs({ stdout: true, stderr: true })).toString('utf8');
      expect({ templateId, status, output: status === 'healthy' ? '' : output }).toEqual({ templateId, status: 'healthy', output: '' });
    } finally {
      await container.remove({ force: true });
    }
  });

  it.each(templates)('%s: its optional targets (dev, debug) build too', async templateId => {
    const engine = await engineForTests();
    if (!engine) return;
    const dir = createTemplateWorkspace(templateId, verificationParameters(templateId));
    const optional = serviceTemplates.find(t => t.id === templateId)!.stages.filter(s => s.optional).map(s => s.name);
    expect(optional).toContain('dev');

    for (const target of optional) {
      const context = await prepareBuildContext({ dir, dockerfile: 'Dockerfile' });
      const { imageId } = await engine
        .build({ context: context.tar(), dockerfile: 'Dockerfile', target, buildArgs: localBaseImages })
        .catch(e => {
          throw new Error(`${templateId} --target ${target}: ${e.message}`);
        });
      expect(imageId).toMatch(/^sha256:/);
    }
  });
});
