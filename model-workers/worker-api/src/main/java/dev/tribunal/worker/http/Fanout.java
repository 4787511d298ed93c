package dev.tribunal.worker.http;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Runs one call per item on its own pool and answers in input order. The first failure cancels
 * the calls still waiting and is rethrown as it was thrown, so a batch fails with its real cause.
 */
final class Fanout implements AutoCloseable {
  private final ExecutorService pool;

  /**
   * At most {@code bound} calls at once, on daemon threads named for the endpoint: a client that
   * is never closed does not keep the JVM alive.
   */
  Fanout(int bound, String name) {
    this.pool = Executors.newFixedThreadPool(bound, daemonThreads(name));
  }

  <T, R> List<R> map(List<T> items, Function<T, R> call) {
    if (items.size() == 1) return List.of(call.apply(items.get(0)));
    ExecutorCompletionService<R> done = new ExecutorCompletionService<>(pool);
    List<Future<R>> futures = new ArrayList<>(items.size());
    for (T item : items) futures.add(done.submit(() -> call.apply(item)));
    try {
      for (int i = 0; i < items.size(); i++) done.take().get();
      List<R> out = new ArrayList<>(items.size());
      for (Future<R> f : futures) out.add(f.get());
      return out;
    } catch (ExecutionException e) {
      throw rethrow(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for a batch of requests", e);
    } catch (CancellationException e) {
      throw new IllegalStateException("a request of the batch was cancelled", e);
    } finally {
      futures.forEach(f -> f.cancel(true));
    }
  }

  /** Interrupts the calls in flight; a batch waiting on them fails. */
  @Override
  public void close() {
    pool.shutdownNow();
  }

  private static ThreadFactory daemonThreads(String name) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, "tribunal-http-" + name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  private static RuntimeException rethrow(Throwable cause) {
    if (cause instanceof RuntimeException r) return r;
    if (cause instanceof Error e) throw e;
    return new IllegalStateException(cause);
  }
}
