import { ScimError, ScimErrorType } from '../scim.error';
import { SCIM_COMPARE_OPERATORS, ScimCompareOperator } from './filter.types';

/**
 * The RFC 7644 §3.4.2.2 grammar, unchecked: attribute paths stay as written.
 * `parseFilter` checks them against the User attributes the directory can
 * filter on; PATCH paths check them against the connection's schema.
 */
export type RawValue = string | number | boolean | null;

export type RawFilter =
  | { kind: 'and' | 'or'; left: RawFilter; right: RawFilter }
  | { kind: 'not'; filter: RawFilter }
  | { kind: 'compare'; path: string; operator: ScimCompareOperator; value: RawValue }
  | { kind: 'present'; path: string }
  | {
      kind: 'valuePath';
      path: string;
      filter: RawFilter;
      /** Entra's `emails[type eq "work"].value eq "x"`: the trailing sub-attribute and its test. */
      sub: string | null;
      tail:
        | { kind: 'compare'; operator: ScimCompareOperator; value: RawValue }
        | { kind: 'present' }
        | null;
    };

type Token =
  | { type: '(' | ')' | '[' | ']'; at: number; spaced: boolean }
  | { type: 'string'; value: string; at: number; spaced: boolean }
  | { type: 'word'; value: string; at: number; spaced: boolean };

/** Deeper nesting than this is refused rather than risking the stack. */
const MAX_DEPTH = 50;
/** Longer filters are refused: no IdP sends one this long. */
export const MAX_FILTER_LENGTH = 10_000;

const OPERATORS = new Set<string>(SCIM_COMPARE_OPERATORS);
const STRING = /"(?:[^"\\]|\\.)*"/y;
const WORD = /[^\s()[\]"]+/y;

export class GrammarError extends Error {}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let spaced = true;
  while (i < text.length) {
    const c = text[i];
    if (/\s/.test(c)) {
      i += 1;
      spaced = true;
      continue;
    }
    if (c === '(' || c === ')' || c === '[' || c === ']') {
      tokens.push({ type: c, at: i, spaced });
      i += 1;
    } else if (c === '"') {
      STRING.lastIndex = i;
      const match = STRING.exec(text);
      if (!match) throw new GrammarError(`unterminated string at position ${i + 1}`);
      let value: string;
      try {
        value = JSON.parse(match[0]) as string;
      } catch {
        throw new GrammarError(`invalid escape in the string at position ${i + 1}`);
      }
      tokens.push({ type: 'string', value, at: i, spaced });
      i += match[0].length;
    } else {
      WORD.lastIndex = i;
      const match = WORD.exec(text) as RegExpExecArray;
      tokens.push({ type: 'word', value: match[0], at: i, spaced });
      i += match[0].length;
    }
    spaced = false;
  }
  return tokens;
}

const NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?$/;

class Parser {
  private index = 0;
  private depth = 0;

  constructor(private readonly tokens: Token[]) {}

  private peek(): Token | undefined {
    return this.tokens[this.index];
  }

  private where(token: Token | undefined): string {
    return token ? `at position ${token.at + 1}` : 'at the end';
  }

  private describe(token: Token | undefined): string {
    if (!token) return 'the end of the filter';
    if (token.type === 'word') return `"${token.value}"`;
    if (token.type === 'string') return `the string ${JSON.stringify(token.value)}`;
    return `"${token.type}"`;
  }

  private fail(message: string, token = this.peek()): never {
    throw new GrammarError(`${message} ${this.where(token)}`);
  }

  private isWord(token: Token | undefined, word: string): boolean {
    return token?.type === 'word' && token.value.toLowerCase() === word;
  }

  private expect(type: '(' | ')' | '[' | ']'): void {
    const token = this.peek();
    if (token?.type !== type) this.fail(`expected "${type}" but found ${this.describe(token)}`);
    this.index += 1;
  }

  parseFilter(): RawFilter {
    const filter = this.parseOr(false);
    const rest = this.peek();
    if (rest) {
      if (rest.type === ')') this.fail('unbalanced ")"', rest);
      this.fail(`expected "and" or "or" but found ${this.describe(rest)}`, rest);
    }
    return filter;
  }

  private nest<T>(work: () => T): T {
    this.depth += 1;
    if (this.depth > MAX_DEPTH) this.fail(`nested deeper than ${MAX_DEPTH} levels`);
    try {
      return work();
    } finally {
      this.depth -= 1;
    }
  }

  private parseOr(inBrackets: boolean): RawFilter {
    let left = this.parseAnd(inBrackets);
    while (this.isWord(this.peek(), 'or')) {
      this.index += 1;
      left = { kind: 'or', left, right: this.parseAnd(inBrackets) };
    }
    return left;
  }

  private parseAnd(inBrackets: boolean): RawFilter {
    let left = this.parseUnary(inBrackets);
    while (this.isWord(this.peek(), 'and')) {
      this.index += 1;
      left = { kind: 'and', left, right: this.parseUnary(inBrackets) };
    }
    return left;
  }

