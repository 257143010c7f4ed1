package dev.firedrill.bench.proxy;

import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time, user plus system, of this JVM and optionally of a child process (a Toxiproxy server),
 * in nanoseconds. The benchmark reads both around every slice, so that CPU per round trip covers
 * every process of the measured path: clients, upstreams and the proxy in between.
 */
final class CpuClock {
  /** Linux reports {@code /proc/PID/stat} times in clock ticks of 1/100 s on every platform. */
  private static final long NANOS_PER_TICK = 10_000_000L;

  private final long childPid;

  /** {@code childPid} 0: this JVM only. */
  CpuClock(long childPid) {
    this.childPid = childPid;
  }

  /** This JVM's CPU time plus the child's. */
  long now() {
    long jvm =
        ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    return childPid == 0 ? jvm : jvm + childCpu();
  }

  /** utime + stime (fields 14 and 15) of {@code /proc/PID/stat}, after the command's ")". */
  private long childCpu() {
    String stat;
    try {
      stat = Files.readString(Path.of("/proc", String.valueOf(childPid), "stat"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the CPU time of process " + childPid, e);
    }
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    // fields[0] is field 3 (state), so utime (14) is fields[11] and stime (15) fields[12].
    return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * NANOS_PER_TICK;
  }
}
