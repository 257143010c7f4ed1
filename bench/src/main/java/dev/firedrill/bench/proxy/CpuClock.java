package dev.firedrill.bench.proxy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time of this JVM and optionally of a child process (a Toxiproxy server), split into user and
 * system time, in nanoseconds, from {@code /proc/PID/stat}. The benchmark reads both around every
 * slice, so that CPU per round trip covers every process of the measured path: clients, upstreams
 * and the proxy in between. The resolution is a clock tick (10 ms); a slice spends seconds.
 */
final class CpuClock {
  /** Linux reports {@code /proc/PID/stat} times in clock ticks of 1/100 s on every platform. */
  private static final long NANOS_PER_TICK = 10_000_000L;

  /** CPU time so far: user and system, of this JVM and of the child (0 without one). */
  record Reading(long jvmUser, long jvmSystem, long childUser, long childSystem) {
    long total() {
      return jvmUser + jvmSystem + childUser + childSystem;
    }

    Reading minus(Reading earlier) {
      return new Reading(
          jvmUser - earlier.jvmUser,
          jvmSystem - earlier.jvmSystem,
          childUser - earlier.childUser,
          childSystem - earlier.childSystem);
    }
  }

  private final long childPid;

  /** {@code childPid} 0: this JVM only. */
  CpuClock(long childPid) {
    this.childPid = childPid;
  }

  /** This JVM's CPU time plus the child's. */
  long now() {
    return read().total();
  }

  Reading read() {
    long[] jvm = userSystem(ProcessHandle.current().pid());
    long[] child = childPid == 0 ? new long[2] : userSystem(childPid);
    return new Reading(jvm[0], jvm[1], child[0], child[1]);
  }

  /** utime and stime (fields 14 and 15) of {@code /proc/PID/stat}, after the command's ")". */
  private static long[] userSystem(long pid) {
    String stat;
    try {
      stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the CPU time of process " + pid, e);
    }
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    // fields[0] is field 3 (state), so utime (14) is fields[11] and stime (15) fields[12].
    return new long[] {
      Long.parseLong(fields[11]) * NANOS_PER_TICK, Long.parseLong(fields[12]) * NANOS_PER_TICK
    };
  }
}
