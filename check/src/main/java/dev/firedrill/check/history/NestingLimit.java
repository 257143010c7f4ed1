package dev.firedrill.check.history;

import java.io.FilterReader;
import java.io.IOException;
import java.io.Reader;

/**
 * Refuses EDN nested deeper than {@link #MAX_DEPTH} before the parser sees it: edn-java parses
 * nesting by recursion, so a hostile file of 100,000 open brackets would end in a {@link
 * StackOverflowError}. Counts the brackets that open and close collections ({@code ( [ { #{}),
 * skipping strings, character literals and comments, as the characters pass to the parser.
 */
final class NestingLimit extends FilterReader {
  /** The deepest nesting accepted; Jepsen's histories nest a few levels. */
  static final int MAX_DEPTH = 1000;

  private int depth;
  private boolean inString;
  private boolean escaped;
  private boolean inComment;
  private boolean charLiteral;

  NestingLimit(Reader in) {
    super(in);
  }

  /** Thrown through the parser when the nesting is too deep. */
  static final class TooDeep extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TooDeep() {
      super("EDN nested more than " + MAX_DEPTH + " levels deep", null, false, false);
    }
  }

  @Override
  public int read() throws IOException {
    int c = super.read();
    if (c >= 0) {
      see((char) c);
    }
    return c;
  }

  @Override
  public int read(char[] buffer, int offset, int length) throws IOException {
    int n = super.read(buffer, offset, length);
    for (int i = 0; i < n; i++) {
      see(buffer[offset + i]);
    }
    return n;
  }

  private void see(char c) {
    if (inComment) {
      inComment = c != '\n';
    } else if (inString) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        inString = false;
      }
    } else if (charLiteral) {
      charLiteral = false;
    } else {
      switch (c) {
        case '"' -> inString = true;
        case ';' -> inComment = true;
        case '\\' -> charLiteral = true;
        case '(', '[', '{' -> {
          if (++depth > MAX_DEPTH) {
            throw new TooDeep();
          }
        }
        case ')', ']', '}' -> depth = Math.max(0, depth - 1);
        default -> {}
      }
    }
  }
}
