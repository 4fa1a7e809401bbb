/*
 * What the Java templates share: a jlink stage that cuts a Java runtime down
 * to the modules the jar uses (jdeps finds them), and the runtime stage that
 * runs the jar on a plain Debian image with that runtime. Together they make
 * the image a fraction of a JRE image's size.
 */
import { aptInstall, copyTestMarker, healthTiming, jsonArray, stageComment } from '../dockerfileParts';
import type { TemplateParameter, TemplateStage, TemplateValues } from '../types';

/** The Java release: a major version, 17 (the oldest LTS the skeleton and jlink flags suit) or later. */
export const javaVersionParameter: TemplateParameter = {
  name: 'javaVersion',
  title: 'Java version',
  description: 'The Java major release to build for and run on (17 or later).',
  type: 'string',
  default: '17',
  pattern: /^[1-9][0-9]$/,
  patternDescription: 'a Java major release such as 17 or 21',
  minimumVersion: '17',
};

/** The dev target: the JDK and the built jar, run as is (no network needed at start). */
export function javaDevLines(stages: TemplateStage[], port: unknown): string[] {
  return [stageComment(stages, 'dev'), 'FROM build AS dev', `ENV PORT=${port}`, `EXPOSE ${port}`, 'CMD ["java", "-jar", "/out/app.jar"]'];
}

export const javaDebugStage: TemplateStage = {
  name: 'debug',
  description: 'the built jar on the full JDK with a debugger (JDWP) listening on port 5005.',
  optional: true,
};

/** The debug target: attach an IDE to port 5005. */
export function javaDebugLines(stages: TemplateStage[], port: unknown): string[] {
  const jdwp = '-agentlib:jdwp=transport=dt_socket,server=y,suspend=n,address=*:5005';
  return [
    stageComment(stages, 'debug'),
    'FROM build AS debug',
    'USER 10001:10001',
    `ENV PORT=${port}`,
    `EXPOSE ${port} 5005`,
    `CMD ${jsonArray(['java', jdwp, '-jar', '/out/app.jar'])}`,
  ];
}

export const jlinkStage: TemplateStage = {
  name: 'jre',
  description: 'a Java runtime with only the modules the jar needs (jdeps, then jlink).',
};

export const javaRuntimeStage: TemplateStage = {
  name: 'runtime',
  description: 'Debian slim with the trimmed runtime and the jar, as a non-root user.',
};

/** The jre stage, built on the stage that holds /out/app.jar and a JDK. */
export function jlinkLines(stages: TemplateStage[], from: string, javaVersion: string): string[] {
  const major = Number(javaVersion);
  // jdk.crypto.ec (elliptic-curve TLS) became part of java.base in 22 and is deprecated for removal there;
  // JDK 21 renamed --compress=2 to zip-6.
  const tlsModule = major < 22 ? ',jdk.crypto.ec' : '';
  const compress = major < 21 ? '2' : 'zip-6';
  return [
    stageComment(stages, 'jre'),
    `FROM ${from} AS jre`,
    'RUN jlink --add-modules "$(jdeps --ignore-missing-deps --print-module-deps' +
      ` --multi-release ${javaVersion} /out/app.jar)${tlsModule}" \\`,
    `    --strip-debug --no-man-pages --no-header-files --compress=${compress} --output /opt/jre`,
  ];
}

/**
 * Copies the runnable jar to /out/app.jar, passing over the extra jars build
 * plugins leave next to it (maven-shade's original-*, Spring Boot's *-plain,
 * sources and javadoc jars).
 */
export function copyRunnableJar(dir: string): string {
  return (
    `mkdir -p /out && find ${dir} -maxdepth 1 -name '*.jar' ! -name 'original-*' ! -name '*-plain.jar'` +
    " ! -name '*-sources.jar' ! -name '*-javadoc.jar' -exec cp {} /out/app.jar ';' && test -f /out/app.jar"
  );
}

/** The runtime stage: the trimmed runtime, the jar, a non-root user and the jar's own health probe. */
export function javaRuntimeLines(stages: TemplateStage[], v: TemplateValues): string[] {
  const port = v.port as number;
  return [
    stageComment(stages, 'runtime'),
    'FROM ${JAVA_RUNTIME_IMAGE} AS runtime',
    'ENV JAVA_HOME=/opt/jre PATH=/opt/jre/bin:$PATH',
    ...aptInstall(v.systemPackages as string[]),
    copyTestMarker('test'),
    'COPY --from=jre /opt/jre /opt/jre',
    'COPY --from=build /out/app.jar /app/app.jar',
    'USER 10001:10001',
    `ENV PORT=${port}`,
    `EXPOSE ${port}`,
    `HEALTHCHECK ${healthTiming} CMD ${jsonArray(['java', '-jar', '/app/app.jar', '--healthcheck'])}`,
    `ENTRYPOINT ${jsonArray(['java', '-XX:MaxRAMPercentage=75', '-jar', '/app/app.jar'])}`,
  ];
}

export const javaRuntimeImage = 'debian:12.8-slim';

export const javaMajor = (v: TemplateValues) => String(v.javaVersion).split('.')[0];
