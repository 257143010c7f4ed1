package dev.firedrill.engine.report;

import dev.firedrill.check.checker.Anomaly;
import dev.firedrill.check.checker.Validity;
import dev.firedrill.check.history.History;
import dev.firedrill.engine.model.Verdict;
import dev.firedrill.engine.run.RunResult;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * {@code junit.xml} for CI systems: one test suite per drill, one test case per invariant, each
 * saying in its {@code system-out} how much evidence its checker had. An invalid invariant is a
 * failure (its anomalies in the body), an unknown one is skipped with the reason. A run that could
 * not happen (Error, Aborted) adds an error case, and then no invariant counts as passed: each is
 * skipped, since what it saw is not a test of the system. An Inconclusive run adds a skipped {@code
 * run} case, so the suite never reads as all green. Every string is passed through {@link
 * SafeText}: a NUL or ESC from the system under test, which XML 1.0 does not allow, would leave a
 * file no CI system can read.
 */
public final class JunitXml {

  private JunitXml() {}

  public static void write(RunResult run, Path file) throws IOException {
    write(run, null, file);
  }

  /**
   * With the history, a failure's operations come in the order they were invoked, each with when it
   * was invoked and completed.
   */
  public static void write(RunResult run, History history, Path file) throws IOException {
    OpTimes times = OpTimes.of(run, history);
    try (OutputStream out = Files.newOutputStream(file)) {
      XMLStreamWriter x = XMLOutputFactory.newFactory().createXMLStreamWriter(out, "UTF-8");
      x.writeStartDocument("UTF-8", "1.0");
      x.writeCharacters("\n");
      List<RunResult.InvariantResult> results = run.invariants();
      boolean broken = run.verdict() == Verdict.ERROR || run.verdict() == Verdict.ABORTED;
      boolean inconclusive = run.verdict() == Verdict.INCONCLUSIVE;
      long failures =
          results.stream().filter(r -> r.result().validity() == Validity.INVALID).count();
      long skipped =
          results.stream()
                  .filter(r ->
                      r.result().validity() == Validity.UNKNOWN
                          || (broken && r.result().validity() == Validity.VALID))
                  .count()
              + (inconclusive ? 1 : 0);
      x.writeStartElement("testsuite");
      attribute(x, "name", "firedrill." + run.drill());
      attribute(x, "tests", Integer.toString(results.size() + (broken || inconclusive ? 1 : 0)));
      attribute(x, "failures", Long.toString(failures));
      attribute(x, "errors", broken ? "1" : "0");
      attribute(x, "skipped", Long.toString(skipped));
      attribute(x, "time", seconds(run.elapsed().toMillis()));
      x.writeCharacters("\n");
      for (RunResult.InvariantResult r : results) {
        testcase(x, run, r, broken, times);
      }
      if (inconclusive) {
        x.writeStartElement("testcase");
        attribute(x, "classname", "firedrill." + run.drill());
        attribute(x, "name", "run");
        x.writeStartElement("skipped");
        attribute(x, "message", "Inconclusive: " + run.message());
        x.writeEndElement();
        x.writeEndElement();
        x.writeCharacters("\n");
      }
      if (broken) {
        x.writeStartElement("testcase");
        attribute(x, "classname", "firedrill." + run.drill());
        attribute(x, "name", "run");
        x.writeStartElement("error");
        attribute(x, "message", Reports.verdictName(run.verdict()) + ": " + run.message());
        x.writeEndElement();
        x.writeEndElement();
        x.writeCharacters("\n");
      }
      x.writeEndElement();
      x.writeCharacters("\n");
      x.writeEndDocument();
      x.close();
    } catch (XMLStreamException e) {
      throw new IOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  private static void testcase(
      XMLStreamWriter x, RunResult run, RunResult.InvariantResult r, boolean broken, OpTimes times)
      throws XMLStreamException {
    x.writeStartElement("testcase");
    attribute(x, "classname", "firedrill." + run.drill());
    attribute(x, "name", Reports.invariantName(r.invariant()));
    attribute(x, "time", "0");
    List<Anomaly> anomalies = r.result().allAnomalies();
    if (broken && r.result().validity() == Validity.VALID) {
      x.writeStartElement("skipped");
      attribute(
          x,
          "message",
          "not decided: the run ended "
              + Reports.verdictName(run.verdict())
              + (run.message() == null ? "" : " (" + run.message() + ")"));
      x.writeEndElement();
    } else if (r.result().validity() != Validity.VALID) {
      boolean failed = r.result().validity() == Validity.INVALID;
      List<Anomaly> shown =
          anomalies.stream().filter(a -> a.validity() == r.result().validity()).toList();
      x.writeStartElement(failed ? "failure" : "skipped");
      attribute(
          x,
          "message",
          shown.isEmpty()
              ? r.result().validity().wireName()
              : shown.getFirst().kind() + ": " + shown.getFirst().explanation());
      if (failed) {
        attribute(x, "type", shown.isEmpty() ? "invalid" : shown.getFirst().kind());
        StringBuilder body = new StringBuilder();
        for (Anomaly a : shown) {
          body.append(a.kind())
              .append(a.key() == null ? "" : " [" + a.key() + "]")
              .append(": ")
              .append(a.explanation())
              .append('\n');
          times
              .sorted(a.ops())
              .forEach(o ->
                  body.append("  op ")
                      .append(o.index())
                      .append(' ')
                      .append(o.processName())
                      .append(' ')
                      .append(o.type().wireName())
                      .append(' ')
                      .append(o.f())
                      .append(' ')
                      .append(o.value())
                      .append(o.traceId() == null ? "" : " trace " + o.traceId())
                      .append(span(times.span(o)))
                      .append('\n'));
        }
        x.writeCharacters(SafeText.text(body.toString()));
      }
      x.writeEndElement();
    }
    x.writeStartElement("system-out");
    x.writeCharacters(SafeText.text(Reports.evidence(r.result())) + "\n");
    x.writeEndElement();
    x.writeEndElement();
    x.writeCharacters("\n");
  }

  /** An attribute on one line: newlines and every control character escaped. */
  private static void attribute(XMLStreamWriter x, String name, String value)
      throws XMLStreamException {
    x.writeAttribute(name, SafeText.line(value));
  }

  private static String span(OpTimes.Span s) {
    return String.format(Locale.ROOT, ", invoked %.1f ms", s.invoked() / 1e6)
        + (s.completed() == null
            ? ", never completed"
            : String.format(Locale.ROOT, ", completed %.1f ms", s.completed() / 1e6));
  }

  private static String seconds(long millis) {
    return String.format(Locale.ROOT, "%.3f", millis / 1000.0);
  }
}
