import { parseImageReference } from '../../stages/imageReference';
import { releasesOfImage } from './imageReleases';

const releases = (image: string) =>
  releasesOfImage(parseImageReference(image)!).map(({ product, release }) => `${product} ${release.cycle}`);

describe('releasesOfImage', () => {
  it.each([
    ['node:16', ['nodejs 16']],
    ['node:16.20.2-alpine3.18', ['nodejs 16', 'alpine-linux 3.18']],
    ['node:hydrogen-bullseye-slim', ['nodejs 18', 'debian 11']],
    ['python:3.8-slim-buster', ['python 3.8', 'debian 10']],
    ['python:3.12.1-alpine3.19', ['python 3.12', 'alpine-linux 3.19']],
    ['docker.io/library/golang:1.19', ['go 1.19']],
    ['golang:1.21.5-bookworm', ['go 1.21', 'debian 12']],
    ['golang:1.21-alpine', ['go 1.21']],
    ['eclipse-temurin:17.0.8_7-jre-jammy', ['eclipse-temurin 17', 'ubuntu 22.04']],
    ['eclipse-temurin:8u392-b08-jdk-focal', ['eclipse-temurin 8', 'ubuntu 20.04']],
    ['amazoncorretto:15-alpine3.14', ['amazon-corretto 15', 'alpine-linux 3.14']],
    ['public.ecr.aws/amazoncorretto/amazoncorretto:11', ['amazon-corretto 11']],
    ['openjdk:17-jdk-slim-buster', ['openjdk-builds-from-oracle 17', 'debian 10']],
    ['mcr.microsoft.com/dotnet/aspnet:6.0-bullseye-slim', ['dotnet 6', 'debian 11']],
    ['mcr.microsoft.com/dotnet/core/sdk:3.1-focal', ['dotnet 3.1', 'ubuntu 20.04']],
    ['debian:buster-slim', ['debian 10']],
    ['debian:11.7', ['debian 11']],
    ['ubuntu:18.04', ['ubuntu 18.04']],
    ['ubuntu:jammy-20240101', ['ubuntu 22.04']],
    ['alpine:3.12.0', ['alpine-linux 3.12']],
    ['ruby:3.1-slim-bullseye', ['debian 11']],
    ['mirror.gcr.io/library/python:3.7', ['python 3.7']],
  ])('reads %s', (image, expected) => {
    expect(releases(image)).toEqual(expected);
  });

  it.each([
    'node', 'node:lts-alpine', 'node:current', 'python:3', 'python:3.13.0rc1-slim', 'golang:1.22rc1',
    'openjdk:8-jdk-alpine', 'openjdk:11-jre-slim', 'alpine:edge', 'alpine:3',
    'acme/app:1.0-buster', 'ghcr.io/acme/node:16', 'mcr.microsoft.com/dotnet/framework/sdk:4.8',
  ])('names nothing for %s', image => {
    expect(releases(image)).toEqual([]);
  });
});
