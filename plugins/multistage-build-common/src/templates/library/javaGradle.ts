/*
 * Java with Gradle: dependencies resolved once per build-script change
 * (Gradle's caches mounted), the jar and the tests on top, a jlink-trimmed
 * runtime, and Debian slim to run it on.
 */
import { dockerfileText, dockerignore, header, run, stageComment, testsPassedMarker } from '../dockerfileParts';
import type { CacheMount } from '../dockerfileParts';
import { portParameter, systemPackagesParameter, versionParameter } from '../parameters';
import type { ServiceTemplate, TemplateStage, TemplateValues } from '../types';
import { copyRunnableJar, javaDebugLines, javaDebugStage, javaDevLines, javaMajor, javaRuntimeImage, javaRuntimeLines, javaRuntimeStage, javaVersionParameter, jlinkLines, jlinkStage } from './javaParts';

const stages: TemplateStage[] = [
  { name: 'deps', description: 'the dependencies the build scripts declare, in Gradle\'s cached user home.' },
  { name: 'build', description: '`gradle jar` without tests; the jar is copied to /out/app.jar.' },
  { name: 'test', description: '`gradle test`; the runtime copies its marker, so a failing test stops the image.' },
  jlinkStage,
  { name: 'dev', description: 'for local work: the JDK, Gradle and the sources, running the built jar.', optional: true },
  javaDebugStage,
  javaRuntimeStage,
];

const caches: CacheMount = { target: '/root/.gradle/caches' };

const baseImages = (v: TemplateValues) => ({
  GRADLE_IMAGE: `gradle:${v.gradleVersion}-jdk${javaMajor(v)}`,
  JAVA_RUNTIME_IMAGE: javaRuntimeImage,
});

export const javaGradleTemplate: ServiceTemplate = {
  id: 'java-gradle',
  title: 'Java service (Gradle)',
  language: 'java',
  buildTool: 'gradle',
  description: 'A Gradle project whose jar task makes one runnable jar (dependencies inside), run on a Java runtime trimmed by jlink to the modules it uses. The HEALTHCHECK runs the jar with --healthcheck, which must exit 0 while the service is healthy (the skeleton does this).',
  compiled: true,
  parameters: [
    javaVersionParameter,
    versionParameter({ name: 'gradleVersion', title: 'Gradle version', description: 'The official gradle image tag to build with.', default: '8.11.1' }),
    portParameter(8080),
    systemPackagesParameter,
  ],
  stages,
  baseImages,
  render(v) {
    const images = baseImages(v);
    const gradle = (tasks: string) => run(`gradle --no-daemon --console=plain ${tasks}`, [caches]);
    const dockerfile = dockerfileText([
      header(this, stages),
      [`ARG GRADLE_IMAGE=${images.GRADLE_IMAGE}`, `ARG JAVA_RUNTIME_IMAGE=${images.JAVA_RUNTIME_IMAGE}`],
      [
        stageComment(stages, 'deps'),
        'FROM ${GRADLE_IMAGE} AS deps',
        'WORKDIR /src',
        'COPY settings.gradle* build.gradle* gradle.properties* ./',
        gradle('dependencies'),
      ],
      [
        stageComment(stages, 'build'),
        'FROM deps AS build',
        'COPY src ./src',
        `${gradle('jar')} \\\n    && ${copyRunnableJar('build/libs')}`,
      ],
      [stageComment(stages, 'test'), 'FROM build AS test', `${gradle('test')} \\\n    && touch ${testsPassedMarker}`],
      jlinkLines(stages, 'build', javaMajor(v)),
      javaDevLines(stages, v.port),
      javaDebugLines(stages, v.port),
      javaRuntimeLines(stages, v),
    ]);
    return { dockerfile, dockerignore: dockerignore(['build', '.gradle', '*.iml']) };
  },
};
