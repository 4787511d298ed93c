package dev.tribunal.jobs.stages.worker;

import java.util.List;
import org.apache.spark.TaskContext;
import org.apache.spark.resource.ResourceInformation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a task's model runs: the GPU Spark assigned to the task (spark.task.resource.gpu.amount),
 * else the CPU. The only place that reads task resources, and it logs why it decided, since a silent
 * fallback to the CPU is the usual cause of a slow GPU job.
 */
public final class TaskDevice {
  private static final Logger LOG = LoggerFactory.getLogger(TaskDevice.class);

  /** A device ("cpu" or "gpu:N") and why. */
  public record Decision(String device, String reason) {}

  private TaskDevice() {}

  /** The running task's device, logged with its reason. */
  public static String current() {
    TaskContext task = TaskContext.get();
    Decision d = task == null ? decide(null) : decide(gpuAddresses(task));
    LOG.info("model device {}: {}", d.device(), d.reason());
    return d.device();
  }

  /** The rule: the first GPU address the task holds; null addresses mean no Spark task. */
  public static Decision decide(List<String> gpuAddresses) {
    if (gpuAddresses == null) return new Decision("cpu", "not inside a Spark task");
    if (gpuAddresses.isEmpty()) {
      return new Decision("cpu", "the task holds no GPU (spark.task.resource.gpu.amount is not set)");
    }
    String address = gpuAddresses.get(0).trim();
    String others = gpuAddresses.size() > 1
        ? "; one model uses one GPU, " + gpuAddresses.subList(1, gpuAddresses.size()) + " stay idle" : "";
    return new Decision("gpu:" + address, "the task holds GPU " + address + others);
  }

  private static List<String> gpuAddresses(TaskContext task) {
    ResourceInformation gpu = task.resourcesJMap().get("gpu");
    return gpu == null ? List.of() : List.of(gpu.addresses());
  }
}
