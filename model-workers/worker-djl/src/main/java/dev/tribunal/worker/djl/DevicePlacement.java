package dev.tribunal.worker.djl;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where models run, for both roles: an executor's worker (the GPU Spark gave the task) and the
 * driver's trainer (the GPU Spark gave the driver, or the one named by {@code -Dtribunal.train.device}).
 * The only place that decides placement. Every decision is logged with its reason, and a GPU that
 * was asked for but would end up as the CPU is refused with the cause (the CPU build of libtorch on
 * the classpath, no GPU visible to CUDA, no GPU address assigned): a silent fallback to the CPU is
 * the usual cause of a slow GPU job, and here it would also leave a paid-for GPU idle all night.
 */
public final class DevicePlacement {
  private static final Logger LOG = LoggerFactory.getLogger(DevicePlacement.class);
  private static final Set<String> PROBED = ConcurrentHashMap.newKeySet();
  /** Decisions already logged in this JVM: every task decides again, the log says each thing once. */
  private static final Set<String> LOGGED = ConcurrentHashMap.newKeySet();

  /** The system property naming the trainer's device: cpu, gpu:N, or auto (the driver's Spark GPU). */
  public static final String TRAIN_DEVICE_PROPERTY = "tribunal.train.device";

  /** A device ("cpu" or "gpu:N") and why. */
  public record Decision(String device, String reason) {}

  private DevicePlacement() {}

  /**
   * An executor task's device, logged. {@code taskGpus} are the addresses Spark assigned to the task
   * (null outside a task); {@code executorGpus} is spark.executor.resource.gpu.amount (0 when unset).
   */
  public static String forTask(List<String> taskGpus, double executorGpus) {
    boolean gpu = taskGpus != null && !taskGpus.isEmpty();
    return logged("executor worker", decideTask(taskGpus, executorGpus, gpu ? NativeLibrary.detect() : NativeLibrary.UNUSED));
  }

  /**
   * The driver trainer's device, logged. {@code requested} is the value of {@link #TRAIN_DEVICE_PROPERTY}
   * (null or "auto": follow Spark); {@code driverGpus} the addresses Spark assigned to the driver.
   */
  public static String forTrainer(String requested, List<String> driverGpus) {
    boolean gpu = isAuto(requested) ? !driverGpus.isEmpty() : !requested.trim().equalsIgnoreCase("cpu");
    return logged("driver trainer", decideTrainer(requested, driverGpus, gpu ? NativeLibrary.detect() : NativeLibrary.UNUSED));
  }

  /**
   * What executors were given, checked on the driver at start (executors run the driver's assembly,
   * so the driver can tell that its libtorch has no CUDA before any executor loads a model), logged.
   */
  public static String forExecutors(double executorGpus, double taskGpus) {
    return logged("executor workers", decideExecutors(executorGpus, taskGpus, NativeLibrary.declaredHere()), false);
  }

  /** The rule for executors' configured resources; throws where tasks would hold no GPU or a GPU they cannot use. */
  public static Decision decideExecutors(double executorGpus, double taskGpus, NativeLibrary declared) {
    if (executorGpus <= 0 && taskGpus <= 0) {
      return new Decision("cpu", "no GPU resources (spark.executor.resource.gpu.amount and"
          + " spark.task.resource.gpu.amount are not set)");
    }
    if (taskGpus <= 0) {
      throw idleExecutorGpus("executor workers", executorGpus);
    }
    if (executorGpus < taskGpus) {
      throw refused("executor workers", "spark.task.resource.gpu.amount=" + taskGpus
          + " is more than the executors' spark.executor.resource.gpu.amount=" + executorGpus);
    }
    if (declared.cpuOnly()) {
      throw refused("executor workers", "tasks hold GPUs (spark.task.resource.gpu.amount=" + taskGpus + ") but the"
          + " assembly carries " + declared + ", which has no CUDA: build it with the gpu Maven profile"
          + " (mvn -Pgpu,assembly package)");
    }
    String share = taskGpus < 1 ? Math.round(1 / taskGpus) + " tasks share each GPU" : "each task holds a whole GPU";
    return new Decision("gpu", share + " (spark.task.resource.gpu.amount=" + taskGpus + ", "
        + executorGpus + " per executor, " + declared + "); each task logs the GPU it got");
  }

  /** The rule for an executor task; throws when a GPU was asked for and the task would run on the CPU. */
  public static Decision decideTask(List<String> taskGpus, double executorGpus, NativeLibrary natives) {
    if (taskGpus == null) return new Decision("cpu", "not inside a Spark task");
    if (taskGpus.isEmpty()) {
      if (executorGpus > 0) {
        throw idleExecutorGpus("executor worker", executorGpus);
      }
      return new Decision("cpu", "the task holds no GPU (spark.executor.resource.gpu.amount and spark.task.resource.gpu.amount are not set)");
    }
    return onGpu("executor worker", "the task holds GPU", taskGpus, natives);
  }

