package dev.tribunal.worker.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tribunal.worker.Capabilities;
import dev.tribunal.worker.Prompt;
import dev.tribunal.worker.ScoreRequest;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Rewards are a reward model's alone: a worker that does not provide them says which it is. */
class RewardDefaultTest {

  @Test
  void aWorkerWithoutRewardsRefusesNamingItselfThroughTheSerialWrapperToo() {
    FakeWorker fake = new FakeWorker();
    UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
        () -> new SerialWorker(fake).reward(List.of(new ScoreRequest(Prompt.user("q"), "a"))));
    assertEquals("backend FakeWorker (model fake-v1) computes no rewards; rewards come from a reward model in the"
        + " in-JVM runtime", e.getMessage());
    assertFalse(fake.capabilities().reward());
  }

  @Test
  void theRewardCapabilityIsItsOwnKind() {
    assertFalse(Capabilities.ALL.has(Capabilities.Need.REWARD));
    assertTrue(Capabilities.REWARD_MODEL.has(Capabilities.Need.REWARD));
    assertFalse(Capabilities.REWARD_MODEL.has(Capabilities.Need.PROMPT_LOGPROBS));
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> Capabilities.ALL.require("rm", "djl", Capabilities.Need.REWARD));
    assertEquals("role 'rm' needs reward but backend 'djl' does not provide it", e.getMessage());
  }
}
