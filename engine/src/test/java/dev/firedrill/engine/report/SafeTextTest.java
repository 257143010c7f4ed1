package dev.firedrill.engine.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SafeTextTest {

  @Test
  void plainTextComesBackAsItIs() {
    String s = "write of 17 lost — café 東京 😀 C:\\runs\\a\tb";
    assertThat(SafeText.line(s)).isSameAs(s);
    assertThat(SafeText.text("two\nlines")).isEqualTo("two\nlines");
    assertThat(SafeText.line(null)).isNull();
  }

  @Test
  void terminalControlsBecomeVisibleEscapes() {
    assertThat(SafeText.line("\u001b[2J\u001b[HPASS")).isEqualTo("\\x1b[2J\\x1b[HPASS");
    assertThat(SafeText.line("ok\rPASS")).isEqualTo("ok\\rPASS");
    assertThat(SafeText.line("a\0b")).isEqualTo("a\\0b");
    assertThat(SafeText.line("bell\u0007 del\u007f csi\u009b1m"))
        .isEqualTo("bell\\x07 del\\x7f csi\\x9b1m");
  }

  @Test
  void aLineNeverStartsAnotherLine() {
    assertThat(SafeText.line("value\nexample: PASS")).isEqualTo("value\\nexample: PASS");
    assertThat(SafeText.line("a\u2028b\u2029c\u0085d")).isEqualTo("a\\u2028b\\u2029c\\x85d");
  }

  @Test
  void bidiOverridesThatReorderWhatIsReadAreEscaped() {
    assertThat(SafeText.line("FAIL\u202e SSAP")).isEqualTo("FAIL\\u202e SSAP");
    assertThat(SafeText.line("\u2066x\u2069")).isEqualTo("\\u2066x\\u2069");
  }

  @Test
  void loneSurrogatesAndNonCharactersAreEscapedPairsKept() {
    assertThat(SafeText.text("a\ud83d")).isEqualTo("a\\ud83d");
    assertThat(SafeText.text("\ude00b")).isEqualTo("\\ude00b");
    assertThat(SafeText.text("\ud83d\ude00")).isEqualTo("\ud83d\ude00");
    assertThat(SafeText.text("x\uffffy\ufffe")).isEqualTo("x\\uffffy\\ufffe");
  }
}
