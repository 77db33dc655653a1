export {
  cursorField,
  cursorKind,
  defineCursor,
  INT4_MAX,
  InvalidCursorError,
  MAX_CURSOR_LENGTH,
  queryFingerprint,
  stableJson,
} from './cursor';
export type {
  CursorCodec,
  CursorDefinition,
  CursorField,
  CursorProblem,
  CursorShape,
  KeysetPage,
  PositionOf,
} from './cursor';