  private parseUnary(inBrackets: boolean): RawFilter {
    const token = this.peek();
    if (this.isWord(token, 'not')) {
      this.index += 1;
      if (this.peek()?.type !== '(')
        this.fail('"not" must be followed by "(" (RFC 7644: not (filter))');
      this.index += 1;
      const filter = this.nest(() => this.parseOr(inBrackets));
      this.expect(')');
      return { kind: 'not', filter };
    }
    if (token?.type === '(') {
      this.index += 1;
      const filter = this.nest(() => this.parseOr(inBrackets));
      this.expect(')');
      return filter;
    }
    return this.parseAttributeExpression(inBrackets);
  }

  private parseAttributeExpression(inBrackets: boolean): RawFilter {
    const token = this.peek();
    if (token?.type !== 'word')
      this.fail(`expected an attribute but found ${this.describe(token)}`, token);
    if (this.isWord(token, 'and') || this.isWord(token, 'or'))
      this.fail(`expected an attribute but found "${token.value}"`, token);
    this.index += 1;
    const path = token.value;
    const next = this.peek();
    if (next?.type === '[' && !next.spaced) {
      if (inBrackets) this.fail('a value filter cannot be nested in another', next);
      this.index += 1;
      const filter = this.nest(() => this.parseOr(true));
      this.expect(']');
      const after = this.peek();
      if (after?.type === 'word' && !after.spaced && after.value.startsWith('.')) {
        this.index += 1;
        const sub = after.value.slice(1);
        if (!/^[A-Za-z$][\w$-]*$/.test(sub))
          this.fail(`invalid sub-attribute "${after.value}"`, after);
        return { kind: 'valuePath', path, filter, sub, tail: this.parseTest(path + '[…].' + sub) };
      }
      return { kind: 'valuePath', path, filter, sub: null, tail: null };
    }
    const test = this.parseTest(path);
    return test.kind === 'present' ? { kind: 'present', path } : { ...test, path };
  }

  private parseTest(
    path: string,
  ): { kind: 'compare'; operator: ScimCompareOperator; value: RawValue } | { kind: 'present' } {
    const token = this.peek();
    if (token?.type !== 'word')
      this.fail(`expected an operator after "${path}" but found ${this.describe(token)}`, token);
    const operator = token.value.toLowerCase();
    this.index += 1;
    if (operator === 'pr') return { kind: 'present' };
    if (!OPERATORS.has(operator))
      this.fail(
        `unknown operator "${token.value}" (supported: ${SCIM_COMPARE_OPERATORS.join(', ')}, pr)`,
        token,
      );
    return {
      kind: 'compare',
      operator: operator as ScimCompareOperator,
      value: this.parseValue(operator),
    };
  }

  private parseValue(operator: string): RawValue {
    const token = this.peek();
    if (token?.type === 'string') {
      this.index += 1;
      return token.value;
    }
    if (token?.type === 'word') {
      const word = token.value.toLowerCase();
      if (word === 'true' || word === 'false' || word === 'null' || NUMBER.test(token.value)) {
        this.index += 1;
        return word === 'true'
          ? true
          : word === 'false'
            ? false
            : word === 'null'
              ? null
              : Number(token.value);
      }
    }
    this.fail(
      `expected a value after "${operator}" (a "quoted string", true, false, null or a number) but found ${this.describe(token)}`,
      token,
    );
  }

  parsePath(): { path: string; filter: RawFilter | null; sub: string | null } {
    const token = this.peek();
    if (token?.type !== 'word')
      this.fail(`expected an attribute but found ${this.describe(token)}`);
    this.index += 1;
    let filter: RawFilter | null = null;
    let sub: string | null = null;
    const next = this.peek();
    if (next?.type === '[' && !next.spaced) {
      this.index += 1;
      filter = this.nest(() => this.parseOr(true));
      this.expect(']');
      const after = this.peek();
      if (after?.type === 'word' && !after.spaced && after.value.startsWith('.')) {
        this.index += 1;
        sub = after.value.slice(1);
      }
    }
    const rest = this.peek();
    if (rest) this.fail(`unexpected ${this.describe(rest)}`, rest);
    return { path: token.value, filter, sub };
  }
}

function run<T>(text: string, scimType: ScimErrorType, what: string, work: (p: Parser) => T): T {
  if (text.length > MAX_FILTER_LENGTH)
    throw new ScimError(400, scimType, `${what} is longer than ${MAX_FILTER_LENGTH} characters`);
  try {
    const tokens = tokenize(text);
    if (tokens.length === 0) throw new GrammarError(`${what} is empty`);
    return work(new Parser(tokens));
  } catch (error) {
    if (error instanceof GrammarError)
      throw new ScimError(400, scimType, `${what} does not parse: ${error.message}`);
    throw error;
  }
}

/** @throws ScimError 400 invalidFilter when the text is not a filter. */
export function parseRawFilter(text: string): RawFilter {
  return run(text, 'invalidFilter', 'The filter', (p) => p.parseFilter());
}

/** A PATCH path: `attr[.sub]`, `attr[filter][.sub]`. @throws ScimError 400 invalidPath. */
export function parseRawPath(text: string): {
  path: string;
  filter: RawFilter | null;
  sub: string | null;
} {
  return run(text, 'invalidPath', `The path "${text}"`, (p) => p.parsePath());
}
