package dev.tribunal.jobs.stages.worker;

import dev.tribunal.worker.ModelWorker;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds the factory of a spec: the built-in ones by the spec's kind, a plug-in's by its class
 * name, instantiated once per JVM through the context class loader (which sees the application's
 * jars on an executor).
 */
final class WorkerFactories {
  private static final DjlWorkerFactory DJL = new DjlWorkerFactory();
  private static final HttpWorkerFactory HTTP = new HttpWorkerFactory();

  private final Map<String, WorkerFactory<WorkerSpec.Plugin>> plugins = new ConcurrentHashMap<>();

  /** A spec with its factory; the type parameter ties the two together without casts at the call. */
  record Bound<S extends WorkerSpec>(WorkerFactory<S> factory, S spec) {
    ModelWorker create(String device) {
      return factory.create(spec, device);
    }

    WorkerFactory.Sharing sharing() {
      return factory.sharing();
    }
  }

  Bound<?> bind(WorkerSpec spec) {
    if (spec instanceof WorkerSpec.Djl djl) return new Bound<>(DJL, djl);
    if (spec instanceof WorkerSpec.Http http) return new Bound<>(HTTP, http);
    WorkerSpec.Plugin plugin = (WorkerSpec.Plugin) spec;
    return new Bound<>(plugins.computeIfAbsent(plugin.factory(), WorkerFactories::instantiate), plugin);
  }

  @SuppressWarnings("unchecked") // a plug-in factory is declared over Plugin specs; the class check is all Java allows
  static WorkerFactory<WorkerSpec.Plugin> instantiate(String className) {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    try {
      Class<?> type = Class.forName(className, true, loader == null ? WorkerFactories.class.getClassLoader() : loader);
      if (!WorkerFactory.class.isAssignableFrom(type)) {
        throw new IllegalArgumentException("worker factory " + className + " does not implement " + WorkerFactory.class.getName());
      }
      return (WorkerFactory<WorkerSpec.Plugin>) type.getDeclaredConstructor().newInstance();
    } catch (ClassNotFoundException e) {
      throw new IllegalArgumentException("worker factory " + className + " is not on this JVM's class path", e);
    } catch (ReflectiveOperationException e) {
      throw new IllegalArgumentException("worker factory " + className + " cannot be instantiated (a public"
          + " no-argument constructor is required): " + e, e);
    }
  }
}
