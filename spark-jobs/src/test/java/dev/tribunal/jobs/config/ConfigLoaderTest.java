package dev.tribunal.jobs.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tribunal.jobs.seed.SeedConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  @TempDir Path dir;
  private final ConfigLoader loader = new ConfigLoader(Map.of("HOME_RUNS", "/data/runs", "TOKEN", "s3cr3t")::get);

  private Path yaml(String text) throws IOException {
    Path p = dir.resolve("c.yaml");
    Files.writeString(p, text);
    return p;
  }

  @Test
  void defaultsBindWithoutAFile() {
    TribunalConfig c = loader.load(null, List.of());
    assertEquals("runs", c.run().root());
    assertEquals(16000, c.input().maxPromptChars());
    assertFalse(c.input().strict());
    // tribunal seed with no settings must rebuild the shipped model.
    assertEquals(SeedConfig.defaults(), c.seed().config(c.world(), c.rlaif()));
  }

  @Test
  void fileThenOverridesWin() throws IOException {
    TribunalConfig c = loader.load(yaml("run:\n  id: nightly\ninput:\n  max_prompt_chars: 100\n"),
        List.of("input.max_prompt_chars=200", "input.strict=true"));
    assertEquals("nightly", c.run().id());
    assertEquals(200, c.input().maxPromptChars());
    assertTrue(c.input().strict());
  }

  @Test
  void unknownKeyIsNamedWithTheAllowedOnes() throws IOException {
    ConfigException e = assertThrows(ConfigException.class, () -> loader.load(yaml("input:\n  max_chars: 3\n"), List.of()));
    assertEquals("unknown key 'input.max_chars'; allowed here: max_prompt_chars, strict", e.getMessage());
    ConfigException top = assertThrows(ConfigException.class, () -> loader.load(null, List.of("runn.id=x")));
    assertTrue(top.getMessage().startsWith("unknown key 'runn'"), top.getMessage());
  }

  @Test
  void lockStalenessIsBoundAndChecked() {
    assertEquals(java.time.Duration.ofMinutes(10), loader.load(null, List.of()).run().lockStaleAfter());
    assertEquals(java.time.Duration.ofSeconds(90),
        loader.load(null, List.of("run.lock_stale_after_s=90")).run().lockStaleAfter());
    ConfigException e = assertThrows(ConfigException.class, () -> loader.load(null, List.of("run.lock_stale_after_s=1")));
    assertTrue(e.getMessage().startsWith("run.lock_stale_after_s: 1.0 is out of range"), e.getMessage());
  }

  @Test
  void badValuesAreNamed() throws IOException {
    ConfigException type = assertThrows(ConfigException.class,
        () -> loader.load(yaml("input:\n  max_prompt_chars: lots\n"), List.of()));
    assertTrue(type.getMessage().startsWith("input.max_prompt_chars: bad value"), type.getMessage());
    ConfigException range = assertThrows(ConfigException.class, () -> loader.load(null, List.of("input.max_prompt_chars=0")));
    assertEquals("input.max_prompt_chars: 0 is out of range; allowed 1 to 10000000", range.getMessage());
    ConfigException id = assertThrows(ConfigException.class, () -> loader.load(null, List.of("run.id=../x")));
    assertTrue(id.getMessage().startsWith("run.id: '../x' is not allowed"), id.getMessage());
    ConfigException shape = assertThrows(ConfigException.class, () -> loader.load(yaml("run: 3\n"), List.of()));
    assertEquals("run: must be a mapping", shape.getMessage());
  }

  @Test
  void environmentIsSubstituted() throws IOException {
    TribunalConfig c = loader.load(yaml("run:\n  root: ${HOME_RUNS}/x\n  id: ${RUN_ID:-fallback}\n"), List.of());
    assertEquals("/data/runs/x", c.run().root());
    assertEquals("fallback", c.run().id());
    ConfigException e = assertThrows(ConfigException.class, () -> loader.load(yaml("run:\n  id: ${NOPE}\n"), List.of()));
    assertEquals("run.id: environment variable NOPE is not set", e.getMessage());
  }

  @Test
  void freeFormSparkKeysKeepTheirDots() {
    TribunalConfig c = loader.load(null, List.of("spark.conf.spark.sql.shuffle.partitions=4"));
    assertEquals(Map.of("spark.sql.shuffle.partitions", "4"), c.spark().conf());
  }

  @Test
  void secretsAreMaskedInTheDump() throws IOException {
    var tree = loader.tree(yaml("spark:\n  conf:\n    spark.hadoop.fs.s3a.secret.key: ${TOKEN}\n    my.api_key: abc\n"), List.of());
    String dump = Secrets.dump(tree);
    assertFalse(dump.contains("s3cr3t"), dump);
    assertFalse(dump.contains("abc"), dump);
    assertTrue(dump.contains("*****"), dump);
    assertTrue(dump.contains("root: \"runs\"") || dump.contains("root: runs"), dump);
  }
}
