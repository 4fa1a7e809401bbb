/*
 * Images for the Java recipe. The build image keeps the input's tag with its
 * tool and Java versions lifted into global ARGs
 * (`maven:3.9.6-eclipse-temurin-21` -> `maven:${MAVEN_VERSION}-eclipse-temurin-${JAVA_VERSION}`),
 * so one JAVA_VERSION drives both the JDK that builds and the JRE
 * (`eclipse-temurin:${JAVA_VERSION}-jre`) that runs.
 */
import { isAlpine } from './baseImage';
import type { HealthProbe } from './runtimeStage';
import type { SourceFacts } from './types';

export interface JavaImages {
  globalArgs: { name: string; value: string }[];
  buildImage: string;
  runtimeImage: string;
  probe: HealthProbe;
}

const defaultTags: Record<string, string> = {
  maven: '3.9-eclipse-temurin-21',
  gradle: '8.10-jdk21',
};
const defaultJava = '21';

/** The build and runtime images, with ARGs for the versions in the input's tag. */
export function javaImages(facts: SourceFacts, notes: string[]): JavaImages {
  const { image, path } = facts;
  if (image.digest) {
    notes.push(`${path}:${image.line}: the digest of ${image.text} was dropped; the output pins by tag.`);
  }
  let tag = image.tag;
  if (!tag || tag === 'latest') {
    tag = defaultTags[image.name] ?? `${defaultJava}-jdk`;
    notes.push(`${path}:${image.line}: ${image.text} has no version tag; pinned to ${image.repository}:${tag}.`);
  }
  const globalArgs: JavaImages['globalArgs'] = [];
  let template = tag;
  const tool = image.name === 'maven' || image.name === 'gradle' ? image.name.toUpperCase() : null;
  const toolVersion = tool ? /^(\d+(?:\.\d+)*)(?=-)/.exec(template) : null;
  if (tool && toolVersion) {
    globalArgs.push({ name: `${tool}_VERSION`, value: toolVersion[1] });
    template = `\${${tool}_VERSION}${template.slice(toolVersion[1].length)}`;
  }
  // The Java major: after the JDK's name in tool images, first in JDK images; templated only when bare.
  const java = /(^|temurin-|openjdk-|corretto-|sapmachine-|semeru-|jdk-?)(\d+)(?=$|[-_])/.exec(template);
  let javaVersion: string;
  if (java) {
    javaVersion = java[2];
    const start = java.index + java[1].length;
    template = `${template.slice(0, start)}\${JAVA_VERSION}${template.slice(start + java[2].length)}`;
  } else {
    javaVersion = /^(\d+)/.exec(tag)?.[1] ?? defaultJava;
    if (!/^\d/.test(tag)) notes.push(`${path}:${image.line}: no Java version in the tag "${tag}"; the runtime uses Java ${javaVersion}.`);
  }
  globalArgs.push({ name: 'JAVA_VERSION', value: javaVersion });
  const alpine = isAlpine(tag);
  return {
    globalArgs,
    buildImage: `${image.repository}:${template}`,
    runtimeImage: `eclipse-temurin:\${JAVA_VERSION}-jre${alpine ? '-alpine' : ''}`,
    probe: alpine ? 'busybox' : 'bash',
  };
}
