package dev.tribunal.worker.djl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class DevicePlacementTest {
  private static final NativeLibrary CPU = new NativeLibrary("cpu", "2.7.1", 0);
  private static final NativeLibrary CUDA_4 = new NativeLibrary("cu124", "2.5.1", 4);
  private static final NativeLibrary CUDA_1 = new NativeLibrary("cu124", "2.5.1", 1);
  private static final NativeLibrary CUDA_NO_DRIVER = new NativeLibrary("cu124", "2.5.1", 0);

  @Test
  void aTaskRunsOnItsFirstGpuAndSaysWhichOthersIdle() {
    DevicePlacement.Decision two = DevicePlacement.decideTask(List.of("1", "2"), 2, CUDA_4);
    assertEquals("gpu:1", two.device());
    assertTrue(two.reason().contains("[2] stay idle"), two.reason());
    assertTrue(two.reason().contains("cu124"), two.reason());
  }

  @Test
  void aContainerThatSeesOnlyItsOwnGpuRenumbersIt() {
    DevicePlacement.Decision renumbered = DevicePlacement.decideTask(List.of("3"), 1, CUDA_1);
    assertEquals("gpu:0", renumbered.device());
    assertTrue(renumbered.reason().contains("CUDA_VISIBLE_DEVICES"), renumbered.reason());
  }

  @Test
  void withoutGpuResourcesTasksRunOnTheCpuAndSayWhy() {
    assertEquals("cpu", DevicePlacement.decideTask(null, 0, CPU).device());
    DevicePlacement.Decision none = DevicePlacement.decideTask(List.of(), 0, CPU);
    assertEquals("cpu", none.device());
    assertTrue(none.reason().contains("spark.task.resource.gpu.amount"), none.reason());
  }

  @Test
  void aTaskGpuWithTheCpuBuildOfLibtorchIsRefusedNamingTheProfile() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> DevicePlacement.decideTask(List.of("0"), 1, CPU));
    assertTrue(e.getMessage().contains("executor worker"), e.getMessage());
    assertTrue(e.getMessage().contains("libtorch 2.7.1 (cpu)"), e.getMessage());
    assertTrue(e.getMessage().contains("-Pgpu"), e.getMessage());
  }

  @Test
  void aTaskGpuThatCudaCannotSeeIsRefused() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> DevicePlacement.decideTask(List.of("0"), 1, CUDA_NO_DRIVER));
    assertTrue(e.getMessage().contains("sees no GPU"), e.getMessage());
  }

  @Test
  void executorGpusThatNoTaskHoldsAreRefused() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> DevicePlacement.decideTask(List.of(), 1, CUDA_1));
    assertTrue(e.getMessage().contains("set spark.task.resource.gpu.amount"), e.getMessage());
  }

  @Test
  void aGpuAddressThatIsNotAnOrdinalIsRefusedNamingTheDiscoveryScript() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> DevicePlacement.decideTask(List.of("GPU-8f2c"), 1, CUDA_1));
    assertTrue(e.getMessage().contains("get-gpus.sh"), e.getMessage());
  }

  @Test
  void theTrainerFollowsTheDriversSparkGpu() {
    DevicePlacement.Decision d = DevicePlacement.decideTrainer(null, List.of("0"), CUDA_1);
    assertEquals("gpu:0", d.device());
    assertTrue(d.reason().contains("the driver holds GPU 0"), d.reason());
    assertEquals("gpu:0", DevicePlacement.decideTrainer("auto", List.of("0"), CUDA_1).device());
  }

  @Test
  void aDriverWithoutGpuTrainsOnTheCpuAndSaysWhy() {
    DevicePlacement.Decision d = DevicePlacement.decideTrainer(null, List.of(), CPU);
    assertEquals("cpu", d.device());
    assertTrue(d.reason().contains("spark.driver.resource.gpu.amount"), d.reason());
  }

  @Test
  void theNamedDeviceWinsOverSpark() {
    assertEquals("cpu", DevicePlacement.decideTrainer("cpu", List.of("0"), CUDA_1).device());
    assertEquals("gpu:2", DevicePlacement.decideTrainer("gpu:2", List.of(), CUDA_4).device());
    assertEquals("gpu:0", DevicePlacement.decideTrainer("gpu", List.of(), CUDA_1).device());
  }

  @Test
  void aDriverGpuThatResolvesToTheCpuIsRefused() {
    IllegalStateException cpuBuild = assertThrows(IllegalStateException.class,
        () -> DevicePlacement.decideTrainer(null, List.of("0"), CPU));
    assertTrue(cpuBuild.getMessage().contains("driver trainer"), cpuBuild.getMessage());
    assertTrue(cpuBuild.getMessage().contains("has no CUDA"), cpuBuild.getMessage());
    IllegalStateException named = assertThrows(IllegalStateException.class,
        () -> DevicePlacement.decideTrainer("gpu:0", List.of(), CUDA_NO_DRIVER));
    assertTrue(named.getMessage().contains("tribunal.train.device=gpu:0"), named.getMessage());
    assertThrows(IllegalArgumentException.class, () -> DevicePlacement.decideTrainer("tpu:0", List.of(), CUDA_1));
  }

  @Test
  void theNativeLibraryIsReadFromDjlsJarDeclarationUnlessAnExternalPathIsSet() {
    Properties jar = new Properties();
    jar.setProperty("flavor", "cu124");
    jar.setProperty("version", "2.5.1-20241118");
    assertEquals(new NativeLibrary("cu124", "2.5.1-20241118", 0), NativeLibrary.declared(jar, null));
    assertEquals("external", NativeLibrary.declared(jar, "/opt/libtorch/lib").flavor());
    assertEquals("unknown", NativeLibrary.declared(null, "").flavor());
  }

  @Test
  void theBuildOnThisClassPathDeclaresItselfAndACpuBuildIsNotLoadedToCountGpus() {
    NativeLibrary here = NativeLibrary.detect();
    assertTrue(!here.flavor().equals("unknown"), here.toString());
    if (here.cpuOnly()) assertEquals(0, here.visibleGpus());
  }

  @Test
  void executorsWithoutGpuResourcesAreTheCpu() {
    DevicePlacement.Decision d = DevicePlacement.decideExecutors(0, 0, CPU);
    assertEquals("cpu", d.device());
    assertTrue(d.reason().contains("no GPU resources"), d.reason());
  }

  @Test
  void executorGpusWithATaskShareAreGpusAndSayHowTheyAreShared() {
    DevicePlacement.Decision whole = DevicePlacement.decideExecutors(1, 1, new NativeLibrary("cu124", "2.5.1", 0));
    assertEquals("gpu", whole.device());
    assertTrue(whole.reason().contains("each task holds a whole GPU"), whole.reason());
    DevicePlacement.Decision shared = DevicePlacement.decideExecutors(1, 0.25, new NativeLibrary("cu124", "2.5.1", 0));
    assertTrue(shared.reason().contains("4 tasks share each GPU"), shared.reason());
  }

  @Test
  void executorGpusAreRefusedAtStartWhenNoTaskHoldsOneOrTheAssemblyIsTheCpuBuild() {
    IllegalStateException noTask = assertThrows(IllegalStateException.class,
        () -> DevicePlacement.decideExecutors(1, 0, CUDA_1));
    assertTrue(noTask.getMessage().contains("set spark.task.resource.gpu.amount"), noTask.getMessage());
    IllegalStateException cpuBuild = assertThrows(IllegalStateException.class,
        () -> DevicePlacement.decideExecutors(1, 1, CPU));
    assertTrue(cpuBuild.getMessage().contains("assembly carries libtorch 2.7.1 (cpu)"), cpuBuild.getMessage());
    IllegalStateException more = assertThrows(IllegalStateException.class,
        () -> DevicePlacement.decideExecutors(1, 2, CUDA_1));
    assertTrue(more.getMessage().contains("is more than"), more.getMessage());
  }

  @Test
  void parsesDeviceNames() {
    assertEquals(Device.cpu(), DevicePlacement.parse("cpu"));
    assertEquals(Device.gpu(0), DevicePlacement.parse("gpu:0"));
    assertEquals(Device.gpu(2), DevicePlacement.parse("cuda:2"));
    assertEquals(Device.gpu(1), DevicePlacement.parse("gpu1"));
    assertThrows(IllegalArgumentException.class, () -> DevicePlacement.parse("tpu:0"));
  }

  @Test
  void withoutGpusBothRolesAreTheCpuWithoutLoadingLibtorch() {
    assertEquals("cpu", DevicePlacement.forTask(List.of(), 0));
    assertEquals("cpu", DevicePlacement.forTrainer(null, List.of()));
    assertThrows(IllegalStateException.class, () -> DevicePlacement.forTask(List.of("0"), 1));
  }
}
