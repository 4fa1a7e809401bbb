import { curlPipeShell as rule } from './curlPipeShell';
import { expectFindings, expectNoFindings, findingsOf } from '../__testUtils__/ruleTester';

describe(rule.id, () => {
  it('fires on a download piped into a shell or interpreter', () => {
    expectFindings(
      rule,
      [
        'FROM debian:12',
        'RUN curl -fsSL https://deb.nodesource.com/setup_22.x | bash -',
        'RUN wget -qO- https://get.example.com/install.sh | sh',
        'RUN apt-get update && curl -sSL https://install.python-poetry.org | python3 -',
        'RUN curl -fsSL https://example.com/install.sh | sudo -E bash -s -- --yes',
        'RUN wget -O - https://example.com/x.sh | /bin/sh',
      ].join('\n'),
      [
        { line: 2, stage: 0, data: { downloader: 'curl', shell: 'bash' } },
        { line: 3, data: { downloader: 'wget', shell: 'sh' } },
        { line: 4, data: { downloader: 'curl', shell: 'python3' } },
        { line: 5, data: { downloader: 'curl', shell: 'bash' } },
        { line: 6, data: { downloader: 'wget', shell: 'sh' } },
      ],
    );
  });

  it('fires on command and process substitution', () => {
    expectFindings(
      rule,
      [
        'FROM ubuntu:24.04',
        'RUN sh -c "$(curl -fsSL https://raw.githubusercontent.com/ohmyzsh/ohmyzsh/master/tools/install.sh)"',
        'RUN bash <(curl -s https://example.com/install.sh)',
        'RUN /bin/bash -c "$(wget -qO- https://example.com/x.sh)"',
      ].join('\n'),
      [
        { line: 2, data: { downloader: 'curl', shell: 'sh' } },
        { line: 3, data: { downloader: 'curl', shell: 'bash' } },
        { line: 4, data: { downloader: 'wget', shell: 'bash' } },
      ],
    );
  });

  it('fires inside heredocs and continuation lines, on the whole instruction', () => {
    expectFindings(rule, 'FROM debian:12\nRUN <<EOF\nset -e\ncurl -fsSL https://x.example/i.sh | sh\nEOF', [
      { line: 2, endLine: 5, data: { downloader: 'curl', shell: 'sh' } },
    ]);
    expectFindings(rule, 'FROM debian:12\nRUN curl -fsSL https://x.example/i.sh \\\n  | bash', [
      { line: 2, endLine: 3, data: { downloader: 'curl', shell: 'bash' } },
    ]);
  });

  it('does not fire when the download is saved, verified, or only read as data', () => {
    expectNoFindings(
      rule,
      [
        'FROM debian:12',
        'RUN curl -fsSLo /tmp/i.sh https://x.example/i.sh && echo "abc  /tmp/i.sh" | sha256sum -c && sh /tmp/i.sh',
        'RUN curl -s https://api.example.com/v | python3 -c "import sys, json; print(json.load(sys.stdin))"',
        'RUN curl -fsSL https://x.example/tool.tar.gz | tar -xz -C /usr/local',
        'RUN wget https://x.example/i.sh | sh',
        'RUN curl -s https://x.example/list | bash /opt/process.sh',
        'RUN bash -c "echo $(date)"',
      ].join('\n'),
    );
  });

  it('checks every stage, also ones the target does not need', () => {
    const text =
      'FROM debian:12 AS tools\nRUN curl -fsSL https://x.example/i.sh | sh\nFROM debian:12\nRUN true';
    expectFindings(rule, text, [{ line: 2, stage: 0, data: { downloader: 'curl', shell: 'sh' } }]);
  });

  it('works with a Windows escape directive, and offers no fix', () => {
    const text = '# escape=`\nFROM debian:12\nRUN curl -fsSL https://x.example/i.sh `\n  | sh';
    expectFindings(rule, text, [{ line: 3, endLine: 4, data: { downloader: 'curl', shell: 'sh' } }]);
    expect(findingsOf(rule, text)[0].fix).toBeNull();
  });

  it('is silenced by an ignore comment', () => {
    expectNoFindings(
      rule,
      'FROM debian:12\n# stagecraft ignore=curl-pipe-shell\nRUN curl -fsSL https://x.example/i.sh | sh',
    );
  });
});
