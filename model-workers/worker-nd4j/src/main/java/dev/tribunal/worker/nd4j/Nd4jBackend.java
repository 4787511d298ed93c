package dev.tribunal.worker.nd4j;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.custom.SoftMax;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Starts ND4J's native backend once, and turns a missing or unloadable one into an error that
 * says what to put on the class path, instead of a linkage error from deep inside the first op.
 * It then runs one small computation (a GEMM and a softmax), so a backend without kernels for
 * this GPU (CUDA's "no kernel image is available") stops the run here, naming the backend.
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
      String backend;
      try {
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        backend = Nd4j.getBackend().getClass().getSimpleName();
      } catch (Throwable e) { // linkage errors and a backend's own RuntimeException both end here
        throw new IllegalStateException("the nd4j trainer (meta_rewarding.dpo.trainer: nd4j) cannot start ND4J's native"
            + " backend: put org.nd4j:nd4j-native:1.0.0-M2.1 and the same artifact with classifier linux-x86_64 on the"
            + " class path (or nd4j-cuda-11.6 with its classifier, mvn -Pgpu), exactly one backend; cause: "
            + rootCause(e), e);
      }
      smokeTest(backend);
      started = backend;
      return backend;
    }
  }

  private static void smokeTest(String backend) {
    try {
      INDArray a = Nd4j.linspace(DataType.FLOAT, 1, 16, 1).reshape(4, 4);
      INDArray p = Nd4j.exec(new SoftMax(a.mmul(a), a.ulike(), 1))[0];
      double sum = p.sumNumber().doubleValue();
      if (Math.abs(sum - 4) > 1e-3) throw new IllegalStateException("a softmax of 4 rows summed to " + sum);
    } catch (Throwable e) {
      throw new IllegalStateException("ND4J's " + backend + " loaded but cannot compute on this machine (on a GPU newer"
          + " than the backend's CUDA build, \"no kernel image is available\" means the build has no kernels or PTX for"
          + " it; see the README's GPU section); cause: " + rootCause(e), e);
    }
  }

  private static String rootCause(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) t = t.getCause();
    return t.getClass().getSimpleName() + ": " + t.getMessage();
  }
}
