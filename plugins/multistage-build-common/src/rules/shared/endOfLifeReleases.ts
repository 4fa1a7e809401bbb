/*
 * When the releases that base images are built from stop getting security
 * fixes, as one dated table copied by hand from https://endoflife.date (the
 * snapshot of its data read for this table: August 2026). A release counts as
 * end of life when its date is on or before `asOf`, never "today": the
 * analysis of a file must not change overnight, and tests stay deterministic.
 * Update the dates and `asOf` together.
 *
 * Choices made where endoflife.date offers more than one date:
 * - Debian: the end of Debian LTS ("eoes"). LTS fixes are published to the
 *   same `<codename>-security` suite the official debian images read, so an
 *   image keeps getting fixes until then.
 * - Ubuntu: the end of standard security maintenance ("eol"). Expanded
 *   Security Maintenance needs an Ubuntu Pro subscription images do not have.
 * - The deprecated Docker Hub `openjdk` image: endoflife.date's "OpenJDK
 *   builds from Oracle", which those tags were built from for 12 and later.
 *   Its 8 and 11 tags came from other upstream builds that are not in
 *   endoflife.date, so they are left out rather than given a guessed date.
 */

export type EndOfLifeProductId =
  | 'nodejs' | 'python' | 'dotnet' | 'eclipse-temurin' | 'amazon-corretto' | 'openjdk-builds-from-oracle'
  | 'go' | 'debian' | 'ubuntu' | 'alpine-linux';

export interface EndOfLifeRelease {
  /** The release cycle as endoflife.date names it: `16`, `3.12`, `22.04`. */
  cycle: string;
  /** The distribution's or LTS line's name, lower-case, as image tags spell it. */
  codename?: string;
  /** The last day of security fixes, `YYYY-MM-DD`. */
  eol: string;
}

export interface EndOfLifeProduct {
  /** How messages name the product, e.g. `Node.js`. */
  label: string;
  releases: EndOfLifeRelease[];
}

export interface EndOfLifeTable {
  source: string;
  /** The day the table was last checked; releases ending on or before it are end of life. */
  asOf: string;
  products: Record<EndOfLifeProductId, EndOfLifeProduct>;
}

const cycleEnding = (cycle: string, eol: string, codename?: string): EndOfLifeRelease =>
  codename === undefined ? { cycle, eol } : { cycle, eol, codename };

