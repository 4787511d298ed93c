package dev.tribunal.jobs.stages.worker;

import dev.tribunal.worker.djl.DevicePlacement;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.apache.spark.resource.ResourceInformation;
import org.apache.spark.sql.SparkSession;
import scala.Option;

/**
 * The driver's side of GPU placement: the trainer's device (DPO, BOND and reward-model training run
 * on the driver) and, at the start of a command, a check of what executors were given. Reads Spark;
 * {@link DevicePlacement} decides and logs.
 */
public final class DriverDevice {
  private DriverDevice() {}

  /** The trainer's device: {@code -Dtribunal.train.device} if set, else the GPU Spark gave the driver, else the CPU. */
  public static String trainer() {
    Option<SparkSession> session = SparkSession.getDefaultSession();
    List<String> gpus = session.isDefined() ? gpuAddresses(session.get().sparkContext()) : List.of();
    return DevicePlacement.forTrainer(System.getProperty(DevicePlacement.TRAIN_DEVICE_PROPERTY), gpus);
  }

  /**
   * At start, before any stage: logs the device of each role and refuses a GPU request that would
   * end up on the CPU (the trainer's, or executors' whose tasks hold no GPU or whose assembly carries
   * the CPU build of libtorch), so a misconfigured night fails in seconds instead of crawling.
   */
  public static void checkAtStart(SparkContext spark) {
    check(spark.getConf(), gpuAddresses(spark));
  }

  static void check(SparkConf conf, List<String> driverGpus) {
    DevicePlacement.forTrainer(System.getProperty(DevicePlacement.TRAIN_DEVICE_PROPERTY), driverGpus);
    DevicePlacement.forExecutors(amount(conf, "spark.executor.resource.gpu.amount"),
        amount(conf, "spark.task.resource.gpu.amount"));
  }

  static List<String> gpuAddresses(SparkContext spark) {
    Option<ResourceInformation> gpu = spark.resources().get("gpu");
    return gpu.isDefined() ? List.of(gpu.get().addresses()) : List.of();
  }

  /** A resource amount from Spark's configuration, 0 when unset; a bad number names the key. */
  static double amount(SparkConf conf, String key) {
    String value = conf.get(key, "0").trim();
    try {
      return Double.parseDouble(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + "=" + value + " is not a number");
    }
  }
}
