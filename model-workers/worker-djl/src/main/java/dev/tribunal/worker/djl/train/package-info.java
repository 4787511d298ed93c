/**
 * The DJL (PyTorch) training engine: SFT and the DPO family on the runtime's own Llama forward,
 * the distilled reward model (spec 2.6) on the same forward under a scalar score head, and BOND
 * (spec 3.3, 3.4) with J-BOND's EMA anchor.
 *
 * <p>Training the next model from preference pairs whose reference log-probs were computed by the
 * runtime's scorer (so only the policy runs here):
 * <pre>{@code
 * TrainingConfig config = TrainingConfig.builder(Objective.DPO)
 *     .beta(0.1).learningRate(5e-7).warmupSteps(10).schedule(Schedule.COSINE)
 *     .batchSize(8).gradAccumulation(4).epochs(1).seed(17).build();
 * List<TrainingExample> examples = List.of(
 *     TrainingExample.preference(promptIds, chosenIds, rejectedIds, refChosenLogp, refRejectedLogp));
 * TrainingRun run = new TrainingRun(parentDir, outputDir, metricsJsonl, iteration);
 * TrainingResult result = new DjlTrainer(Device.cpu()).train(config, examples, run);
 * result.checkpoint();   // outputDir: config.json, model.safetensors, tokenizer files, lineage.json
 * result.history();      // per step: loss, rewards/*, logps/*, grad_norm, lr, skipped_batches
 * }</pre>
 *
 * <p>Training runs on the calling thread, one run per JVM at a time (DJL allows a single
 * GradientCollector). Each optimizer step: chosen and rejected sequences of every micro-batch in
 * one right-padded batch, summed response log-probs under a GradientCollector, the objective's
 * loss divided by the whole step's weight, backward; then the global gradient norm (a non-finite
 * one, or a non-finite loss, skips the step), clipping, AdamW, zeroed gradients.
 *
 * <p>A reward model from soft-labelled pairs, through the same loop with the soft Bradley–Terry
 * loss in place of the policy's ({@link dev.tribunal.worker.djl.train.DjlRewardTrainer}):
 * <pre>{@code
 * TrainingConfig config = TrainingConfig.builder(Objective.REWARD)
 *     .learningRate(1e-5).batchSize(8).epochs(1).seed(17).build();
 * List<RewardPair> pairs = List.of(new RewardPair(Prompt.user(question), responseA, responseB, pA));
 * RewardTrainingRequest request = new RewardTrainingRequest(
 *     new TrainingRun(baseDir, outputDir, metricsJsonl, iteration), config, pairs, 0.1);
 * RewardTrainingResult result = new DjlRewardTrainer(Device.cpu()).train(request);
 * result.heldOutAccuracy();   // share of decisive held-out pairs the rewards order as labelled
 * DjlModelWorker.open(outputDir, "cpu").reward(List.of(new ScoreRequest(prompt, response)));
 * }</pre>
 *
 * <p>A BOND round through the same loop with the J_β loss ({@link
 * dev.tribunal.worker.djl.train.DjlBondTrainer}); the caller scores the samples and computes the
 * rewards, then moves J-BOND's anchor:
 * <pre>{@code
 * TrainingConfig config = TrainingConfig.builder(Objective.BOND)
 *     .bondBeta(0.5).learningRate(1e-6).batchSize(8).epochs(1).seed(17).build();
 * List<BondExample> examples = List.of(
 *     BondExample.forward(prompt, betterAnchorSample),                 // SFT on Best-of-2
 *     BondExample.backward(prompt, policySample, beatsWorse ? 0 : -10, 0));
 * DjlBondTrainer bond = new DjlBondTrainer(Device.cpu());
 * TrainingResult result = bond.train(new BondTrainingRequest(
 *     new TrainingRun(policyDir, nextPolicyDir, metricsJsonl, iteration), config, examples));
 * bond.updateAnchor(new AnchorUpdate(anchorDir, nextPolicyDir, 0.05, nextAnchorDir, iteration));
 * }</pre>
 */
package dev.tribunal.worker.djl.train;
