package dev.tribunal.jobs.stages.worker;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

/** The start check reads Spark's settings as a cluster sets them (the test class path has libtorch's CPU build). */
class DriverDeviceTest {

  @Test
  void aCpuRunPassesTheStartCheck() {
    assertDoesNotThrow(() -> DriverDevice.check(new SparkConf(false), List.of()));
  }

  @Test
  void podGpusWithoutSparkTaskResourcesAreRefusedAtStart() {
    SparkConf conf = new SparkConf(false).set("spark.executor.resource.gpu.amount", "1");
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> DriverDevice.check(conf, List.of()));
    assertTrue(e.getMessage().contains("set spark.task.resource.gpu.amount"), e.getMessage());
  }

  @Test
  void gpuTasksWithTheCpuAssemblyAreRefusedAtStart() {
    SparkConf conf = new SparkConf(false).set("spark.executor.resource.gpu.amount", "1")
        .set("spark.task.resource.gpu.amount", "1");
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> DriverDevice.check(conf, List.of()));
    assertTrue(e.getMessage().contains("-Pgpu"), e.getMessage());
  }

  @Test
  void aDriverGpuTheTrainerCannotUseIsRefusedAtStart() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> DriverDevice.check(new SparkConf(false), List.of("0")));
    assertTrue(e.getMessage().contains("driver trainer"), e.getMessage());
  }

  @Test
  void aResourceAmountThatIsNotANumberNamesItsKey() {
    SparkConf conf = new SparkConf(false).set("spark.task.resource.gpu.amount", "one");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> DriverDevice.amount(conf, "spark.task.resource.gpu.amount"));
    assertTrue(e.getMessage().contains("spark.task.resource.gpu.amount=one"), e.getMessage());
  }
}
