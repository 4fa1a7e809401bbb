/*
 * The Dockerfile parser. It follows BuildKit's parser.Parse line for line
 * (frontend/dockerfile/parser/parser.go) so that instruction boundaries,
 * continuations, comments inside continuations, directives and heredocs come
 * out as `docker build` sees them; the conformance suite in the tests holds
 * it to BuildKit's own test files.
 *
 * Unlike BuildKit it does not stop at the first bad instruction: an editor
 * wants every problem, so a bad instruction is reported and skipped.
 */
import { AnalysisLimitError, resolveAnalysisLimits, type AnalysisLimits } from '../limits/analysisLimits';
import { ArgumentError, knownKeywords, parseArguments } from './argumentParsers';
import { DirectiveReader, directiveIn } from './directives';
import { heredocsFromLine } from './heredocs';
import type {
  Heredoc,
  Instruction,
  ParseError,
  ParsedDockerfile,
  ParserDirective,
} from './types';
import { extractBuilderFlags, isSpace, whitespace } from './words';
import { wordLines, type WordCursor } from './wordLines';

const known = new Set<string>(knownKeywords);
const heredocKeywords = new Set(['RUN', 'COPY', 'ADD']);
const ignoreComment = /^#\s*stagecraft\s+ignore=([\w,\s-]+)$/i;
/** hadolint's inline pragmas: `# hadolint ignore=DL3008,DL3009` and `# hadolint global ignore=DL3006`. */
const hadolintComment = /^#\s*hadolint\s+(global\s+)?ignore=([\w,\s-]+)$/i;
// Compiled once: the parser asks for one on every file.
const backslashContinuation = /([^\\])\\[ \t]*$|^\\[ \t]*$/;
const backtickContinuation = /([^`])`[ \t]*$|^`[ \t]*$/;

function trimLeadingSpace(text: string): string {
  let i = 0;
  while (i < text.length && isSpace(text[i])) i++;
  return i === 0 ? text : text.slice(i);
}

function trimSpace(text: string): string {
  let end = text.length;
  while (end > 0 && isSpace(text[end - 1])) end--;
  return trimLeadingSpace(text.slice(0, end));
}

/**
 * BuildKit's line-continuation pattern: the escape character last on the line
 * (trailing blanks allowed), unless it is itself escaped, or alone on a line.
 * The character before it is kept (`$1`).
 */
function continuationFor(escape: '\\' | '`'): RegExp {
  return escape === '`' ? backtickContinuation : backslashContinuation;
}

const isComment = (raw: string) => trimLeadingSpace(raw).startsWith('#');

interface Node {
  keyword: string;
  flags: string[];
  args: string[];
  json: boolean;
  trigger?: Node;
}

/** BuildKit's newNodeFromLine: keyword, flags, then the keyword's own argument parser. */
function nodeFromLine(line: string, escapeChar: string): Node {
  const trimmed = trimSpace(line);
  const gap = whitespace.exec(trimmed);
  const keyword = (gap ? trimmed.slice(0, gap.index) : trimmed).toUpperCase();
  let flags: string[] = [];
  let rest = '';
  if (gap) {
    const extracted = extractBuilderFlags(trimmed.slice(gap.index + gap[0].length));
    flags = extracted.flags;
    rest = trimSpace(extracted.rest);
  }
  if (keyword === 'ONBUILD') {
    const trigger = rest === '' ? undefined : nodeFromLine(rest, escapeChar);
    if (trigger && (trigger.keyword === 'ONBUILD' || trigger.keyword === 'FROM' || trigger.keyword === 'MAINTAINER')) {
      throw new ArgumentError(`${trigger.keyword} isn't allowed as an ONBUILD trigger`);
    }
    return { keyword, flags, args: [], json: false, trigger };
  }
  const { args, json } = parseArguments(keyword, rest, escapeChar);
  return { keyword, flags, args, json };
}

function toInstruction(
  node: Node,
  fields: Pick<Instruction, 'line' | 'endLine' | 'original' | 'comments' | 'heredocs'>,
  locate: { lines: string[]; cursor: WordCursor; lastLine: number },
): Instruction {
  // Skip the keyword itself, so a flag or argument equal to it is found after it.
  const keywordAt = (locate.lines[locate.cursor.line - 1] ?? '').toUpperCase().indexOf(node.keyword, locate.cursor.column);
  if (keywordAt >= 0) locate.cursor.column = keywordAt + node.keyword.length;
  const flagLines = wordLines(locate.lines, node.flags, locate.cursor, locate.lastLine);
  const trigger = node.trigger
    ? toInstruction(node.trigger, { ...fields, comments: [], heredocs: [] }, locate)
    : undefined;
  const argLines = wordLines(locate.lines, node.args, locate.cursor, locate.lastLine);
  // One literal with every field, in one order: all instructions share a shape,
  // which keeps the rules' property reads fast.
  return {
    keyword: node.keyword,
    line: fields.line,
    endLine: fields.endLine,
    original: fields.original,
    flags: node.flags,
    args: node.args,
    flagLines,
    argLines,
    json: node.json,
    heredocs: fields.heredocs,
    trigger,
    comments: fields.comments,
  };
}

export interface ParseOptions {
  /** Over the defaults; see limits/analysisLimits.ts. */
  limits?: Partial<AnalysisLimits>;
}

/**
 * Parses Dockerfile text. Problems BuildKit reports come back in `errors`;
 * the only throw is AnalysisLimitError, for a file over the analysis limits
 * (stages, instructions, line length), with the line it was hit on.
 */
export function parseDockerfile(text: string, options: ParseOptions = {}): ParsedDockerfile {
  const limits = resolveAnalysisLimits(options.limits);
  const overLimit = (limit: 'maxStages' | 'maxInstructions' | 'maxLineLength', line: number) =>
    new AnalysisLimitError({ limit, max: limits[limit], line });
  const lines = text.split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '' && text.endsWith('\n')) {
    lines.pop();
  }
  const directives = new DirectiveReader();
  const instructions: Instruction[] = [];
  const errors: ParseError[] = [];
  const lateDirectives: ParserDirective[] = [];
  const ignoreComments: ParsedDockerfile['ignoreComments'] = [];
  const hadolintIgnores: ParsedDockerfile['hadolintIgnores'] = [];
  let escapeChar: '\\' | '`' = '\\';
  let continuation = continuationFor('\\');
  let comments: string[] = [];
  let next = 0;
  let currentLine = 0;
  let stageCount = 0;
  // Checked up front: every later step is linear in the line's length.
  lines.forEach((line, index) => {
    if (line.length > limits.maxLineLength) throw overLimit('maxLineLength', index + 1);
  });

  const trimNewline = (raw: string) => (raw.endsWith('\r') ? raw.slice(0, -1) : raw);
  /** BuildKit's processLine: strip, look for a directive, drop comment text. */
  const processLine = (raw: string, stripLeft: boolean): string => {
    let token = trimNewline(raw);
    if (stripLeft) token = trimLeadingSpace(token);
    const lineNo = currentLine + 1;
    // Directives stand only at the top: once the reader is done, no line can be one.
    if (directives.isDone) return token.startsWith('#') ? '' : token;
    const repeated = directives.read(token, lineNo);
    if (repeated) errors.push({ line: lineNo, message: repeated });
    const directive = directives.found.find(d => d.line === lineNo);
    if (directive?.name === 'escape') {
      if (directive.value !== '`' && directive.value !== '\\') {
        errors.push({
          line: lineNo,
          message: `invalid escape token '${directive.value}' does not match \` or \\`,
        });
      } else {
        escapeChar = directive.value;
        continuation = continuationFor(escapeChar);
      }
    }
    return token.startsWith('#') ? '' : token;
  };
  const trimContinuation = (token: string): [string, boolean] =>
    // Most lines hold no escape character at all: skip the regular expression for them.
    token.includes(escapeChar) && continuation.test(token)
      ? [token.replace(continuation, '$1'), false]
      : [token, true];

  while (next < lines.length) {
    let raw = lines[next++];
    if (currentLine === 0) raw = raw.replace(/^\uFEFF/, '');
    const directivesBefore = directives.found.length;
    const commentLine = isComment(raw);
    if (commentLine) {
      const comment = trimSpace(trimLeadingSpace(raw).slice(1));
      // Instructions keep their own array (reset below), so pushing here is safe and linear.
      if (comment === '') comments = [];
      else comments.push(comment);
    }
    let token = processLine(raw, true);
    currentLine++;
    if (commentLine && directives.found.length === directivesBefore) {
      const late = directiveIn(trimSpace(trimNewline(raw)), currentLine);
      if (late) lateDirectives.push(late);
      const ignore = ignoreComment.exec(trimSpace(raw));
      if (ignore) {
        ignoreComments.push({
          line: currentLine,
          ruleIds: ignore[1].split(/[\s,]+/).filter(Boolean),
        });
      }
      const hadolint = hadolintComment.exec(trimSpace(raw));
      if (hadolint) {
        hadolintIgnores.push({
          line: currentLine,
          codes: hadolint[2].split(/[\s,]+/).filter(Boolean).map(code => code.toUpperCase()),
          global: hadolint[1] !== undefined,
        });
      }
    }

    const startLine = currentLine;
    let isEnd: boolean;
    [token, isEnd] = trimContinuation(token);
    if (isEnd && token.length === 0) continue;

    let buffer = token;
    while (!isEnd && next < lines.length) {
      const continued = lines[next++];
      let piece = processLine(continued, false);
      currentLine++;
      if (isComment(continued)) continue;
      if (trimLeadingSpace(trimNewline(piece)).length === 0) continue;
      [piece, isEnd] = trimContinuation(piece);
      buffer += piece;
      if (buffer.length > limits.maxLineLength) throw overLimit('maxLineLength', startLine);
    }

    let node: Node;
    try {
      node = nodeFromLine(buffer, escapeChar);
    } catch (e) {
      if (!(e instanceof ArgumentError)) throw e;
      errors.push({ line: startLine, endLine: currentLine, message: e.message });
      comments = [];
      continue;
    }

    const heredocs: Heredoc[] = [];
    const heredocOwner = node.keyword === 'ONBUILD' ? node.trigger?.keyword : node.keyword;
    if (heredocOwner && heredocKeywords.has(heredocOwner) && buffer.includes('<<')) {
      for (const doc of heredocsFromLine(buffer)) {
        const bodyStart = currentLine + 1;
        let content = '';
        let terminated = false;
        while (next < lines.length) {
          const bodyLine = lines[next++];
          currentLine++;
          let candidate = trimNewline(bodyLine);
          if (doc.chomp) candidate = candidate.replace(/^\t+/, '');
          if (candidate === doc.name) {
            terminated = true;
            break;
          }
          content += `${bodyLine}\n`;
        }
        if (!terminated) {
          errors.push({ line: startLine, endLine: currentLine, message: 'unterminated heredoc' });
          return finish();
        }
        heredocs.push({ ...doc, content, line: bodyStart, endLine: currentLine });
      }
    }

    if (!known.has(node.keyword)) {
      errors.push({
        line: startLine,
        endLine: currentLine,
        message: `unknown instruction: ${node.keyword}`,
      });
    }
    if (instructions.length >= limits.maxInstructions) throw overLimit('maxInstructions', startLine);
    if (node.keyword === 'FROM' && ++stageCount > limits.maxStages) throw overLimit('maxStages', startLine);
    instructions.push(
      toInstruction(
        node,
        { line: startLine, endLine: currentLine, original: buffer, comments, heredocs },
        {
          lines,
          cursor: { line: startLine, column: 0 },
          // Heredoc bodies hold no flags or arguments.
          lastLine: heredocs.length > 0 ? heredocs[0].line - 1 : currentLine,
        },
      ),
    );
    comments = [];
  }
  return finish();

  function finish(): ParsedDockerfile {
    if (instructions.length === 0 && errors.length === 0) {
      errors.push({ line: Math.max(currentLine, 1), message: 'file with no instructions' });
    }
    return {
      instructions,
      directives: directives.found,
      escapeChar,
      errors,
      lateDirectives,
      ignoreComments,
      hadolintIgnores,
      lineCount: lines.length,
    };
  }
}
