/*
 * Windows containers differ in ways several rules care about: there is no
 * root (the default user is ContainerAdministrator or ContainerUser), no
 * apt/apk caches under /root, and paths have drive letters. The base image
 * name is the surest sign; a file whose base is hidden behind an ARG still
 * shows it in its WORKDIR and SHELL lines.
 * (cache/missingCacheMount.ts has its own pattern and could reuse this one.)
 */
import type { Instruction } from '../../parser/types';

/**
 * Windows base images: `mcr.microsoft.com/windows/servercore`, `.../nanoserver`,
 * `mcr.microsoft.com/windows:ltsc2019`, variant tags such as
 * `dotnet/aspnet:8.0-nanoserver-ltsc2022` or `python:3.12-windowsservercore`,
 * and the Windows-only .NET Framework images.
 */
const windowsReference = /windows|servercore|nanoserver|[-_.:]ltsc20\d\d(?![0-9])|(^|\/)dotnet\/framework\/|(^|\/)dotnet-framework(:|$)/i;

/** True when an image reference (as resolved) names a Windows image. */
export function isWindowsImage(reference: string): boolean {
  return windowsReference.test(reference);
}

const drivePath = /^["']?[A-Za-z]:([\\/]|$)/;
const windowsShell = /(^|[\\/])(cmd|powershell)(\.exe)?$/i;

/** True when an instruction only makes sense on Windows: a drive-letter WORKDIR or a cmd/PowerShell SHELL. */
export function isWindowsInstruction(instruction: Instruction): boolean {
  if (instruction.keyword === 'WORKDIR') return drivePath.test(instruction.args[0] ?? '');
  if (instruction.keyword === 'SHELL') return windowsShell.test(instruction.args[0] ?? '');
  return false;
}
