package dev.tribunal.jobs.stages.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tribunal.worker.Capabilities;
import dev.tribunal.worker.Completion;
import dev.tribunal.worker.GenerateRequest;
import dev.tribunal.worker.ModelWorker;
import dev.tribunal.worker.NextTokenRequest;
import dev.tribunal.worker.NextTokenResult;
import dev.tribunal.worker.ScoreRequest;
import dev.tribunal.worker.ScoreResult;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The executor cache: one worker per spec, held as its factory says, bounded, dropped by version. */
class ExecutorWorkersTest {
  static final AtomicInteger CREATED = new AtomicInteger();

  /** Counts its closes. */
  static final class Counted implements ModelWorker {
    final String version;
    final AtomicBoolean closed = new AtomicBoolean();

    Counted(String version) {
      this.version = version;
      CREATED.incrementAndGet();
    }

    @Override public String modelVersion() { return version; }
    @Override public Capabilities capabilities() { return Capabilities.ALL; }
    @Override public List<List<Completion>> generate(List<GenerateRequest> r) { return List.of(); }
    @Override public List<ScoreResult> score(List<ScoreRequest> r) { return List.of(); }
    @Override public List<NextTokenResult> nextTokenLogprobs(List<NextTokenRequest> r) { return List.of(); }
    @Override public void close() { closed.set(true); }
  }

  public static final class Exclusive implements WorkerFactory<WorkerSpec.Plugin> {
    @Override public ModelWorker create(WorkerSpec.Plugin spec, String device) { return new Counted(spec.modelVersion()); }
  }

  public static final class Shared implements WorkerFactory<WorkerSpec.Plugin> {
    @Override public ModelWorker create(WorkerSpec.Plugin spec, String device) { return new Counted(spec.modelVersion()); }
    @Override public Sharing sharing() { return Sharing.SHARED; }
  }

  public static final class PerTask implements WorkerFactory<WorkerSpec.Plugin> {
    @Override public ModelWorker create(WorkerSpec.Plugin spec, String device) { return new Counted(spec.modelVersion()); }
    @Override public Sharing sharing() { return Sharing.PER_TASK; }
  }

  public static final class Broken implements WorkerFactory<WorkerSpec.Plugin> {
    @Override public ModelWorker create(WorkerSpec.Plugin spec, String device) { throw new IllegalStateException("no weights"); }
  }

  private static WorkerSpec spec(Class<?> factory, String version) {
    return new WorkerSpec.Plugin(factory.getName(), Map.of("k", "v"), version);
  }

  @Test
  void equalSpecsShareOneWorkerAndADifferentDeviceGetsItsOwn() {
    ExecutorWorkers cache = new ExecutorWorkers(4);
    ModelWorker a;
    try (WorkerLease l = cache.acquire(spec(Shared.class, "M1"), "cpu")) {
      a = l.worker();
    }
    try (WorkerLease l = cache.acquire(spec(Shared.class, "M1"), "cpu")) {
      assertSame(a, l.worker());
    }
    try (WorkerLease l = cache.acquire(spec(Shared.class, "M1"), "gpu:0")) {
      assertNotSame(a, l.worker());
    }
    assertEquals(2, cache.size());
    assertFalse(((Counted) a).closed.get(), "a cached worker stays open between tasks");
  }

  @Test
  void anExclusiveWorkerServesOneTaskAtATime() throws Exception {
    ExecutorWorkers cache = new ExecutorWorkers(2);
    WorkerLease first = cache.acquire(spec(Exclusive.class, "M1"), "cpu");
    CountDownLatch got = new CountDownLatch(1);
    Thread second = new Thread(() -> {
      try (WorkerLease l = cache.acquire(spec(Exclusive.class, "M1"), "cpu")) {
        got.countDown();
      }
    });
    second.start();
    assertFalse(got.await(200, TimeUnit.MILLISECONDS), "the second task waits while the first holds the worker");
    first.close();
    assertTrue(got.await(10, TimeUnit.SECONDS), "and gets it once the first is done");
    second.join();
  }

  @Test
  void aSharedWorkerServesConcurrentTasks() throws Exception {
    ExecutorWorkers cache = new ExecutorWorkers(2);
    try (WorkerLease first = cache.acquire(spec(Shared.class, "M1"), "cpu")) {
      CountDownLatch got = new CountDownLatch(1);
      Thread second = new Thread(() -> {
        try (WorkerLease l = cache.acquire(spec(Shared.class, "M1"), "cpu")) {
          assertSame(first.worker(), l.worker());
          got.countDown();
        }
      });
      second.start();
      assertTrue(got.await(10, TimeUnit.SECONDS));
      second.join();
    }
  }

  @Test
  void aPerTaskWorkerIsClosedWithItsLease() {
    ExecutorWorkers cache = new ExecutorWorkers(2);
    Counted worker;
    try (WorkerLease l = cache.acquire(spec(PerTask.class, "M1"), "cpu")) {
      worker = (Counted) l.worker();
      assertFalse(worker.closed.get());
    }
    assertTrue(worker.closed.get());
    assertEquals(0, cache.size(), "nothing cached");
  }

  @Test
  void aNewVersionPushesTheLeastRecentlyUsedOutAndALeasedOneClosesWhenReleased() {
    ExecutorWorkers cache = new ExecutorWorkers(2);
    WorkerLease m0 = cache.acquire(spec(Exclusive.class, "M0"), "cpu");
    Counted seed = (Counted) m0.worker();
    m0.close();
    WorkerLease m1 = cache.acquire(spec(Exclusive.class, "M1"), "cpu");
    Counted policy = (Counted) m1.worker();
    m1.close();
    WorkerLease m2 = cache.acquire(spec(Exclusive.class, "M2"), "cpu"); // pushes M0 out
    assertTrue(seed.closed.get(), "M0 was least recently used");
    assertFalse(policy.closed.get());
    WorkerLease stillM2 = m2;
    cache.acquire(spec(Exclusive.class, "M3"), "cpu").close(); // pushes M1 out
    assertTrue(policy.closed.get());
    cache.invalidate("M2");
    assertFalse(((Counted) stillM2.worker()).closed.get(), "a leased worker outlives its invalidation");
    Counted m2Worker = (Counted) stillM2.worker();
    stillM2.close();
    assertTrue(m2Worker.closed.get(), "and closes when its lease ends");
    assertEquals(1, cache.size());
  }

  @Test
  void aWorkerThatFailsToBuildIsNotCachedAndAnUnknownFactoryIsNamed() {
    ExecutorWorkers cache = new ExecutorWorkers(2);
    assertThrows(IllegalStateException.class, () -> cache.acquire(spec(Broken.class, "M0"), "cpu"));
    assertEquals(0, cache.size());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> cache.acquire(new WorkerSpec.Plugin("no.such.Factory", Map.of(), "M0"), "cpu"));
    assertTrue(e.getMessage().contains("no.such.Factory is not on this JVM's class path"), e.getMessage());
    IllegalArgumentException notAFactory = assertThrows(IllegalArgumentException.class,
        () -> cache.acquire(new WorkerSpec.Plugin(String.class.getName(), Map.of(), "M0"), "cpu"));
    assertTrue(notAFactory.getMessage().contains("does not implement"), notAFactory.getMessage());
  }
}
