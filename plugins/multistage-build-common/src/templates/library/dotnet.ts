/*
 * .NET: NuGet packages restored once per project-file change (the package
 * folder is a cache mount), publish and tests on top, and the ASP.NET runtime
 * image with the published output as its non-root app user. The app answers
 * its own HEALTHCHECK (`--healthcheck`): the runtime image has no curl.
 */
import { aptInstall, copyTestMarker, dockerfileText, dockerignore, header, healthTiming, jsonArray, run, stageComment, testRun } from '../dockerfileParts';
import type { CacheMount } from '../dockerfileParts';
import { portParameter, systemPackagesParameter, versionParameter } from '../parameters';
import type { ServiceTemplate, TemplateStage, TemplateValues } from '../types';

const stages: TemplateStage[] = [
  { name: 'deps', description: 'the NuGet packages the project files name; cached until a project file changes.' },
  { name: 'build', description: '`dotnet publish` of the service in Release.' },
  { name: 'test', description: '`dotnet test`; the runtime copies its marker, so a failing test stops the image.' },
  { name: 'dev', description: 'for local work: the SDK and `dotnet watch`.', optional: true },
  { name: 'runtime', description: 'the ASP.NET runtime image with the published output, as its app user.' },
];

const packages: CacheMount = { target: '/root/.nuget/packages' };

const baseImages = (v: TemplateValues) => ({
  DOTNET_SDK_IMAGE: `mcr.microsoft.com/dotnet/sdk:${v.sdkVersion}-noble`,
  DOTNET_RUNTIME_IMAGE: `mcr.microsoft.com/dotnet/aspnet:${v.runtimeVersion}-noble`,
});

export const dotnetTemplate: ServiceTemplate = {
  id: 'dotnet',
  title: '.NET service (ASP.NET Core)',
  language: 'dotnet',
  buildTool: 'dotnet',
  description: 'An ASP.NET Core project under src/<Project> with its tests under tests/<Project>.Tests, published in Release. The HEALTHCHECK runs the app with --healthcheck, which must exit 0 while the service is healthy.',
  compiled: true,
  parameters: [
    versionParameter({ name: 'sdkVersion', title: 'SDK version', description: 'The .NET SDK image tag to build with.', default: '10.0.100' }),
    versionParameter({ name: 'runtimeVersion', title: 'Runtime version', description: 'The ASP.NET runtime image tag to run on.', default: '10.0.0' }),
    {
      name: 'project',
      title: 'Project',
      description: 'The service project: src/<Project>/<Project>.csproj, tested by tests/<Project>.Tests.',
      type: 'string',
      default: 'Service',
      pattern: /^[A-Za-z_][A-Za-z0-9_.]*$/,
      patternDescription: 'a project name such as Service',
      describesProject: true,
    },
    portParameter(8080),
    systemPackagesParameter,
  ],
  stages,
  baseImages,
  render(v) {
    const images = baseImages(v);
    const port = v.port as number;
    const project = String(v.project);
    const service = `src/${project}/${project}.csproj`;
    const tests = `tests/${project}.Tests/${project}.Tests.csproj`;
    const dockerfile = dockerfileText([
      header(this, stages),
      [`ARG DOTNET_SDK_IMAGE=${images.DOTNET_SDK_IMAGE}`, `ARG DOTNET_RUNTIME_IMAGE=${images.DOTNET_RUNTIME_IMAGE}`],
      [
        stageComment(stages, 'deps'),
        'FROM ${DOTNET_SDK_IMAGE} AS deps',
        'ENV DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1',
        'WORKDIR /src',
        `COPY ${service} src/${project}/`,
        `COPY ${tests} tests/${project}.Tests/`,
        run(`dotnet restore ${tests}`, [packages]),
      ],
      [
        stageComment(stages, 'build'),
        'FROM deps AS build',
        'COPY . .',
        run(`dotnet publish ${service} --configuration Release --output /out`, [packages]),
      ],
      [
        stageComment(stages, 'test'),
        'FROM build AS test',
        testRun(`dotnet test ${tests} --configuration Release`, [packages]),
      ],
      [
        stageComment(stages, 'dev'),
        'FROM deps AS dev',
        '# The packages go into the image, so that `dotnet watch` starts without a network.',
        '# stagecraft ignore=missing-cache-mount',
        `RUN dotnet restore ${tests}`,
        'COPY . .',
        `ENV ASPNETCORE_HTTP_PORTS=${port}`,
        `EXPOSE ${port}`,
        `CMD ${jsonArray(['dotnet', 'watch', '--project', service, 'run'])}`,
      ],
      [
        stageComment(stages, 'runtime'),
        'FROM ${DOTNET_RUNTIME_IMAGE} AS runtime',
        'WORKDIR /app',
        ...aptInstall(v.systemPackages as string[]),
        copyTestMarker('test'),
        'COPY --from=build /out ./',
        '# The app user of the .NET 8 images.',
        'USER 1654:1654',
        `ENV ASPNETCORE_HTTP_PORTS=${port}`,
        `EXPOSE ${port}`,
        `HEALTHCHECK ${healthTiming} CMD ${jsonArray(['dotnet', `${project}.dll`, '--healthcheck'])}`,
        `ENTRYPOINT ${jsonArray(['dotnet', `${project}.dll`])}`,
      ],
    ]);
    return { dockerfile, dockerignore: dockerignore(['**/bin', '**/obj', '*.user', 'TestResults']) };
  },
};