  /** The rule for the driver's trainer; throws when a GPU was asked for and training would run on the CPU. */
  public static Decision decideTrainer(String requested, List<String> driverGpus, NativeLibrary natives) {
    if (isAuto(requested)) {
      if (driverGpus.isEmpty()) {
        return new Decision("cpu", "the driver holds no GPU (spark.driver.resource.gpu.amount is not set) and "
            + TRAIN_DEVICE_PROPERTY + " names none");
      }
      return onGpu("driver trainer", "the driver holds GPU", driverGpus, natives);
    }
    String named = requested.trim().toLowerCase(Locale.ROOT);
    if (named.equals("cpu")) return new Decision("cpu", TRAIN_DEVICE_PROPERTY + "=cpu");
    Device device = parse(named);
    return onGpu("driver trainer", TRAIN_DEVICE_PROPERTY + "=" + named + " names GPU",
        List.of(String.valueOf(device.getDeviceId())), natives);
  }

  /** The first address on a GPU PyTorch can use, or a refusal naming why it cannot. */
  private static Decision onGpu(String role, String holds, List<String> addresses, NativeLibrary natives) {
    String address = addresses.get(0).trim();
    int id;
    try {
      id = Integer.parseInt(address);
    } catch (NumberFormatException e) {
      throw refused(role, "GPU address '" + address + "' is not a device ordinal (the discovery script must print"
          + " nvidia-smi indices, e.g. deploy/conf/get-gpus.sh)");
    }
    if (natives.cpuOnly()) {
      throw refused(role, holds + " " + address + " but the native library on the class path is " + natives
          + ", which has no CUDA: build the assembly with the gpu Maven profile (mvn -Pgpu,assembly package)");
    }
    if (natives.visibleGpus() == 0) {
      throw refused(role, holds + " " + address + " but " + natives + " sees no GPU: no NVIDIA driver in the"
          + " container, or the GPU is not exposed to it (nvidia.com/gpu limit, NVIDIA container runtime)");
    }
    String others = addresses.size() > 1
        ? "; one model uses one GPU, " + addresses.subList(1, addresses.size()) + " stay idle" : "";
    if (id < natives.visibleGpus()) {
      return new Decision("gpu:" + id, holds + " " + address + " of " + natives.visibleGpus() + " visible (" + natives + ")" + others);
    }
    // CUDA_VISIBLE_DEVICES renumbers: a container that sees only its own GPU calls it 0.
    int local = id % natives.visibleGpus();
    return new Decision("gpu:" + local, holds + " " + address + " but only " + natives.visibleGpus()
        + " are visible (renumbered by CUDA_VISIBLE_DEVICES); using gpu:" + local + " (" + natives + ")" + others);
  }

  private static IllegalStateException idleExecutorGpus(String role, double executorGpus) {
    return refused(role, "executors have " + executorGpus + " GPU(s) (spark.executor.resource.gpu.amount)"
        + " but tasks hold none: set spark.task.resource.gpu.amount (1 gives each model task a whole GPU)");
  }

  private static boolean isAuto(String requested) {
    return requested == null || requested.isBlank() || requested.trim().equalsIgnoreCase("auto");
  }

  private static IllegalStateException refused(String role, String why) {
    return new IllegalStateException("GPU placement for the " + role + " refused: " + why);
  }

  private static String logged(String role, Decision d) {
    return logged(role, d, !d.device().equals("cpu"));
  }

  private static String logged(String role, Decision d, boolean probe) {
    if (probe) probe(role, d.device());
    if (LOGGED.add(role + " " + d)) LOG.info("{} device {}: {}", role, d.device(), d.reason());
    return d.device();
  }

  /**
   * One tiny computation on the chosen GPU, once per JVM and device: a GPU newer than the libtorch
   * build (no kernels for its architecture) fails here, at placement, with the cause, instead of in
   * the middle of a stage with CUDA's "no kernel image is available".
   */
  private static void probe(String role, String device) {
    if (!PROBED.add(device)) return;
    try (NDManager manager = NDManager.newBaseManager(parse(device))) {
      manager.ones(new Shape(8)).mul(2).sum().getFloat();
    } catch (RuntimeException e) {
      PROBED.remove(device);
      String cause = String.valueOf(e.getMessage());
      throw refused(role, device + " fails a first computation (" + NativeLibrary.detect() + "): " + cause
          + (cause.contains("no kernel image") ? "; the GPU's architecture is newer than this libtorch build"
          + " (see README, On a cluster: GPUs newer than the native library)" : ""));
    }
  }

  /** "cpu", "gpu", "gpu:N", "gpuN" or "cuda:N" as a DJL device. */
  public static Device parse(String device) {
    String d = device.trim().toLowerCase(Locale.ROOT);
    if (d.equals("cpu")) return Device.cpu();
    if (d.equals("gpu") || d.equals("cuda")) return Device.gpu();
    for (String prefix : new String[] {"gpu:", "cuda:", "gpu"}) {
      if (d.startsWith(prefix)) {
        try {
          return Device.gpu(Integer.parseInt(d.substring(prefix.length())));
        } catch (NumberFormatException e) {
          break;
        }
      }
    }
    throw new IllegalArgumentException("device '" + device + "' is not cpu, gpu or gpu:N");
  }

  /** The GPUs the PyTorch engine sees (loads the native library). */
  static int visibleGpus() {
    return Engine.getEngine("PyTorch").getGpuCount();
  }
}
