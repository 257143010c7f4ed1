package dev.firedrill.engine.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.firedrill.check.checker.Result;
import dev.firedrill.check.checker.Validity;
import dev.firedrill.engine.model.InvariantSpec;
import dev.firedrill.engine.model.InvariantType;
import dev.firedrill.engine.model.Verdict;
import dev.firedrill.engine.run.RunResult;
import dev.firedrill.engine.workload.OpenLoop;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/** A CI gate reads junit.xml: a run that tested nothing must never read as a passed test. */
class JunitXmlTest {

  @TempDir Path dir;

  private Document write(Verdict verdict, String message, Validity validity) throws Exception {
    Result r =
        new Result(
            "linearizable", validity, List.of(), Map.of("checked", 0L, "keys", 2), List.of());
    InvariantSpec spec =
        new InvariantSpec(InvariantType.LINEARIZABLE, null, null, null, null, null, null, null);
    RunResult run =
        new RunResult(
            "etcd",
            7,
            "r1",
            verdict,
            message,
            List.of(new RunResult.InvariantResult(spec, r)),
            new OpenLoop.Stats(0, 0, 0, 0, 0),
            List.of(),
            List.of(),
            Duration.ofSeconds(3),
            dir);
    Path file = dir.resolve("junit.xml");
    JunitXml.write(run, file);
    return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
  }

  private static String suite(Document d, String attribute) {
    return d.getDocumentElement().getAttribute(attribute);
  }

  @Test
  void anErrorRunNeverCountsItsValidInvariantAsPassed() throws Exception {
    Document d =
        write(Verdict.ERROR, "steady state not reached: every operation failed", Validity.VALID);
    assertThat(suite(d, "tests")).isEqualTo("2");
    assertThat(suite(d, "errors")).isEqualTo("1");
    assertThat(suite(d, "skipped")).isEqualTo("1");
    var skipped = d.getElementsByTagName("skipped");
    assertThat(skipped.getLength()).isEqualTo(1);
    assertThat(skipped.item(0).getAttributes().getNamedItem("message").getNodeValue())
        .isEqualTo(
            "not decided: the run ended Error (steady state not reached: every operation failed)");
  }

  @Test
  void anInconclusiveRunAddsASkippedRunCase() throws Exception {
    Document d = write(Verdict.INCONCLUSIVE, "nothing to check", Validity.UNKNOWN);
    assertThat(suite(d, "tests")).isEqualTo("2");
    assertThat(suite(d, "skipped")).isEqualTo("2");
    assertThat(suite(d, "failures")).isEqualTo("0");
  }

  @Test
  void aPassHasNoSkippedCaseAndSaysItsEvidence() throws Exception {
    Document d = write(Verdict.PASS, null, Validity.VALID);
    assertThat(suite(d, "tests")).isEqualTo("1");
    assertThat(suite(d, "skipped")).isEqualTo("0");
    assertThat(d.getElementsByTagName("system-out").item(0).getTextContent())
        .isEqualTo("evidence: 0 checked, keys=2\n");
    assertThat(Files.readString(dir.resolve("junit.xml"))).doesNotContain("<skipped");
  }
}
