package dev.tribunal.worker.djl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tribunal.worker.LeasedCache;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ModelCacheTest {

  /** A stand-in for a loaded model that records whether it was closed. */
  static final class FakeModel implements AutoCloseable {
    final String name;
    volatile boolean closed;

    FakeModel(String name) {
      this.name = name;
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  private final AtomicInteger loads = new AtomicInteger();
  private final List<FakeModel> made = new ArrayList<>();

  private ModelCache<FakeModel> cache(int capacity) {
    return new ModelCache<>(capacity, (version, dir, device) -> {
      loads.incrementAndGet();
      FakeModel m = new FakeModel(version + "@" + device);
      synchronized (made) {
        made.add(m);
      }
      return m;
    });
  }

  @Test
  void oneLoadPerVersionAndDeviceAndLeastRecentlyUsedIsEvictedAndClosed() {
    ModelCache<FakeModel> c = cache(2);
    FakeModel a = get(c, "v1");
    assertSame(a, get(c, "v1"));
    FakeModel b = get(c, "v2");
    get(c, "v1"); // v1 is now the most recently used
    FakeModel d = get(c, "v3");
    assertEquals(3, loads.get());
    assertTrue(b.closed, "v2 was least recently used");
    assertFalse(a.closed || d.closed);
    assertEquals(2, c.size());
  }

  @Test
  void aLeasedModelIsClosedOnlyWhenItsLastLeaseEnds() {
    ModelCache<FakeModel> c = cache(1);
    LeasedCache.Lease<FakeModel> held = c.acquire("v1", Path.of("."), "cpu");
    get(c, "v2"); // evicts v1 while held
    assertFalse(held.get().closed);
    held.close();
    assertTrue(made.get(0).closed);
    assertThrows(IllegalStateException.class, held::get);
  }

  @Test
  void invalidateDropsEveryDeviceOfAVersion() {
    ModelCache<FakeModel> c = cache(4);
    FakeModel cpu = get(c, "v1");
    FakeModel gpu;
    try (LeasedCache.Lease<FakeModel> l = c.acquire("v1", Path.of("."), "gpu:0")) {
      gpu = l.get();
    }
    FakeModel other = get(c, "v2");
    c.invalidate("v1");
    assertTrue(cpu.closed && gpu.closed);
    assertFalse(other.closed);
    assertEquals(1, c.size());
    assertFalse(get(c, "v1").closed, "reloaded after invalidation");
  }

  @Test
  void concurrentTasksShareOneLoadAndFailedLoadsAreNotCached() throws Exception {
    ModelCache<FakeModel> c = cache(2);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<FakeModel>> fs = new ArrayList<>();
      for (int i = 0; i < 32; i++) fs.add(pool.submit(() -> get(c, "v1")));
      for (Future<FakeModel> f : fs) assertSame(fs.get(0).get(), f.get());
      assertEquals(1, loads.get());
    } finally {
      pool.shutdown();
    }
    AtomicInteger attempts = new AtomicInteger();
    ModelCache<FakeModel> failing = new ModelCache<>(2, (v, dir, device) -> {
      if (attempts.incrementAndGet() == 1) throw new IllegalStateException("disk gone");
      return new FakeModel(v);
    });
    assertThrows(IllegalStateException.class, () -> failing.acquire("v1", Path.of("."), "cpu"));
    assertEquals(0, failing.size());
    assertEquals("v1", failing.acquire("v1", Path.of("."), "cpu").get().name);
  }

  private static FakeModel get(ModelCache<FakeModel> c, String version) {
    try (LeasedCache.Lease<FakeModel> lease = c.acquire(version, Path.of("."), "cpu")) {
      return lease.get();
    }
  }
}
