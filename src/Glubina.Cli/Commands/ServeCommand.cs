using System.CommandLine;
using System.Text.Json.Nodes;
using Glubina.Cli.Runs;
using Glubina.Serving;

namespace Glubina.Cli.Commands;

/// <summary><c>glubina serve</c>: the HTTP inference server for a model file or a folder of models (over <see cref="InferenceServer"/>).</summary>
internal static class ServeCommand
{
    public static Command Create(CommandContext context)
    {
        var model = new Option<string>("--model", "-m") { Description = "A model file, or a folder of model files (watched: new and replaced files are picked up).", Required = true };
        var host = new Option<string>("--host") { Description = "Address to listen on (127.0.0.1, 0.0.0.0, ::, localhost).", DefaultValueFactory = _ => "127.0.0.1" };
        var port = new Option<int>("--port") { Description = "TCP port (0 picks a free one).", DefaultValueFactory = _ => 8080 };
        var batch = new Option<int>("--max-batch-size") { Description = "Most rows gathered into one forward pass (1 turns dynamic batching off).", DefaultValueFactory = _ => 32 };
        var log = new Option<string?>("--prediction-log") { Description = "Append every prediction (inputs and output) to this JSON-lines file, for drift analysis." };
        var command = context.Command("serve",
            "Serve models over HTTP (KServe v2 and a simple v1 predict API, health checks, Prometheus metrics at /metrics) until " +
            "Ctrl+C. See docs/deploy.md.",
            "glubina serve --model runs/iris/model.safetensors",
            "glubina serve --model models/ --host 0.0.0.0 --port 8080 --prediction-log predictions.jsonl");
        command.Add(model);
        command.Add(host);
        command.Add(port);
        command.Add(batch);
        command.Add(log);
        context.SetAction(command, parsed =>
        {
            string path = parsed.GetValue(model)!;
            if (!File.Exists(path) && !Directory.Exists(path))
                throw new CliException($"model file or folder not found: {path} (full path {Path.GetFullPath(path)}).");
            var options = new ServerOptions
            {
                ModelPath = path,
                Host = parsed.GetValue(host)!,
                Port = parsed.GetValue(port),
                MaxBatchSize = parsed.GetValue(batch),
                PredictionLogPath = parsed.GetValue(log),
            };
            try
            {
                options.Validate();
            }
            catch (ArgumentException e)
            {
                throw new CliException(e.Message, e);
            }
            context.Console.Line($"Serving {Path.GetFullPath(path)} on http://{options.Host}:{options.Port} (Ctrl+C to stop).");
            InferenceServer.RunAsync(options, context.Console.Cancellation).GetAwaiter().GetResult();
            return new JsonObject { ["model"] = Path.GetFullPath(path), ["host"] = options.Host, ["port"] = options.Port };
        });
        return command;
    }
}
