package dev.tribunal.jobs.stages.worker;

import dev.tribunal.worker.djl.DevicePlacement;
import java.util.List;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.resource.ResourceInformation;

/**
 * Where a task's model runs: what Spark gave the task (spark.task.resource.gpu.amount) and its
 * executor, handed to {@link DevicePlacement}, which decides, logs why, and refuses a GPU that would
 * end up as the CPU. The only place that reads task resources.
 */
public final class TaskDevice {
  private TaskDevice() {}

  /** The running task's device, "cpu" or "gpu:N" as the runtime names them. */
  public static String current() {
    TaskContext task = TaskContext.get();
    return DevicePlacement.forTask(task == null ? null : gpuAddresses(task), executorGpus());
  }

  private static List<String> gpuAddresses(TaskContext task) {
    ResourceInformation gpu = task.resourcesJMap().get("gpu");
    return gpu == null ? List.of() : List.of(gpu.addresses());
  }

  private static double executorGpus() {
    SparkEnv env = SparkEnv.get();
    return env == null ? 0 : DriverDevice.amount(env.conf(), "spark.executor.resource.gpu.amount");
  }
}
