package dev.tribunal.jobs.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** deploy/conf/get-gpus.sh with a stand-in nvidia-smi: Spark's resource JSON, or a failure with the reason. */
class GpuDiscoveryScriptTest {
  private static final String BASH = Files.isExecutable(Path.of("/bin/bash")) ? "/bin/bash" : "/usr/bin/bash";

  private static DeployFiles.Result discover(Path bin) {
    return DeployFiles.run(List.of(BASH, "deploy/conf/get-gpus.sh"), Map.of("PATH", bin.toString()));
  }

  private static void nvidiaSmi(Path bin, String script) throws IOException {
    Path smi = bin.resolve("nvidia-smi");
    Files.writeString(smi, "#!/bin/sh\n" + script + "\n");
    assertTrue(smi.toFile().setExecutable(true));
  }

  @Test
  void printsEveryGpuIndexAsSparksResourceJson(@TempDir Path bin) throws IOException {
    nvidiaSmi(bin, "printf '0\\n 1\\n3\\n'");
    DeployFiles.Result r = discover(bin);
    assertEquals(0, r.code(), r.err());
    JsonNode json = new ObjectMapper().readTree(r.out());
    assertEquals("gpu", json.get("name").asText());
    assertEquals(List.of("0", "1", "3"), List.of(json.get("addresses").get(0).asText(), json.get("addresses").get(1).asText(),
        json.get("addresses").get(2).asText()));
  }

  @Test
  void failsWhenNvidiaSmiIsMissing(@TempDir Path bin) {
    DeployFiles.Result r = discover(bin);
    assertEquals(1, r.code());
    assertTrue(r.err().contains("nvidia-smi not found"), r.err());
    assertEquals("", r.out(), "no resource JSON, not even an empty list");
  }

  @Test
  void failsWhenNvidiaSmiListsNoGpuOrFails(@TempDir Path bin) throws IOException {
    nvidiaSmi(bin, "exit 0");
    DeployFiles.Result none = discover(bin);
    assertEquals(1, none.code());
    assertTrue(none.err().contains("lists no GPU"), none.err());
    nvidiaSmi(bin, "echo 'NVIDIA-SMI has failed' >&2; exit 9");
    DeployFiles.Result failed = discover(bin);
    assertEquals(1, failed.code());
    assertTrue(failed.err().contains("nvidia-smi failed"), failed.err());
  }

  @Test
  void refusesOutputThatIsNotAnIndex(@TempDir Path bin) throws IOException {
    nvidiaSmi(bin, "echo 'No devices were found'");
    DeployFiles.Result r = discover(bin);
    assertEquals(1, r.code());
    assertTrue(r.err().contains("not a GPU index"), r.err());
  }
}
