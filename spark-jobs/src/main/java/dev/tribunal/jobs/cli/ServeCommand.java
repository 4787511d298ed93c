package dev.tribunal.jobs.cli;

import dev.tribunal.jobs.config.ConfigException;
import dev.tribunal.worker.djl.DjlModelWorker;
import dev.tribunal.worker.http.ApiKeySource;
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
        "POST /v1/completions (logprobs, echo), POST /v1/chat/completions (both can stream), GET /v1/models,",
        "GET /health. Bound to loopback unless --host says otherwise; beyond loopback an API key is required",
        "(--api-key-env or --api-key-file), which clients send as 'Authorization: Bearer KEY'. Stop with Ctrl-C."})
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

  @Option(names = "--api-key-env", paramLabel = "NAME",
      description = "Environment variable holding the API key clients must send (the key itself never goes on the command line).")
  String apiKeyEnv;

  @Option(names = "--api-key-file", paramLabel = "PATH", description = "File holding the API key clients must send.")
  String apiKeyFile;

  @Override
  public Integer call() throws InterruptedException {
    if (!Files.isRegularFile(model.resolve("config.json"))) {
      throw new ConfigException("--model: no config.json in " + model);
    }
    ApiKeySource key = apiKey();
    DjlModelWorker worker = DjlModelWorker.open(model.toAbsolutePath().normalize(), device);
    OpenAiServer server;
    try {
      server = OpenAiServer.start(worker, ServeOptions.of(host, port).withModelName(worker.modelVersion()).withApiKey(key));
    } catch (IllegalArgumentException | IllegalStateException e) {
      // No key beyond loopback, or a key source that yields nothing: the command line is at fault.
      worker.close();
      throw new ConfigException(e.getMessage());
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      worker.close();
    }));
    System.out.printf("serving %s on http://%s:%d/v1%n", worker.modelVersion(), host, server.port());
    System.out.flush();
    server.awaitClose();
    return ExitCodes.OK;
  }

  private ApiKeySource apiKey() {
    try {
      return new ApiKeySource(apiKeyEnv, apiKeyFile);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("--api-key-env/--api-key-file: " + e.getMessage());
    }
  }
}
