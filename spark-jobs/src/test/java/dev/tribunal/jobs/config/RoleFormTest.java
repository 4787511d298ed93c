package dev.tribunal.jobs.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tribunal.jobs.roles.JudgeRole;
import dev.tribunal.jobs.roles.MetaJudgeRole;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** "auto" role templates: the paper's full prompts unless the checkpoint declares its own form. */
class RoleFormTest {
  private static final Path SHIPPED_SEED = Path.of("..", "models", "seed").toAbsolutePath().normalize();
  private final ConfigLoader loader = new ConfigLoader(Map.<String, String>of()::get);

  private TribunalConfig load(String... overrides) {
    return loader.load(null, List.of(overrides));
  }

  @Test
  void theShippedSeedDeclaresTheCompactForm() {
    RolesConfig roles = load("models.checkpoint=" + SHIPPED_SEED).resolvedRoles();
    assertEquals(JudgeRole.COMPACT, roles.judge().template().text());
    assertEquals(MetaJudgeRole.COMPACT, roles.metaJudge(false).template().text());
  }

  @Test
  void aCheckpointThatDeclaresNothingGetsTheFullPrompts(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("tokenizer_config.json"), "{\"tokenizer_class\": \"PreTrainedTokenizerFast\"}");
    RolesConfig roles = load("models.checkpoint=" + dir).resolvedRoles();
    assertEquals(JudgeRole.FULL, roles.judge().template().text());
    assertEquals(MetaJudgeRole.FULL, roles.metaJudge(false).template().text());
  }

  @Test
  void aServedModelIsReadFromItsLocalCheckpointElseGetsTheFullPromptsAndAnExplicitChoiceWins(@TempDir Path dir) {
    assertEquals(JudgeRole.FULL, load("models.backend=http", "meta_rewarding.dpo.end_of_turn=false",
        "models.checkpoint=" + dir.resolve("absent")).resolvedRoles().judge().template().text());
    assertEquals(JudgeRole.COMPACT, load("models.backend=http", "meta_rewarding.dpo.end_of_turn=false",
        "models.checkpoint=" + SHIPPED_SEED).resolvedRoles().judge().template().text(), "the seed served over HTTP");
    assertEquals(JudgeRole.FULL, load("models.checkpoint=" + SHIPPED_SEED, "roles.judge_template=full")
        .resolvedRoles().judge().template().text());
  }

  @Test
  void anUnknownDeclaredFormIsNamed(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("tokenizer_config.json"), "{\"tribunal_role_templates\": \"tiny\"}");
    var e = assertThrows(ConfigException.class, () -> load("models.checkpoint=" + dir).resolvedRoles());
    assertEquals("models.checkpoint: " + dir.resolve("tokenizer_config.json")
        + " declares tribunal_role_templates 'tiny'; expected compact or full", e.getMessage());
  }
}
