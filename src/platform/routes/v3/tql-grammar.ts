/**
 * The TQL (ThreatConnect Query Language) grammar, built on chevrotain (a maintained parser library: lexer, LL(k)
 * parser, error positions). It turns query text into the tree of `tql.ts`; it knows nothing of keywords.
 *
 *   query      := or EOF
 *   or         := and ("or" and)*
 *   and        := atom ("and" atom)*
 *   atom       := "(" or ")" | name "(" or ")" | name comparison
 *   comparison := ("=" | "!=" | "<" | ">" | "<=" | ">=" | EQ | NE | GT | LT | GEQ | LEQ) value
 *               | ["not"] "in" "(" value ("," value)* ")"
 *               | ["not"] ("like" | "contains" | "startswith" | "endswith") value
 *               | "is" ["not"] "null"
 *   value      := "string" | 'string' | number | true | false | null | bareword
 * Words are case-insensitive; strings take the escapes \" \' \` \\ (and \n, \t).
 */
import { createToken, EmbeddedActionsParser, EOF, Lexer, type IToken, type TokenType } from 'chevrotain';
import type { TqlLiteral, TqlNode, TqlOp } from './tql-types.js';
import { TqlError } from './tql-types.js';

const Name = createToken({ name: 'Name', pattern: /[A-Za-z_][A-Za-z0-9_.]*/ });
const word = (name: string, pattern: RegExp) => createToken({ name, pattern, longer_alt: Name });

