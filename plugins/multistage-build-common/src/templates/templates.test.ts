import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeDockerfile } from '../analysis/analyzeDockerfile';
import { parseDockerfile } from '../parser/parseDockerfile';
import { buildStageGraph, stagesNeededFor } from '../stages/stageGraph';
import { getServiceTemplate, renderServiceTemplate, serviceTemplates } from '.';
import { TemplateParameterError } from './parameters';
import { templateCatalogMarkdown } from './templateCatalogMarkdown';
import type { ServiceTemplate } from './types';

/** Values other than the defaults for every parameter, to render each template a second way. */
function otherValues(template: ServiceTemplate): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const p of template.parameters) {
    if (p.type === 'integer') values[p.name] = 8443;
    else if (p.type === 'string-list') values[p.name] = ['ca-certificates', 'tzdata'];
    else if (p.type === 'boolean') values[p.name] = !p.default;
  }
  return values;
}

const cases = serviceTemplates.flatMap(t => [
  { id: t.id, how: 'defaults', parameters: {} },
  { id: t.id, how: 'other port and system packages', parameters: otherValues(t) },
]);

describe('the template library', () => {
  it('has the languages and build tools the issue asks for', () => {
    expect(serviceTemplates.map(t => `${t.language}/${t.buildTool}`)).toEqual([
      'node/npm',
      'node/pnpm',
      'python/pip',
      'python/poetry',
      'go/go',
      'java/maven',
      'java/gradle',
      'rust/cargo',
      'dotnet/dotnet',
      'static/npm',
    ]);
    expect(new Set(serviceTemplates.map(t => t.id)).size).toBe(serviceTemplates.length);
  });

  it.each(cases)('$id ($how) renders a Dockerfile our analyser finds no warning or error in', ({ id, parameters }) => {
    const rendered = renderServiceTemplate(id, parameters);
    const { report } = analyzeDockerfile({ text: rendered.dockerfile, path: `${id}/Dockerfile` });

    expect(report.parseErrors).toEqual([]);
    expect(report.findings.filter(f => f.severity !== 'info')).toEqual([]);
    // The only notes allowed: the optional stages are reachable with --target only.
    expect(new Set(report.findings.map(f => f.rule))).toEqual(new Set(report.findings.length ? ['unreachable-stage'] : []));
  });

  it.each(serviceTemplates)('$id: stages as described, runtime last and the default, optional ones never needed by it', template => {
    const { dockerfile } = renderServiceTemplate(template.id);
    const graph = buildStageGraph(parseDockerfile(dockerfile));
    const names = graph.stages.map(s => s.name);

    expect(names).toEqual(template.stages.map(s => s.name));
    expect(names[names.length - 1]).toBe('runtime');
    expect(graph.defaultTarget).toBe(graph.stages.length - 1);
    const needed = new Set(stagesNeededFor(graph, graph.defaultTarget!));
    for (const stage of template.stages) {
      expect({ stage: stage.name, needed: needed.has(names.indexOf(stage.name)) }).toEqual({ stage: stage.name, needed: !stage.optional });
    }
    for (const name of ['deps', 'build', 'test']) expect(names).toContain(name);
    expect(template.stages.some(s => s.optional && s.name === 'dev')).toBe(true);
  });

  it.each(serviceTemplates)('$id: the runtime runs as a non-root user with a HEALTHCHECK', template => {
    const { dockerfile } = renderServiceTemplate(template.id);
    const runtime = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));

    expect(runtime).toMatch(/\nUSER [1-9]\d*:[1-9]\d*\n/);
    expect(runtime).toMatch(/\nHEALTHCHECK --interval=30s --timeout=5s --start-period=15s --retries=3 CMD \[/);
    // The test stage gates the image.
    expect(runtime).toContain('COPY --from=test /tmp/tests-passed /tmp/tests-passed');
  });

  it.each(serviceTemplates)('$id: base images are global ARGs with pinned defaults, and every FROM uses one or a stage', template => {
    const rendered = renderServiceTemplate(template.id);
    const graph = buildStageGraph(parseDockerfile(rendered.dockerfile));
    const globalArgs = Object.fromEntries(
      [...rendered.dockerfile.matchAll(/^ARG (\w+)=(\S+)$/gm)].map(([, name, value]) => [name, value]),
    );

    expect(globalArgs).toEqual(template.baseImages(rendered.values));
    for (const image of Object.values(globalArgs)) expect(image).toMatch(/:[\w.-]+$/);
    for (const image of Object.values(globalArgs)) expect(image).not.toMatch(/:latest$/);
    for (const stage of graph.stages) {
      expect(stage.baseKind === 'stage' || Object.keys(globalArgs).some(arg => stage.base === `\${${arg}}`)).toBe(true);
    }
  });

  it.each(serviceTemplates)('$id: the .dockerignore keeps version control, secrets and build output out', template => {
    const { dockerignore } = renderServiceTemplate(template.id);
    const lines = dockerignore.split('\n');

    for (const entry of ['.git', '.env', '.env.*', '**/*.pem', 'Dockerfile*']) expect(lines).toContain(entry);
    expect(dockerignore.endsWith('\n')).toBe(true);
  });

  it('puts parameter values where they belong', () => {
    const { dockerfile, values } = renderServiceTemplate('go', { goVersion: '1.22.10', port: '9090', mainPackage: 'cmd/api' });

    expect(values).toEqual({ goVersion: '1.22.10', mainPackage: 'cmd/api', port: 9090 });
    expect(dockerfile).toContain('ARG GO_IMAGE=golang:1.22.10-bookworm\n');
    expect(dockerfile).toContain('-o /out/server ./cmd/api\n');
    expect(dockerfile).toContain('ENV PORT=9090\nEXPOSE 9090\n');
  });

  it('gives jlink the flags each Java release takes', () => {
    const jlink = (javaVersion: string) => renderServiceTemplate('java-maven', { javaVersion }).dockerfile.match(/RUN jlink [^]*?--output/)![0];

    expect(jlink('17')).toContain('--multi-release 17 /out/app.jar),jdk.crypto.ec"');
    expect(jlink('17')).toContain('--compress=2 ');
    expect(jlink('21')).toContain('--compress=zip-6 ');
    expect(jlink('23')).toContain('--multi-release 23 /out/app.jar)"');
  });

  it('installs extra system packages in the runtime only, with apt caches mounted', () => {
    const { dockerfile } = renderServiceTemplate('python-pip', { systemPackages: ['tzdata', 'tzdata', 'libpq5'] });
    const runtime = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));

    expect(runtime).toContain('apt-get install -y --no-install-recommends tzdata libpq5\n');
    expect(dockerfile.indexOf('apt-get install')).toBeGreaterThan(dockerfile.lastIndexOf('\nFROM '));
    expect(runtime).toContain('--mount=type=cache,target=/var/lib/apt,sharing=locked');
  });
});

