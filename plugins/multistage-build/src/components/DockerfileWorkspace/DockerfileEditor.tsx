/*
 * A CodeMirror 6 editor for the Dockerfile: highlighting from CodeMirror's
 * Dockerfile mode, the findings as inline diagnostics, and a selection the
 * rest of the workspace can set (a finding or a stage clicked elsewhere).
 * CodeMirror needs no bundler set-up, so the plugin installs into a stock app.
 */
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { StreamLanguage, defaultHighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { dockerFile } from '@codemirror/legacy-modes/mode/dockerfile';
import { lintGutter, setDiagnostics, type Diagnostic } from '@codemirror/lint';
import { EditorSelection, EditorState } from '@codemirror/state';
import { EditorView, highlightActiveLine, keymap, lineNumbers } from '@codemirror/view';
import { useEffect, useRef } from 'react';

export interface LineDiagnostic {
  line: number;
  endLine: number;
  severity: 'error' | 'warning' | 'info';
  message: string;
}

export interface LineSelection {
  line: number;
  endLine: number;
  /** Changes each time the same lines are chosen again, so the editor scrolls again. */
  nonce: number;
}

function toDiagnostics(state: EditorState, items: LineDiagnostic[]): Diagnostic[] {
  const lines = state.doc.lines;
  return items.map(item => {
    const from = state.doc.line(Math.min(Math.max(item.line, 1), lines));
    const to = state.doc.line(Math.min(Math.max(item.endLine, item.line, 1), lines));
    return { from: from.from, to: Math.max(to.to, from.from), severity: item.severity, message: item.message };
  });
}

export function DockerfileEditor(props: {
  value: string;
  onChange: (text: string) => void;
  diagnostics: LineDiagnostic[];
  selection?: LineSelection;
}) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView>();
  const onChange = useRef(props.onChange);
  onChange.current = props.onChange;

  useEffect(() => {
    const editor = new EditorView({
      parent: host.current!,
      state: EditorState.create({
        doc: props.value,
        extensions: [
          lineNumbers(),
          highlightActiveLine(),
          history(),
          keymap.of([...defaultKeymap, ...historyKeymap]),
          StreamLanguage.define(dockerFile),
          syntaxHighlighting(defaultHighlightStyle),
          lintGutter(),
          EditorView.lineWrapping,
          EditorView.theme({ '&': { fontSize: '13px', border: '1px solid rgba(128,128,128,0.4)' }, '.cm-scroller': { fontFamily: 'monospace' } }),
          EditorView.updateListener.of(update => {
            if (update.docChanged) onChange.current(update.state.doc.toString());
          }),
        ],
      }),
    });
    view.current = editor;
    return () => editor.destroy();
    // Created once; the effects below keep it in step with the props.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  // A change from outside (a fix applied, a reset) replaces the text.
  useEffect(() => {
    const editor = view.current;
    if (!editor || editor.state.doc.toString() === props.value) return;
    editor.dispatch({ changes: { from: 0, to: editor.state.doc.length, insert: props.value } });
  }, [props.value]);

  useEffect(() => {
    const editor = view.current;
    if (!editor) return;
    editor.dispatch(setDiagnostics(editor.state, toDiagnostics(editor.state, props.diagnostics)));
  }, [props.diagnostics]);

  useEffect(() => {
    const editor = view.current;
    const selection = props.selection;
    if (!editor || !selection) return;
    const { doc } = editor.state;
    const from = doc.line(Math.min(Math.max(selection.line, 1), doc.lines)).from;
    const to = doc.line(Math.min(Math.max(selection.endLine, selection.line, 1), doc.lines)).to;
    editor.dispatch({ selection: EditorSelection.range(from, to), scrollIntoView: true });
    editor.focus();
  }, [props.selection]);

  return <div ref={host} data-testid="dockerfile-editor" style={{ maxHeight: 560, overflow: 'auto' }} />;
}
