import { convertChecked, stageText } from './__testUtils__/convertChecked';

describe('convertToMultiStage: Java', () => {
  it('resolves Maven dependencies from pom.xml, skips tests in build and runs the jar on the JRE', () => {
    const result = convertChecked(`FROM maven:3.9.6-eclipse-temurin-21
WORKDIR /app
COPY . .
RUN mvn -B clean install
EXPOSE 8080
ENV JAVA_OPTS="-Xmx512m"
CMD ["java", "-jar", "target/demo-0.0.1-SNAPSHOT.jar"]
`);
    expect(result.language).toBe('java');
    expect(result.stages).toEqual(['deps', 'build', 'test', 'runtime']);
    expect(result.text.split('\n\n')[1]).toBe('ARG MAVEN_VERSION=3.9.6\nARG JAVA_VERSION=21');
    expect(stageText(result.text, 'deps')).toBe(
      [
        'FROM maven:${MAVEN_VERSION}-eclipse-temurin-${JAVA_VERSION} AS deps',
        'WORKDIR /app',
        'COPY pom.xml ./',
        'RUN --mount=type=cache,target=/root/.m2 \\',
        '    mvn -B dependency:go-offline',
      ].join('\n'),
    );
    expect(stageText(result.text, 'build')).toBe(
      [
        'FROM deps AS build',
        'COPY . .',
        'RUN --mount=type=cache,target=/root/.m2 \\',
        '    mvn -B clean package -DskipTests \\',
        '    && cp /app/target/demo-0.0.1-SNAPSHOT.jar /app/app.jar',
      ].join('\n'),
    );
    expect(stageText(result.text, 'test')).toContain('    mvn -B test && touch /tmp/tests-passed');
    expect(stageText(result.text, 'runtime')).toBe(
      [
        'FROM eclipse-temurin:${JAVA_VERSION}-jre AS runtime',
        'WORKDIR /app',
        'COPY --from=test /tmp/tests-passed /tmp/tests-passed',
        'COPY --from=build /app/app.jar /app/app.jar',
        'ENV JAVA_OPTS="-Xmx512m"',
        'EXPOSE 8080',
        'USER 10001:10001',
        'HEALTHCHECK --interval=30s --timeout=5s --start-period=15s --retries=3 \\',
        '    CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8080"]',
        'CMD ["java", "-jar", "/app/app.jar"]',
      ].join('\n'),
    );
  });

  it('uses the Gradle image, its cache and the boot jar, and Alpine JRE for an Alpine build', () => {
    const result = convertChecked(`FROM gradle:8.5-jdk17-alpine
WORKDIR /home/gradle/project
COPY . .
RUN gradle build --no-daemon
EXPOSE 8080
CMD java -jar build/libs/*.jar
`);
    expect(result.text.split('\n\n')[1]).toBe('ARG GRADLE_VERSION=8.5\nARG JAVA_VERSION=17');
    expect(stageText(result.text, 'deps')).toBe(
      [
        'FROM gradle:${GRADLE_VERSION}-jdk${JAVA_VERSION}-alpine AS deps',
        'WORKDIR /home/gradle/project',
        'COPY build.gradle* settings.gradle* gradle.properties* ./',
        'RUN --mount=type=cache,target=/root/.gradle \\',
        '    gradle dependencies --no-daemon',
      ].join('\n'),
    );
    expect(stageText(result.text, 'build')).toContain(
      [
        '    gradle build --no-daemon -x test \\',
        "    && find build/libs -maxdepth 1 -name '*.jar' ! -name '*-plain.jar' -exec cp {} /home/gradle/project/app.jar ';'",
      ].join('\n'),
    );
    const runtime = stageText(result.text, 'runtime');
    expect(runtime.split('\n')[0]).toBe('FROM eclipse-temurin:${JAVA_VERSION}-jre-alpine AS runtime');
    expect(runtime).toContain('CMD ["sh", "-c", "nc -z 127.0.0.1 8080"]');
    expect(runtime).toContain('CMD ["/bin/sh", "-c", "java -jar /home/gradle/project/app.jar"]');
  });

  it('copies the Maven wrapper with the pom on a JDK image', () => {
    const result = convertChecked(`FROM eclipse-temurin:17-jdk-jammy
WORKDIR /workspace
COPY . .
RUN ./mvnw -B package
CMD ["./mvnw", "spring-boot:run"]
`);
    expect(result.text.split('\n\n')[1]).toBe('ARG JAVA_VERSION=17');
    expect(stageText(result.text, 'deps')).toBe(
      [
        'FROM eclipse-temurin:${JAVA_VERSION}-jdk-jammy AS deps',
        'WORKDIR /workspace',
        'COPY mvnw pom.xml ./',
        'COPY .mvn .mvn',
        'RUN --mount=type=cache,target=/root/.m2 \\',
        '    ./mvnw -B dependency:go-offline',
      ].join('\n'),
    );
    expect(stageText(result.text, 'build')).toContain('    && cp target/*.jar /workspace/app.jar');
    expect(stageText(result.text, 'runtime')).toContain('CMD ["java", "-jar", "/workspace/app.jar"]');
    expect(result.notes).toContain('Dockerfile:5: the CMD ran the build tool; the runtime runs the jar instead.');
  });

  it('uses the Gradle wrapper on a JDK image', () => {
    const result = convertChecked(`FROM eclipse-temurin:21-jdk
WORKDIR /app
COPY . .
RUN ./gradlew bootJar
ENTRYPOINT ["java", "-jar", "build/libs/app.jar"]
`);
    expect(stageText(result.text, 'deps')).toContain(
      ['COPY gradlew ./', 'COPY gradle gradle', 'COPY build.gradle* settings.gradle* gradle.properties* ./'].join('\n'),
    );
    expect(stageText(result.text, 'build')).toContain('    ./gradlew bootJar --no-daemon \\\n    && cp /app/build/libs/app.jar /app/app.jar');
    expect(stageText(result.text, 'test')).toContain('    ./gradlew test --no-daemon && touch /tmp/tests-passed');
    expect(stageText(result.text, 'runtime')).toContain('ENTRYPOINT ["java", "-jar", "/app/app.jar"]');
  });

  it('keeps a bare shell CMD as it is (found by the fuzz run: it used to throw)', () => {
    const result = convertChecked(`FROM maven:3.9.6-eclipse-temurin-21
WORKDIR /app
COPY . .
RUN mvn -B package
CMD /bin/sh
`);
    expect(result.text).toContain('CMD ["/bin/sh"]');
  });
});