export const endOfLifeReleases: EndOfLifeTable = {
  source: 'https://endoflife.date',
  asOf: '2026-12-01',
  products: {
    // Codenames are the Node.js LTS line names the official image tags use (`node:hydrogen`).
    nodejs: {
      label: 'Node.js',
      releases: [
        cycleEnding('26', '2029-04-30'), cycleEnding('25', '2026-06-01'), cycleEnding('24', '2028-04-30', 'krypton'),
        cycleEnding('23', '2025-06-01'), cycleEnding('22', '2027-04-30', 'jod'), cycleEnding('21', '2024-06-01'),
        cycleEnding('20', '2026-04-30', 'iron'), cycleEnding('19', '2023-06-01'), cycleEnding('18', '2025-04-30', 'hydrogen'),
        cycleEnding('17', '2022-06-01'), cycleEnding('16', '2023-09-11', 'gallium'), cycleEnding('15', '2021-06-01'),
        cycleEnding('14', '2023-04-30', 'fermium'), cycleEnding('13', '2020-06-01'), cycleEnding('12', '2022-04-30', 'erbium'),
        cycleEnding('11', '2019-06-30'), cycleEnding('10', '2021-04-30', 'dubnium'), cycleEnding('9', '2018-06-30'),
        cycleEnding('8', '2019-12-31', 'carbon'), cycleEnding('7', '2017-06-30'), cycleEnding('6', '2019-04-30', 'boron'),
        cycleEnding('5', '2016-06-30'), cycleEnding('4', '2018-04-30', 'argon'),
      ],
    },
    python: {
      label: 'Python',
      releases: [
        cycleEnding('3.14', '2030-10-31'), cycleEnding('3.13', '2029-10-31'), cycleEnding('3.12', '2028-10-31'),
        cycleEnding('3.11', '2027-10-31'), cycleEnding('3.10', '2026-10-31'), cycleEnding('3.9', '2025-10-31'),
        cycleEnding('3.8', '2024-10-07'), cycleEnding('3.7', '2023-06-27'), cycleEnding('3.6', '2021-12-23'),
        cycleEnding('3.5', '2020-09-30'), cycleEnding('3.4', '2019-03-18'), cycleEnding('3.3', '2017-09-29'),
        cycleEnding('2.7', '2020-01-01'),
      ],
    },
    dotnet: {
      label: '.NET',
      releases: [
        cycleEnding('10', '2028-11-14'), cycleEnding('9', '2026-11-10'), cycleEnding('8', '2026-11-10'), cycleEnding('7', '2024-05-14'),
        cycleEnding('6', '2024-11-12'), cycleEnding('5', '2022-05-10'), cycleEnding('3.1', '2022-12-13'), cycleEnding('3.0', '2020-03-03'),
        cycleEnding('2.2', '2019-12-23'), cycleEnding('2.1', '2021-08-21'),
      ],
    },
    'eclipse-temurin': {
      label: 'Eclipse Temurin',
      releases: [
        cycleEnding('26', '2026-09-15'), cycleEnding('25', '2031-09-30'), cycleEnding('24', '2025-09-16'), cycleEnding('23', '2025-03-18'),
        cycleEnding('22', '2024-09-17'), cycleEnding('21', '2029-12-31'), cycleEnding('20', '2023-09-19'), cycleEnding('19', '2023-03-31'),
        cycleEnding('18', '2022-09-30'), cycleEnding('17', '2027-10-31'), cycleEnding('16', '2021-09-30'), cycleEnding('11', '2027-10-31'),
        cycleEnding('8', '2030-12-31'),
      ],
    },
    'amazon-corretto': {
      label: 'Amazon Corretto',
      releases: [
        cycleEnding('26', '2026-10-31'), cycleEnding('25', '2032-10-31'), cycleEnding('24', '2025-10-31'), cycleEnding('23', '2025-04-30'),
        cycleEnding('22', '2024-10-15'), cycleEnding('21', '2030-10-31'), cycleEnding('20', '2023-10-17'), cycleEnding('19', '2023-04-19'),
        cycleEnding('18', '2022-10-18'), cycleEnding('17', '2029-10-31'), cycleEnding('16', '2021-10-19'), cycleEnding('15', '2021-04-20'),
        cycleEnding('11', '2032-01-31'), cycleEnding('8', '2030-12-31'),
      ],
    },
    'openjdk-builds-from-oracle': {
      label: 'OpenJDK (Oracle builds)',
      releases: [
        cycleEnding('26', '2026-09-18'), cycleEnding('25', '2026-03-17'), cycleEnding('24', '2025-09-16'), cycleEnding('23', '2025-03-18'),
        cycleEnding('22', '2024-09-17'), cycleEnding('21', '2024-03-19'), cycleEnding('20', '2023-09-19'), cycleEnding('19', '2023-03-21'),
        cycleEnding('18', '2022-09-20'), cycleEnding('17', '2022-03-22'), cycleEnding('16', '2021-09-14'), cycleEnding('15', '2021-03-16'),
        cycleEnding('14', '2020-09-16'), cycleEnding('13', '2020-03-17'), cycleEnding('12', '2019-09-17'),
      ],
    },
    go: {
      label: 'Go',
      releases: [
        cycleEnding('1.25', '2026-08-19'), cycleEnding('1.24', '2026-02-10'), cycleEnding('1.23', '2025-08-12'),
        cycleEnding('1.22', '2025-02-11'), cycleEnding('1.21', '2024-08-13'), cycleEnding('1.20', '2024-02-06'),
        cycleEnding('1.19', '2023-09-06'), cycleEnding('1.18', '2023-02-01'), cycleEnding('1.17', '2022-08-02'),
        cycleEnding('1.16', '2022-03-15'), cycleEnding('1.15', '2021-08-16'), cycleEnding('1.14', '2021-02-16'),
        cycleEnding('1.13', '2020-08-11'), cycleEnding('1.12', '2020-02-25'), cycleEnding('1.11', '2019-09-03'),
        cycleEnding('1.10', '2019-02-25'),
      ],
    },
    debian: {
      label: 'Debian',
      releases: [
        cycleEnding('13', '2030-06-30', 'trixie'), cycleEnding('12', '2028-06-30', 'bookworm'), cycleEnding('11', '2026-08-31', 'bullseye'),
        cycleEnding('10', '2024-06-30', 'buster'), cycleEnding('9', '2022-07-01', 'stretch'), cycleEnding('8', '2020-06-30', 'jessie'),
        cycleEnding('7', '2018-05-31', 'wheezy'),
      ],
    },
    ubuntu: {
      label: 'Ubuntu',
      releases: [
        cycleEnding('26.04', '2031-04-30', 'resolute'), cycleEnding('25.10', '2026-07-01', 'questing'),
        cycleEnding('25.04', '2026-01-17', 'plucky'), cycleEnding('24.10', '2025-07-10', 'oracular'),
        cycleEnding('24.04', '2029-05-31', 'noble'), cycleEnding('23.10', '2024-07-12', 'mantic'),
        cycleEnding('23.04', '2024-01-20', 'lunar'), cycleEnding('22.10', '2023-07-20', 'kinetic'),
        cycleEnding('22.04', '2027-04-01', 'jammy'), cycleEnding('21.10', '2022-07-14', 'impish'),
        cycleEnding('21.04', '2022-01-20', 'hirsute'), cycleEnding('20.10', '2021-07-22', 'groovy'),
        cycleEnding('20.04', '2025-05-31', 'focal'), cycleEnding('19.10', '2020-07-06', 'eoan'),
        cycleEnding('19.04', '2020-01-23', 'disco'), cycleEnding('18.10', '2019-07-18', 'cosmic'),
        cycleEnding('18.04', '2023-05-31', 'bionic'), cycleEnding('16.04', '2021-04-02', 'xenial'),
        cycleEnding('14.04', '2019-04-02', 'trusty'),
      ],
    },
    'alpine-linux': {
      label: 'Alpine Linux',
      releases: [
        cycleEnding('3.24', '2028-06-01'), cycleEnding('3.23', '2027-11-01'), cycleEnding('3.22', '2027-05-01'),
        cycleEnding('3.21', '2026-11-01'), cycleEnding('3.20', '2026-04-01'), cycleEnding('3.19', '2025-11-01'),
        cycleEnding('3.18', '2025-05-09'), cycleEnding('3.17', '2024-11-22'), cycleEnding('3.16', '2024-05-23'),
        cycleEnding('3.15', '2023-11-01'), cycleEnding('3.14', '2023-05-01'), cycleEnding('3.13', '2022-11-01'),
        cycleEnding('3.12', '2022-05-01'), cycleEnding('3.11', '2021-11-01'), cycleEnding('3.10', '2021-05-01'),
        cycleEnding('3.9', '2020-11-01'), cycleEnding('3.8', '2020-05-01'), cycleEnding('3.7', '2019-11-01'),
        cycleEnding('3.6', '2019-05-01'), cycleEnding('3.5', '2018-11-01'), cycleEnding('3.4', '2018-05-01'),
      ],
    },
  },
};

/** A product's release by cycle or codename; undefined when the table does not know it. */
export function endOfLifeRelease(product: EndOfLifeProductId, cycleOrCodename: string): EndOfLifeRelease | undefined {
  return endOfLifeReleases.products[product].releases.find(
    r => r.cycle === cycleOrCodename || r.codename === cycleOrCodename,
  );
}

/** Whether a release's security fixes ended on or before the table's date (dates compare as text). */
export function isEndOfLife(release: EndOfLifeRelease, asOf = endOfLifeReleases.asOf): boolean {
  return release.eol <= asOf;
}
