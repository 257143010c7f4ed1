package dev.firedrill.engine.workload;

import dev.firedrill.engine.workload.http.Completion;

/** Where the open loop reports each operation: its invocation, then its completion. */
public interface OperationRecorder {

  void invoked(int process, Invocation invocation);

  void completed(int process, Invocation invocation, Completion completion);
}
