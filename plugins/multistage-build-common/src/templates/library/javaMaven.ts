/*
 * Java with Maven: plugins and dependencies resolved once per pom.xml change
 * (the local repository is a cache mount), the jar and the tests on top, a
 * jlink-trimmed runtime, and Debian slim to run it on.
 */
import { dockerfileText, dockerignore, header, run, stageComment, testsPassedMarker } from '../dockerfileParts';
import type { CacheMount } from '../dockerfileParts';
import { portParameter, systemPackagesParameter, versionParameter } from '../parameters';
import type { ServiceTemplate, TemplateStage, TemplateValues } from '../types';
import { copyRunnableJar, javaDebugLines, javaDebugStage, javaDevLines, javaMajor, javaRuntimeImage, javaRuntimeLines, javaRuntimeStage, javaVersionParameter, jlinkLines, jlinkStage } from './javaParts';

const stages: TemplateStage[] = [
  { name: 'deps', description: 'the plugins and dependencies pom.xml names, in the cached local repository.' },
  { name: 'build', description: '`mvn package` without tests; the jar is copied to /out/app.jar.' },
  { name: 'test', description: '`mvn test`; the runtime copies its marker, so a failing test stops the image.' },
  jlinkStage,
  { name: 'dev', description: 'for local work: the JDK, Maven and the sources, running the built jar.', optional: true },
  javaDebugStage,
  javaRuntimeStage,
];

const repository: CacheMount = { target: '/root/.m2/repository' };

const baseImages = (v: TemplateValues) => ({
  MAVEN_IMAGE: `maven:${v.mavenVersion}-eclipse-temurin-${javaMajor(v)}`,
  JAVA_RUNTIME_IMAGE: javaRuntimeImage,
});

export const javaMavenTemplate: ServiceTemplate = {
  id: 'java-maven',
  title: 'Java service (Maven)',
  language: 'java',
  buildTool: 'maven',
  description: 'A Maven project packaged as one runnable jar (dependencies inside), run on a Java runtime trimmed by jlink to the modules it uses. The HEALTHCHECK runs the jar with --healthcheck, which must exit 0 while the service is healthy (the skeleton does this).',
  compiled: true,
  parameters: [
    javaVersionParameter,
    versionParameter({ name: 'mavenVersion', title: 'Maven version', description: 'The official maven image tag (with Eclipse Temurin) to build with.', default: '3.9.9' }),
    portParameter(8080),
    systemPackagesParameter,
  ],
  stages,
  baseImages,
  render(v) {
    const images = baseImages(v);
    const mvn = (goals: string) => run(`mvn --batch-mode --no-transfer-progress ${goals}`, [repository]);
    const dockerfile = dockerfileText([
      header(this, stages),
      [`ARG MAVEN_IMAGE=${images.MAVEN_IMAGE}`, `ARG JAVA_RUNTIME_IMAGE=${images.JAVA_RUNTIME_IMAGE}`],
      [stageComment(stages, 'deps'), 'FROM ${MAVEN_IMAGE} AS deps', 'WORKDIR /src', 'COPY pom.xml ./', mvn('dependency:go-offline')],
      [
        stageComment(stages, 'build'),
        'FROM deps AS build',
        'COPY src ./src',
        `${mvn('-DskipTests package')} \\\n    && ${copyRunnableJar('target')}`,
      ],
      [stageComment(stages, 'test'), 'FROM build AS test', `${mvn('test')} \\\n    && touch ${testsPassedMarker}`],
      jlinkLines(stages, 'build', javaMajor(v)),
      javaDevLines(stages, v.port),
      javaDebugLines(stages, v.port),
      javaRuntimeLines(stages, v),
    ]);
    return { dockerfile, dockerignore: dockerignore(['target', '.mvn/wrapper/maven-wrapper.jar', '*.iml']) };
  },
};