const And = word('And', /and/i);
const Or = word('Or', /or/i);
const Not = word('Not', /not/i);
const In = word('In', /in/i);
const Is = word('Is', /is/i);
const Null = word('Null', /null/i);
const True = word('True', /true/i);
const False = word('False', /false/i);
const TextOp = word('TextOp', /startswith|endswith|contains|like/i);
const WordOp = word('WordOp', /geq|leq|eq|ne|gt|lt|ge|le/i);
const SymbolOp = createToken({ name: 'SymbolOp', pattern: /<=|>=|!=|<>|==|=|<|>/ });
const DoubleQuoted = createToken({ name: 'DoubleQuoted', pattern: /"(?:[^"\\]|\\[\s\S])*"/ });
const SingleQuoted = createToken({ name: 'SingleQuoted', pattern: /'(?:[^'\\]|\\[\s\S])*'/ });
/** a quote that never closes: lexed so the error can say so instead of "unexpected character" */
const Unterminated = createToken({ name: 'Unterminated', pattern: /["'][\s\S]*/ });
const NumberLit = createToken({ name: 'NumberLit', pattern: /-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?/ });
const LParen = createToken({ name: 'LParen', pattern: /\(/, label: '"("' });
const RParen = createToken({ name: 'RParen', pattern: /\)/, label: '")"' });
const Comma = createToken({ name: 'Comma', pattern: /,/, label: '","' });
const Space = createToken({ name: 'Space', pattern: /\s+/, group: Lexer.SKIPPED });

// keywords before Name (longer_alt sends `index`, `orange` back to Name); TextOp before In/Is is irrelevant as
// each pattern is anchored at the current offset and the first full match wins
const TOKENS: TokenType[] = [
  Space,
  DoubleQuoted,
  SingleQuoted,
  Unterminated,
  LParen,
  RParen,
  Comma,
  SymbolOp,
  NumberLit,
  TextOp,
  WordOp,
  And,
  Or,
  Not,
  In,
  Is,
  Null,
  True,
  False,
  Name,
];

const lexer = new Lexer(TOKENS, { positionTracking: 'onlyOffset', ensureOptimizations: false });

const SYMBOL_OPS: Record<string, TqlOp> = { '=': '=', '==': '=', '!=': '!=', '<>': '!=', '<': '<', '>': '>', '<=': '<=', '>=': '>=' };
const WORD_OPS: Record<string, TqlOp> = { eq: '=', ne: '!=', gt: '>', lt: '<', geq: '>=', leq: '<=', ge: '>=', le: '<=' };
const ESCAPES: Record<string, string> = { n: '\n', t: '\t' };

/** What a token is, for messages: `")"`, `string "x"`, `end of query`. */
function describe(tok: IToken | undefined): string {
  if (!tok || tok.tokenType === EOF) return 'the end of the query';
  if (tok.tokenType === DoubleQuoted || tok.tokenType === SingleQuoted) return `string ${tok.image}`;
  return JSON.stringify(tok.image);
}

const at = (tok: IToken | undefined, text: string): string =>
  !tok || tok.tokenType === EOF ? `at position ${text.length + 1}` : `at position ${tok.startOffset + 1}`;

function unquote(image: string): string {
  return image.slice(1, -1).replace(/\\([\s\S])/g, (_, c: string) => ESCAPES[c] ?? c);
}

class TqlParser extends EmbeddedActionsParser {
  constructor() {
    super(TOKENS, { maxLookahead: 3 });
    this.performSelfAnalysis();
  }

  query = this.RULE('query', (): TqlNode => {
    const node = this.SUBRULE(this.orExpr);
    this.CONSUME(EOF);
    return node;
  });

  private orExpr = this.RULE('orExpr', (): TqlNode => {
    const items = [this.SUBRULE(this.andExpr)];
    this.MANY(() => {
      this.CONSUME(Or);
      items.push(this.SUBRULE2(this.andExpr));
    });
    return items.length === 1 ? items[0] : { kind: 'or', items };
  });

  private andExpr = this.RULE('andExpr', (): TqlNode => {
    const items = [this.SUBRULE(this.atom)];
    this.MANY(() => {
      this.CONSUME(And);
      items.push(this.SUBRULE2(this.atom));
    });
    return items.length === 1 ? items[0] : { kind: 'and', items };
  });

  private atom = this.RULE('atom', (): TqlNode =>
    this.OR([
      {
        ALT: () => {
          this.CONSUME(LParen);
          const inner = this.SUBRULE(this.orExpr);
          this.CONSUME(RParen);
          return inner;
        },
      },
      {
        ALT: () => {
          const name = this.CONSUME(Name).image;
          return this.OR2([
            {
              ALT: () => {
                this.CONSUME2(LParen);
                const inner = this.SUBRULE2(this.orExpr);
                this.CONSUME2(RParen);
                return { kind: 'call', name, inner } as TqlNode;
              },
            },
            { ALT: () => this.SUBRULE(this.comparison, { ARGS: [name] }) },
          ]);
        },
      },
    ]),
  );

  private comparison = this.RULE('comparison', (field: string): TqlNode => {
    const cmp = (op: TqlOp, value: TqlLiteral | TqlLiteral[]): TqlNode => ({ kind: 'cmp', field, op, value });
    return this.OR([
      { ALT: () => cmp(SYMBOL_OPS[this.CONSUME(SymbolOp).image], this.SUBRULE(this.value)) },
      { ALT: () => cmp(WORD_OPS[this.CONSUME(WordOp).image.toLowerCase()], this.SUBRULE2(this.value)) },
      {
        ALT: () => {
          this.CONSUME(Is);
          const not = this.OPTION(() => this.CONSUME(Not));
          this.CONSUME(Null);
          return cmp(not ? 'is not null' : 'is null', null);
        },
      },
      {
        ALT: () => {
          const not = this.OPTION2(() => this.CONSUME2(Not)) ? 'not ' : '';
          return this.OR2([
            { ALT: () => (this.CONSUME(In), cmp(`${not}in` as TqlOp, this.SUBRULE(this.list))) },
            { ALT: () => cmp(`${not}${this.CONSUME(TextOp).image.toLowerCase()}` as TqlOp, this.SUBRULE3(this.value)) },
          ]);
        },
      },
    ]);
  });

  private list = this.RULE('list', (): TqlLiteral[] => {
    const values: TqlLiteral[] = [];
    this.CONSUME(LParen);
    this.AT_LEAST_ONE_SEP({ SEP: Comma, DEF: () => values.push(this.SUBRULE(this.value)) });
    this.CONSUME(RParen);
    return values;
  });

  private value = this.RULE('value', (): TqlLiteral =>
    this.OR([
      { ALT: () => unquote(this.CONSUME(DoubleQuoted).image) },
      { ALT: () => unquote(this.CONSUME(SingleQuoted).image) },
      { ALT: () => Number(this.CONSUME(NumberLit).image) },
      { ALT: () => (this.CONSUME(True), true) },
      { ALT: () => (this.CONSUME(False), false) },
      { ALT: () => (this.CONSUME(Null), null) },
      // bare words are strings (`typeName = Host`), as ThreatConnect's own examples write them
      { ALT: () => this.CONSUME(Name).image },
    ]),
  );
}

const parser = new TqlParser();

/** Names the rule that failed in words a caller understands. */
const EXPECTED: Record<string, string> = {
  query: 'a condition',
  orExpr: 'a condition',
  andExpr: 'a condition',
  atom: 'a keyword or "("',
  comparison: 'an operator',
  list: 'a value',
  value: 'a value',
};

/** Parses a query; a syntax error throws TqlError saying what was expected, what was found and where. */
export function parseTqlText(text: string): TqlNode {
  if (!text.trim()) throw new TqlError('the query is empty');
  const lexed = lexer.tokenize(text);
  if (lexed.errors.length) {
    const e = lexed.errors[0];
    throw new TqlError(`unexpected character ${JSON.stringify(text[e.offset])} at position ${e.offset + 1}`);
  }
  const open = lexed.tokens.find((t) => t.tokenType === Unterminated);
  if (open) throw new TqlError(`unterminated string starting at position ${open.startOffset + 1}`);
  parser.input = lexed.tokens;
  const node = parser.query();
  const err = parser.errors[0];
  if (err) {
    const tok = err.token;
    const found = describe(tok);
    const prev = (err as { previousToken?: IToken }).previousToken;
    if (err.name === 'NotAllInputParsedException' || /-->\s*EOF\s*<--/.test(err.message)) throw new TqlError(`unexpected ${found} ${at(tok, text)}`);
    const rule = (err.context?.ruleStack ?? []).at(-1) ?? 'query';
    let expected = EXPECTED[rule] ?? 'more';
    if (err.name === 'MismatchedTokenException') {
      const m = /-->\s*(.*?)\s*<--/.exec(err.message);
      expected = m ? m[1] : expected;
    }
    if ((rule === 'comparison' || rule === 'atom') && prev?.tokenType === Name) expected = `an operator or "(" after ${prev.image}`;
    throw new TqlError(`expected ${expected} ${at(tok, text)}, found ${found}`);
  }
  return node;
}
