import { refusal } from './__testUtils__/convertChecked';
import { convertToMultiStage } from './convertToMultiStage';

describe('convertToMultiStage', () => {
  it('returns the language, the stage names and notes', () => {
    const result = convertToMultiStage({
      path: 'services/api/Dockerfile',
      text: 'FROM golang\nCOPY . .\nRUN go build -o /server .\nCMD ["/server"]\n',
    });
    expect(result).toMatchObject({ ok: true, language: 'go', stages: ['deps', 'build', 'test', 'runtime'] });
    if (!result.ok) return;
    expect(result.text).toContain('ARG GO_VERSION=1.23\n');
    expect(result.notes).toEqual(
      expect.arrayContaining([
        'services/api/Dockerfile:1: golang has no version tag; pinned to golang:1.23.',
        'services/api/Dockerfile: no WORKDIR; the stages work in /app.',
      ]),
    );
  });

  it('refuses a file that does not parse, with the file and line', () => {
    expect(refusal('FROM node:20\nRUN npm ci\nENV NODE_ENV\n', { path: 'app/Dockerfile' })).toBe(
      'app/Dockerfile:3: the file does not parse: ENV must have two arguments',
    );
  });

  it('refuses a file without FROM', () => {
    expect(refusal('ARG VERSION=1\n')).toBe('Dockerfile: no FROM instruction; expected a single-stage Dockerfile');
  });

  it('refuses a file that is already multi-stage', () => {
    expect(
      refusal(`FROM golang:1.22 AS build
RUN go build -o /server .
FROM gcr.io/distroless/static
COPY --from=build /server /server
`),
    ).toBe(
      'Dockerfile:3: already multi-stage (2 stages, FROM on lines 1, 3); expected a single-stage Dockerfile',
    );
  });

  it('refuses an image the converter has no recipe for', () => {
    expect(
      refusal(`FROM php:8.3-apache
COPY . /var/www/html
RUN docker-php-ext-install pdo_mysql
`),
    ).toBe(
      'Dockerfile:1: the base image php:8.3-apache is not a language image the converter knows; expected a base image of node, python, golang, maven, gradle, openjdk, eclipse-temurin, amazoncorretto, rust',
    );
  });

  it('refuses a bare OS image and says which command suggests a language', () => {
    expect(
      refusal(`FROM alpine:3.19
RUN apk add --no-cache nodejs npm
WORKDIR /app
COPY . .
RUN npm ci
CMD ["node", "server.js"]
`),
    ).toBe(
      'Dockerfile:1: the base image alpine:3.19 is not a language image the converter knows (`npm ci` on line 5 suggests node: start FROM that language\'s official image); expected a base image of node, python, golang, maven, gradle, openjdk, eclipse-temurin, amazoncorretto, rust',
    );
  });

  it('refuses scratch and a FROM variable without a default', () => {
    expect(refusal('FROM scratch\nCOPY app /app\n')).toBe(
      'Dockerfile:1: the base is scratch; expected a language base image',
    );
    expect(refusal('ARG BASE\nFROM ${BASE}\nRUN npm ci\n')).toBe(
      'Dockerfile:2: cannot read the base image "${BASE}"; expected an image reference such as node:20 (a global ARG used in FROM needs a default)',
    );
  });

  it.each([
    [
      'FROM node:20\nCOPY . .\nCMD ["node", "index.js"]\n',
      'Dockerfile:1: base image node:20 is Node.js, but no RUN installs the dependencies; expected npm ci, npm install, yarn install or pnpm install',
    ],
    [
      'FROM python:3.12\nCOPY . .\nRUN pip install flask\nCMD ["python", "app.py"]\n',
      'Dockerfile:1: base image python:3.12 is Python, but no RUN installs dependencies from a manifest; expected pip install -r requirements.txt or poetry install',
    ],
    [
      'FROM golang:1.22\nCOPY . .\nCMD ["go", "run", "."]\n',
      'Dockerfile:1: base image golang:1.22 is Go, but no RUN runs go build; expected e.g. RUN go build -o /app/server .',
    ],
    [
      'FROM eclipse-temurin:21-jre\nCOPY target/app.jar /app.jar\nCMD ["java", "-jar", "/app.jar"]\n',
      'Dockerfile:1: base image eclipse-temurin:21-jre is Java, but no RUN builds with Maven or Gradle; expected mvn package, ./mvnw package, gradle build or ./gradlew build',
    ],
    [
      'FROM golang:1.22\nCOPY . .\nRUN go build .\n',
      'Dockerfile:3: `go build .` has no -o and there is no CMD or ENTRYPOINT naming the binary; expected go build -o <path>',
    ],
  ])('refuses a layout it does not recognise: %j', (text, reason) => {
    expect(refusal(text)).toBe(reason);
  });
});
