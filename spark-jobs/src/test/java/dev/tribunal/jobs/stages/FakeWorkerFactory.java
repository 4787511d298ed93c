package dev.tribunal.jobs.stages;

import dev.tribunal.jobs.stages.worker.WorkerFactory;
import dev.tribunal.jobs.stages.worker.WorkerSpec;
import dev.tribunal.worker.ModelWorker;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Builds {@link FakeModelWorker}s. Calls are counted in static counters, per the spec's "counter"
 * parameter and role, because local-mode tasks run in the test's JVM.
 */
public final class FakeWorkerFactory implements WorkerFactory<WorkerSpec.Plugin> {
  private static final Map<String, AtomicLong> COUNTS = new ConcurrentHashMap<>();

  @Override
  public ModelWorker create(WorkerSpec.Plugin spec, String device) {
    return new FakeModelWorker(spec);
  }

  /** The spec of a fake model; extra parameters switch on faults (see FakeModelWorker). */
  public static WorkerSpec.Plugin spec(String counter, String version, Map<String, String> faults) {
    Map<String, String> params = new java.util.HashMap<>(faults);
    params.put("counter", counter);
    return new WorkerSpec.Plugin(FakeWorkerFactory.class.getName(), params, version);
  }

  static void count(String counter, String what, long n) {
    COUNTS.computeIfAbsent(counter + ":" + what, k -> new AtomicLong()).addAndGet(n);
  }

  /** Requests of a role ("actor", "judge", "meta_judge", "score") or generate calls ("generate_calls"). */
  public static long count(String counter, String what) {
    AtomicLong n = COUNTS.get(counter + ":" + what);
    return n == null ? 0 : n.get();
  }
}
