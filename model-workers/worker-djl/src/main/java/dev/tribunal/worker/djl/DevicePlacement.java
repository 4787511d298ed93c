package dev.tribunal.worker.djl;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a task's model runs. The task's GPU addresses (from Spark's task resources, possibly none)
 * are matched against the GPUs this PyTorch build can see; every decision is logged with its
 * reason, since a silent fallback to CPU is the usual cause of a slow GPU job.
 */
public final class DevicePlacement {

  private static final Logger LOG = LoggerFactory.getLogger(DevicePlacement.class);

  /** A device ("cpu" or "gpu:N") and why. */
  public record Decision(String device, String reason) {}

  private DevicePlacement() {}

  /** Decides from the task's GPU addresses and the engine's visible GPU count, and logs the decision. */
  public static String choose(List<String> gpuAddresses) {
    int visible = gpuAddresses.isEmpty() ? 0 : Engine.getEngine("PyTorch").getGpuCount();
    Decision d = decide(gpuAddresses, visible);
    LOG.info("model device {}: {}", d.device(), d.reason());
    return d.device();
  }

  /** The pure rule behind {@link #choose}. */
  public static Decision decide(List<String> gpuAddresses, int visibleGpus) {
    if (gpuAddresses.isEmpty()) return new Decision("cpu", "the task holds no GPU");
    if (visibleGpus == 0) {
      return new Decision("cpu", "the task holds GPU " + gpuAddresses
          + " but PyTorch sees none (CPU native library, or no CUDA driver); running on CPU");
    }
    String address = gpuAddresses.get(0);
    int id;
    try {
      id = Integer.parseInt(address.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("GPU address '" + address + "' is not a device ordinal");
    }
    if (id < visibleGpus) {
      return new Decision("gpu:" + id, "the task holds GPU " + address + " of " + visibleGpus + " visible"
          + (gpuAddresses.size() > 1 ? "; one model uses one GPU, the others " + gpuAddresses.subList(1, gpuAddresses.size()) + " stay idle" : ""));
    }
    // CUDA_VISIBLE_DEVICES renumbers: a container that sees only its own GPU calls it 0.
    return new Decision("gpu:" + (id % visibleGpus), "the task holds GPU " + address + " but only "
        + visibleGpus + " are visible (renumbered by CUDA_VISIBLE_DEVICES); using gpu:" + (id % visibleGpus));
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
}
