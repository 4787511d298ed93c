package dev.tribunal.jobs.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class RlaifConfigTest {
  private final ConfigLoader loader = new ConfigLoader(k -> null);

  private void refused(String expected, String... overrides) {
    ConfigException e = assertThrows(ConfigException.class, () -> loader.load(null, List.of(overrides)));
    assertTrue(e.getMessage().contains(expected), e.getMessage());
  }

  @Test
  void theDefaultsAreThePapersTwoStepReading() {
    RlaifConfig c = loader.load(null, List.of()).rlaif();
    assertEquals(List.of("1", "2"), c.labelTokens());
    assertEquals("Preferred Response=", c.ending());
    assertTrue(c.bothOrders());
    assertEquals(RlaifConfig.PromptForm.TEXT, c.form());
  }

  @Test
  void settingsThatCannotWorkAreRefusedByKey() {
    refused("rlaif.self_consistency", "rlaif.chain_of_thought=true", "rlaif.self_consistency=4");
    refused("needs rlaif.chain_of_thought", "rlaif.self_consistency=4", "rlaif.rationale.temperature=1.0");
    refused("rlaif.label_tokens", "rlaif.label_tokens=[\"1\", \"1\"]");
    refused("rlaif.prompt_form", "rlaif.prompt_form=html");
    assertEquals(4, loader.load(null, List.of("rlaif.chain_of_thought=true", "rlaif.self_consistency=4",
        "rlaif.rationale.temperature=1.0")).rlaif().selfConsistency());
  }
}
