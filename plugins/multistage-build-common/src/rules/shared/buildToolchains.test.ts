import { isToolchainImage } from './buildToolchains';

describe('buildToolchains', () => {
  it('recognises SDK and compiler images', () => {
    for (const image of ['golang:1.22-alpine', 'docker.io/library/rust:slim', 'maven:3.9-eclipse-temurin-21', 'gradle',
      'gcc:14', 'buildpack-deps:bookworm', 'mcr.microsoft.com/dotnet/sdk:8.0', 'eclipse-temurin:21', 'openjdk:17-jdk']) {
      expect([image, isToolchainImage(image)]).toEqual([image, true]);
    }
  });

  it('treats runtimes, JREs and other images as not toolchains', () => {
    for (const image of ['node:22', 'python:3.12', 'eclipse-temurin:21-jre', 'mcr.microsoft.com/dotnet/aspnet:8.0',
      'gcr.io/distroless/java21', 'alpine', 'not a reference', '']) {
      expect([image, isToolchainImage(image)]).toEqual([image, false]);
    }
  });
});
