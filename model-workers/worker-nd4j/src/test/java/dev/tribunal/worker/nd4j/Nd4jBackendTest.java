package dev.tribunal.worker.nd4j;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class Nd4jBackendTest {

  /** The test class path holds nd4j-native, and the start-up computation passes on the CPU. */
  @Test
  void theNativeCpuBackendStartsAndComputes() {
    assertEquals("CpuBackend", Nd4jBackend.require());
    assertEquals("CpuBackend", Nd4jBackend.require(), "started once, then remembered");
  }
}
