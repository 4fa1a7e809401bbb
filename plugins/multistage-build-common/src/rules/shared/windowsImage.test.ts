import { parseDockerfile } from '../../parser/parseDockerfile';
import { isWindowsImage, isWindowsInstruction } from './windowsImage';

describe('isWindowsImage', () => {
  it('recognises Windows base images and Windows variant tags', () => {
    for (const image of [
      'mcr.microsoft.com/windows/servercore:ltsc2022',
      'mcr.microsoft.com/windows/nanoserver:ltsc2025',
      'mcr.microsoft.com/windows:ltsc2019',
      'mcr.microsoft.com/dotnet/aspnet:11.0-nanoserver-ltsc2025',
      'mcr.microsoft.com/dotnet/sdk:8.0-windowsservercore-ltsc2022',
      'python:3.12-windowsservercore',
      'example.com/app:1.0-ltsc2022',
      'mcr.microsoft.com/dotnet/framework/aspnet:4.8',
    ]) {
      expect([image, isWindowsImage(image)]).toEqual([image, true]);
    }
  });

  it('does not take Linux images for Windows', () => {
    for (const image of ['node:22-slim', 'mcr.microsoft.com/dotnet/aspnet:8.0', 'alpine:3.20', 'scratch', 'ltsc2022-tools:1']) {
      expect([image, isWindowsImage(image)]).toEqual([image, false]);
    }
  });
});

describe('isWindowsInstruction', () => {
  const instructions = (text: string) => parseDockerfile(text).instructions;

  it('recognises drive-letter WORKDIRs and cmd/PowerShell shells', () => {
    const [, ...rest] = instructions(
      '# escape=`\nFROM base\nWORKDIR C:\\app\nWORKDIR "c:/inetpub"\nSHELL ["powershell", "-Command"]\nSHELL ["cmd", "/S", "/C"]',
    );
    expect(rest.map(isWindowsInstruction)).toEqual([true, true, true, true]);
  });

  it('leaves Linux paths and shells alone', () => {
    const [, ...rest] = instructions('FROM base\nWORKDIR /app\nSHELL ["/bin/bash", "-c"]\nSHELL ["pwsh", "-c"]\nRUN dir C:\\');
    expect(rest.map(isWindowsInstruction)).toEqual([false, false, false, false]);
  });
});
