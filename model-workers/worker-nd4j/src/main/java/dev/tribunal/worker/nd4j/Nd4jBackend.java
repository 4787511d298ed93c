package dev.tribunal.worker.nd4j;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Starts ND4J's native backend once, and turns a missing or unloadable one into an error that
 * says what to put on the class path, instead of a linkage error from deep inside the first op.
 */
public final class Nd4jBackend {

  private static volatile String started;

  private Nd4jBackend() {}

  /**
   * The backend's name ("CpuBackend", "CudaBackend"), starting it on first use.
   *
   * @throws IllegalStateException when no ND4J backend, or not its natives, can be loaded
   */
  public static String require() {
    if (started != null) return started;
    synchronized (Nd4jBackend.class) {
      if (started != null) return started;
      try {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        started = Nd4j.getBackend().getClass().getSimpleName();
      } catch (Throwable e) { // linkage errors and a backend's own RuntimeException both end here
        throw new IllegalStateException("the nd4j trainer (meta_rewarding.dpo.trainer: nd4j) cannot start ND4J's native"
            + " backend: put org.nd4j:nd4j-native:1.0.0-M2.1 and the same artifact with classifier linux-x86_64 on the"
            + " class path (or nd4j-cuda-11.6 with its classifier, mvn -Pgpu), exactly one backend; cause: "
            + rootCause(e), e);
      }
      return started;
    }
  }

  private static String rootCause(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) t = t.getCause();
    return t.getClass().getSimpleName() + ": " + t.getMessage();
  }
}