describe('template parameters', () => {
  const error = (id: string, parameters: Record<string, unknown>) => {
    try {
      renderServiceTemplate(id, parameters);
    } catch (e) {
      return e;
    }
    throw new Error('expected an error');
  };

  it('names the template, the parameter and the problem', () => {
    expect(error('node-npm', { port: 70000 })).toEqual(
      new TemplateParameterError('node-npm', 'port', 'must be between 1 and 65535, got 70000'),
    );
    expect(String(error('node-npm', { port: 'eighty' }))).toBe(
      'TemplateParameterError: node-npm: parameters.port: must be an integer, got "eighty"',
    );
    expect(String(error('rust', { rustVersion: 1.83 }))).toBe(
      'TemplateParameterError: rust: parameters.rustVersion: must be a string, got 1.83',
    );
    expect(String(error('go', { colour: 'blue' }))).toBe(
      'TemplateParameterError: go: parameters.colour: unknown parameter; this template takes goVersion, mainPackage, port',
    );
    expect(String(error('python-pip', { testCommand: 'nose' }))).toBe(
      'TemplateParameterError: python-pip: parameters.testCommand: "nose" is not unittest or pytest',
    );
  });

  it('refuses values that would break out of their instruction', () => {
    expect(String(error('node-npm', { nodeVersion: '22 AS x\nRUN curl evil | sh' }))).toMatch(
      /parameters\.nodeVersion: "22 AS x\\nRUN curl evil \| sh" is not a version such as 22 or 22\.12\.0$/,
    );
    expect(String(error('python-pip', { systemPackages: ['tzdata', 'x && rm -rf /'] }))).toMatch(
      /parameters\.systemPackages: item 1 "x && rm -rf \/" is not a Debian package name such as tzdata$/,
    );
    expect(String(error('node-npm', { main: '../etc/passwd' }))).toMatch(/parameters\.main: "\.\.\/etc\/passwd" is not a relative path/);
    expect(String(error('node-npm', { outputDir: 'dist/../../etc' }))).toMatch(
      /parameters\.outputDir: "dist\/\.\.\/\.\.\/etc" is not a relative path of letters, digits, \., _, - and \/ without \.\. segments$/,
    );
    expect(String(error('node-npm', { healthPath: "/x'); process.exit(0); ('" }))).toMatch(/parameters\.healthPath: .* is not an absolute URL path/);
  });

  it('refuses versions older than the template works with', () => {
    expect(String(error('node-npm', { nodeVersion: '16.20.2' }))).toMatch(
      /parameters\.nodeVersion: 16\.20\.2 is older than 18, the oldest version this template works with$/,
    );
    expect(String(error('java-maven', { javaVersion: '11' }))).toMatch(/parameters\.javaVersion: 11 is older than 17/);
    // A Java release is a major version: it goes into the image tag and into javac's --release.
    expect(String(error('java-gradle', { javaVersion: '21.0.5' }))).toMatch(/"21\.0\.5" is not a Java major release such as 17 or 21$/);
    expect(renderServiceTemplate('java-maven', { javaVersion: '21' }).dockerfile).toContain('ARG MAVEN_IMAGE=maven:3.9.9-eclipse-temurin-21\n');
    expect(renderServiceTemplate('python-pip', { pythonVersion: '3.13.1' }).values.pythonVersion).toBe('3.13.1');
  });

  it('says which templates exist when the id is unknown', () => {
    expect(() => getServiceTemplate('cobol')).toThrow(
      'cobol: parameters.templateId: no template "cobol"; there are node-npm, node-pnpm, python-pip, python-poetry, go, java-maven, java-gradle, rust, dotnet, static-nginx',
    );
  });

  it('fills in defaults and treats null as not given', () => {
    const { values } = renderServiceTemplate('static-nginx', { nginxVersion: null });

    expect(values).toEqual({ nodeVersion: '22.12.0', nginxVersion: '1.27.3', outputDir: 'dist' });
  });
});

describe('docs/templates.md', () => {
  it('is generated from the library (yarn templates:generate)', () => {
    const root = join(__dirname, '../../../..');
    const verified = readdirSync(join(root, 'templates')).filter(id => existsSync(join(root, 'templates', id, 'skeleton')));

    expect(readFileSync(join(root, 'docs/templates.md'), 'utf8')).toBe(templateCatalogMarkdown(serviceTemplates, verified));
  });
});
