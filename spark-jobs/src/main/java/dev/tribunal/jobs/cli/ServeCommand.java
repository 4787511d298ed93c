package dev.tribunal.jobs.cli;

import dev.tribunal.worker.djl.DjlModelWorker;
import dev.tribunal.worker.serve.OpenAiServer;
import dev.tribunal.worker.serve.ServeOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "serve", mixinStandardHelpOptions = true,
    description = {
        "Serve a checkpoint over an OpenAI-compatible HTTP API, with the in-JVM runtime:",
        "POST /v1/completions (logprobs, echo), POST /v1/chat/completions, GET /v1/models, GET /health.",
        "Bound to loopback unless --host says otherwise. Stop with Ctrl-C."})
final class ServeCommand implements Callable<Integer> {
  @Option(names = "--model", required = true, paramLabel = "DIR",
      description = "A Hugging Face-format Llama-family checkpoint directory (config.json, model.safetensors, tokenizer.json).")
  Path model;

  @Option(names = "--host", defaultValue = ServeOptions.LOOPBACK, description = "Address to bind. Default: ${DEFAULT-VALUE}.")
  String host;

  @Option(names = "--port", defaultValue = "8000", description = "Port (0 picks a free one). Default: ${DEFAULT-VALUE}.")
  int port;

  @Option(names = "--device", defaultValue = "cpu", description = "cpu or gpu:N. Default: ${DEFAULT-VALUE}.")
  String device;

  @Override
  public Integer call() throws InterruptedException {
    if (!Files.isRegularFile(model.resolve("config.json"))) {
      throw new dev.tribunal.jobs.config.ConfigException("--model: no config.json in " + model);
    }
    DjlModelWorker worker = DjlModelWorker.open(model.toAbsolutePath().normalize(), device);
    OpenAiServer server = OpenAiServer.start(worker,
        ServeOptions.of(host, port).withModelName(worker.modelVersion()));
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      worker.close();
    }));
    System.out.printf("serving %s on http://%s:%d/v1%n", worker.modelVersion(), host, server.port());
    System.out.flush();
    server.awaitClose();
    return ExitCodes.OK;
  }
}
