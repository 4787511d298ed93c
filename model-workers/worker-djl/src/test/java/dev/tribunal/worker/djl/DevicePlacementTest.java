package dev.tribunal.worker.djl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import java.util.List;
import org.junit.jupiter.api.Test;

class DevicePlacementTest {

  @Test
  void decidesFromTheTasksGpusAndWhatPyTorchSees() {
    assertEquals("cpu", DevicePlacement.decide(List.of(), 4).device());
    DevicePlacement.Decision noCuda = DevicePlacement.decide(List.of("1"), 0);
    assertEquals("cpu", noCuda.device());
    assertTrue(noCuda.reason().contains("sees none"), noCuda.reason());
    assertEquals("gpu:1", DevicePlacement.decide(List.of("1", "2"), 4).device());
    DevicePlacement.Decision renumbered = DevicePlacement.decide(List.of("3"), 1);
    assertEquals("gpu:0", renumbered.device());
    assertTrue(renumbered.reason().contains("CUDA_VISIBLE_DEVICES"), renumbered.reason());
    assertThrows(IllegalArgumentException.class, () -> DevicePlacement.decide(List.of("GPU-uuid"), 1));
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
  void choosingWithoutGpusIsCpu() {
    assertEquals("cpu", DevicePlacement.choose(List.of()));
  }
}
